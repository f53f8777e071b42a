import Foundation
import KalshiCore
import Testing

@testable import KalshiAPI

/// `EscapedDeltaLine` reads a capture's delta line in place, without unescaping `raw`. Whenever it
/// answers, the answer must be the general path's (and so the reference's); anything it does not
/// recognise must reach the general path unchanged.
struct EscapedDeltaLineTests {
    /// A delta line as a capture holds it: Kalshi's member order, the frame's own newline.
    static func kalshiLine(
        receivedAtNs: String = "1776490489853145000", sid: String = "1", seq: String = "9",
        ticker: String = "KXBTC-26APR1817-B76875", price: String = "0.8100", delta: String = "-5000.00", side: String = "no",
        newline: Bool = true, spaced: Bool = true
    ) -> String {
        let frame =
            #"{\"type\":\"orderbook_delta\",\"sid\":\#(sid),\"seq\":\#(seq),\"msg\":{\"market_ticker\":\"\#(ticker)\",\"market_id\":\"40b92a88-8bde-4a7e-9d41-da979865ae04\",\"price_dollars\":\"\#(price)\",\"delta_fp\":\"\#(delta)\",\"side\":\"\#(side)\",\"ts\":\"2026-04-18T05:34:49.816683Z\"}}"#
            + (newline ? #"\n"# : "")
        return spaced
            ? #"{"recv_ts_ns": \#(receivedAtNs), "raw": "\#(frame)"}"# : #"{"recv_ts_ns":\#(receivedAtNs),"raw":"\#(frame)"}"#
    }

    static func matches(_ line: String) -> Bool {
        var text = line
        return text.withUTF8 { EscapedDeltaLine.match(UnsafeRawBufferPointer($0)) } != nil
    }

    @Test func kalshiSpelledDeltaLinesAreReadInPlaceAndDecodeAsTheReferenceDoes() throws {
        var decoder = RecordedLineDecoder()
        let lines = [
            Self.kalshiLine(), Self.kalshiLine(newline: false), Self.kalshiLine(spaced: false),
            Self.kalshiLine(receivedAtNs: "0", sid: "0", seq: "0", price: "0.46", delta: "168.00", side: "yes"),
            Self.kalshiLine(receivedAtNs: "9223372036854775807", sid: "123456789012345678", seq: "999999999999999999"),
            Self.kalshiLine(ticker: "T\u{7F}~ !#", price: "1.0000", delta: "0"), Self.kalshiLine(price: "0", delta: "-0.01"),
        ]
        for line in lines {
            #expect(Self.matches(line), "\(line)")
            RecordedLineDecoderTests.expectAlike(line, &decoder)
        }
        let decoded = try decoder.decode(Self.kalshiLine())
        let expected = OrderbookDeltaUpdate(
            marketTicker: "KXBTC-26APR1817-B76875",
            delta: BookDelta(side: .no, price: try Price(parsing: "0.81"), delta: try Quantity(parsingSigned: "-5000")))
        #expect(decoded == .frame(receivedAtNs: 1_776_490_489_853_145_000, .orderbookDelta(sid: 1, seq: 9, expected)))
    }

    /// Lines that look like the template but are not exactly it go the general way, which decides.
    @Test func nearMissesGoTheGeneralWay() {
        let lines = [
            Self.kalshiLine(receivedAtNs: "9223372036854775808"), Self.kalshiLine(receivedAtNs: "01"),
            Self.kalshiLine(receivedAtNs: "5.0"), Self.kalshiLine(receivedAtNs: "5e3"), Self.kalshiLine(receivedAtNs: "-5"),
            Self.kalshiLine(sid: "1234567890123456789"), Self.kalshiLine(sid: "01"), Self.kalshiLine(seq: "-1"),
            Self.kalshiLine(seq: "2.5"), Self.kalshiLine(ticker: ""), Self.kalshiLine(ticker: "KX\\u00e9"),
            Self.kalshiLine(ticker: "KXé"), Self.kalshiLine(price: "1.5"), Self.kalshiLine(price: "abc"),
            Self.kalshiLine(price: "0.12345"), Self.kalshiLine(delta: "1e3"), Self.kalshiLine(delta: ""),
            Self.kalshiLine(side: "YES"), Self.kalshiLine(side: ""), Self.kalshiLine(ticker: "a\\/b"),
            Self.kalshiLine() + " x", Self.kalshiLine().replacingOccurrences(of: #"}}\n""#, with: #"}} \t""#),
            Self.kalshiLine().replacingOccurrences(of: #"\"sid\""#, with: #"\"id\":4,\"sid\""#),
        ]
        var decoder = RecordedLineDecoder()
        for line in lines { RecordedLineDecoderTests.expectAlike(line, &decoder) }
        // Those the template refuses outright (the last lines are valid JSON it simply does not spell).
        for line in lines.prefix(20) { #expect(!Self.matches(line), "\(line)") }
    }

    /// Seeded byte mutations of template lines: every mutant decodes as the reference does, and
    /// enough of them still match the template for its own checks to be exercised.
    @Test(arguments: [UInt64(3), 4])
    func mutatedLinesDecodeAsTheReferenceDoes(seed: UInt64) {
        var random = SplitMixRandom(seed: seed)
        let alphabet = Array(#"\"{}[],:0123456789.-eE nyestu/"#.utf8) + [0x01, 0x7F, 0xC3, 0xA9, 0x0A]
        let bases = [
            Self.kalshiLine(), Self.kalshiLine(newline: false, spaced: false),
            Self.kalshiLine(sid: "12", seq: "345", price: "0.5", delta: "12.50", side: "yes"),
        ]
        var decoder = RecordedLineDecoder()
        var matched = 0
        for round in 0..<3_000 {
            var bytes = Array(bases[round % bases.count].utf8)
            for _ in 0...(random.next() % 2) {
                let at = Int(random.next() % UInt64(bytes.count))
                switch random.next() % 3 {
                case 0: bytes[at] = alphabet[Int(random.next() % UInt64(alphabet.count))]
                case 1: bytes.remove(at: at)
                default: bytes.insert(alphabet[Int(random.next() % UInt64(alphabet.count))], at: at)
                }
            }
            let line = String(decoding: bytes, as: UTF8.self)
            guard Array(line.utf8) == bytes else { continue }  // invalid UTF-8 is repaired on the way to a String
            if Self.matches(line) { matched += 1 }
            RecordedLineDecoderTests.expectAlike(line, &decoder)
        }
        #expect(matched > 300, "only \(matched) mutants matched the template")
    }

    @Test(.enabled(if: Fixtures.exists(Fixtures.orderbookCapture), "needs ../shared/data/kalshi"))
    func everyCapturedDeltaLineIsReadInPlace() throws {
        let lines = try Fixtures.lines(Fixtures.orderbookCapture)
        let deltas = lines.filter { $0.contains(#"\"type\":\"orderbook_delta\""#) }
        #expect(deltas.count == 61)
        #expect(deltas.allSatisfy(Self.matches))
    }
}
