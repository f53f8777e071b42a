import Foundation
import Testing

@testable import KalshiAPI

/// `readStringUnescaping` gives back exactly the string Foundation encoded, in one pass, at every
/// length around the word size and with escapes anywhere; and it refuses what `readStringBody` refuses.
struct JSONStringUnescapingTests {
    static func unescape(_ json: String) throws -> (value: [UInt8], end: Int) {
        let bytes = Array(json.utf8)
        var output = [UInt8](repeating: 0, count: bytes.count + 8)
        var end = 0
        let written = try bytes.withUnsafeBytes { buffer in
            try output.withUnsafeMutableBytes { out in
                var reader = JSONByteReader(base: buffer.baseAddress!, count: buffer.count, index: 1)
                defer { end = reader.index }
                return try reader.readStringUnescaping(into: out)
            }
        }
        return (Array(output[0..<written]), end)
    }

    @Test func encodedStringsComeBackWhole() throws {
        var random = SeededRandom(seed: 77)
        let pieces = ["a", "\"", "\\", "/", "\n", "\t", "\r", "\u{08}", "\u{0C}", "\u{01}", "é", "€", "𝄞", "{\"type\":1}", "0123456789"]
        for length in 0..<300 {
            let text = (0..<(length % 40)).map { _ in random.pick(pieces) }.joined()
            let json = String(decoding: try JSONSerialization.data(withJSONObject: [text], options: [.fragmentsAllowed]), as: UTF8.self)
            let quoted = String(json.dropFirst().dropLast())  // `"…"`
            let (value, end) = try Self.unescape(quoted + " tail")
            #expect(String(decoding: value, as: UTF8.self) == text, "\(quoted)")
            #expect(end == quoted.utf8.count, "stops after the closing quote")
        }
        // `\u` escapes, including ones Foundation does not write.
        #expect(try Self.unescape(#""\u0041\u00e9\u20AC\u002f""#).value == Array("Aé€/".utf8))
    }

    @Test func whatTheStringReaderRefusesIsRefused() {
        for bad in [#""abc"#, #""a\qb""#, "\"a\u{01}b\"", #""\u12""#, #""\u12G4""#, #""abcdefghijkl"#] {
            #expect(throws: ScanExit.self, "\(bad)") { _ = try Self.unescape(bad) }
        }
    }
}
