import Testing

@testable import KalshiAPI

struct JSONByteReaderTests {
    /// The eight-bytes-at-a-time string scan must find exactly the first byte that is a quote, a
    /// backslash, a control character or non-ASCII.
    @Test func theWordScanFindsTheFirstByteThatNeedsALook() {
        func needsLook(_ byte: UInt8) -> Bool { byte == 0x22 || byte == 0x5C || byte < 0x20 || byte >= 0x80 }
        func firstFlagged(_ bytes: [UInt8]) -> Int {
            let word = bytes.withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(as: UInt64.self)) }
            let flags = JSONByteReader.bytesNeedingALook(word)
            return flags == 0 ? 8 : flags.trailingZeroBitCount / 8
        }
        for position in 0..<8 {
            for value in UInt8.min...UInt8.max {
                var bytes = [UInt8](repeating: UInt8(ascii: "a"), count: 8)
                bytes[position] = value
                #expect(firstFlagged(bytes) == (needsLook(value) ? position : 8), "byte \(value) at \(position)")
            }
        }
        var random = SeededRandom(seed: 61)
        let interesting: [UInt8] = [0x00, 0x1F, 0x20, 0x21, 0x22, 0x23, 0x5B, 0x5C, 0x5D, 0x7F, 0x80, 0x9F, 0xA0, 0xFF]
        for _ in 0..<100_000 {
            let bytes = (0..<8).map { _ in
                random.chance(50) ? random.pick(interesting) : UInt8(truncatingIfNeeded: random.next())
            }
            #expect(firstFlagged(bytes) == (bytes.firstIndex(where: needsLook) ?? 8), "\(bytes)")
        }
    }

    /// Strings of every length around the word size, ending at the buffer's end or not.
    @Test func stringsOfEveryLengthAreReadWhole() throws {
        for length in 0...40 {
            for suffix in ["", "}", "        ]"] {
                let content = String((0..<length).map { Character(UnicodeScalar(UInt8(ascii: "a") + UInt8($0 % 26))) })
                let text = "\"" + content + "\"" + suffix
                let bytes = Array(text.utf8)
                let span = try bytes.withUnsafeBytes { buffer throws(ScanExit) in
                    var reader = JSONByteReader(base: buffer.baseAddress!, count: buffer.count)
                    return try reader.readValue(depth: 1)
                }
                #expect(span.kind == .string && span.isVerbatim && span.start == 1 && span.length == length)
            }
        }
    }

    @Test(arguments: [
        ("0", true), ("-0", true), ("7", true), ("-123456789012345678", false), ("12345678901234567", true),
        ("123456789012345678", true), ("1234567890123456789", false), ("1.0", false), ("-0.5", false),
    ])
    func numbersAreVerbatimOnlyAsShortIntegers(text: String, verbatim: Bool) throws {
        let bytes = Array(text.utf8)
        let span = try bytes.withUnsafeBytes { buffer throws(ScanExit) in
            var reader = JSONByteReader(base: buffer.baseAddress!, count: buffer.count)
            return try reader.readValue(depth: 1)
        }
        #expect(span.kind == .number && span.isVerbatim == verbatim && span.length == bytes.count)
    }
}
