import Foundation
import KalshiCore
import Testing

@testable import KalshiAPI

/// Recording lines through `RecordedLineDecoder` and through the reference (`RecordedFrame.parse`,
/// then `KalshiFrameDecoder`, as the live feed reads frames): the same frame, receive time and error for every line, with book
/// frames taking the fast path whether bare or wrapped, escaped or not.
struct RecordedLineDecoderTests {
    /// The reference reading of a line.
    static func reference(_ line: String) -> Result<RecordedLineDecoder.Line, FrameDecodingError> {
        guard line.contains(where: { !$0.isWhitespace }) else { return .success(.blank) }
        return Result { () throws(FrameDecodingError) in
            let frame = try RecordedFrame.parse(line: line)
            return .frame(receivedAtNs: frame.receivedAtNs, try KalshiFrameDecoder.decode(frame.text))
        }
    }

    static func expectAlike(_ line: String, _ decoder: inout RecordedLineDecoder, sourceLocation: SourceLocation = #_sourceLocation) {
        let decoded = Result { () throws(FrameDecodingError) in try decoder.decode(line) }
        switch (decoded, reference(line)) {
        case (.success(let ours), .success(let theirs)):
            #expect(ours == theirs, "\(line.debugDescription)", sourceLocation: sourceLocation)
        case (.failure(let ours), .failure(let theirs)):
            #expect(ours == theirs, "\(line.debugDescription)", sourceLocation: sourceLocation)
        default:
            Issue.record("\(line.debugDescription): ours \(decoded), reference \(reference(line))", sourceLocation: sourceLocation)
        }
    }

    /// A capture wrapper around `frame`, its text escaped by Foundation (which writes `\/` too).
    static func wrap(_ frame: String, receivedAtNs: String? = "1776500000123456789", rawFirst: Bool = false) throws -> String {
        let escaped = String(decoding: try JSONSerialization.data(withJSONObject: [frame], options: [.fragmentsAllowed]), as: UTF8.self)
        let raw = "\"raw\":" + escaped.dropFirst().dropLast()
        guard let receivedAtNs else { return "{\(raw)}" }
        return rawFirst ? "{\(raw),\"recv_ts_ns\":\(receivedAtNs)}" : "{\"recv_ts_ns\":\(receivedAtNs),\(raw)}"
    }

    @Test(.enabled(if: Fixtures.exists(Fixtures.orderbookCapture), "needs ../shared/data/kalshi"))
    func everyCapturedLineDecodesAsTheReferenceDoes() throws {
        var decoder = RecordedLineDecoder()
        for line in try Fixtures.lines(Fixtures.orderbookCapture) { Self.expectAlike(line, &decoder) }
        // 8 snapshots and 61 deltas go fast; 2 `subscribed` acks and 3 exchange errors do not.
        #expect(decoder.fastLines == 69 && decoder.referenceLines == 5)
    }

    @Test(arguments: [UInt64(21), 22, 23])
    func generatedFramesDecodeAlikeBareAndWrapped(seed: UInt64) throws {
        var generator = BookFrameGenerator(seed: seed)
        var decoder = RecordedLineDecoder()
        let count = 400
        for index in 0..<count {
            let (frame, expected) = index % 3 == 0 ? generator.snapshot() : generator.delta()
            for line in [
                frame, try Self.wrap(frame), try Self.wrap(frame, rawFirst: true), try Self.wrap(frame, receivedAtNs: nil),
                try Self.wrap(frame, receivedAtNs: "null"),
            ] {
                Self.expectAlike(line, &decoder)
                if case .frame(_, let message) = try decoder.decode(line) { #expect(message == expected) }
            }
        }
        // Fallbacks come only from the generator's rarer escapes and exponents inside frames.
        #expect(decoder.fastLines > count * 5 * 4 / 5, "only \(decoder.fastLines) of \(count * 5) lines went fast")
    }

    @Test func edgeLinesDecodeAsTheReferenceDoes() throws {
        let delta = #"{"type":"orderbook_delta","sid":3,"seq":9,"msg":{"market_ticker":"KXBTCD-26APR1817-T84999.99","price_dollars":"0.4200","delta_fp":"-10.00","side":"yes"}}"#
        let unicodeTicker = #"{"type":"orderbook_delta","sid":3,"seq":9,"msg":{"market_ticker":"KX-é","price_dollars":"0.4200","delta_fp":"1.00","side":"no"}}"#
        let lines: [String] = [
            "", "   ", "\t", delta, " \(delta) ", try Self.wrap(delta), try Self.wrap(unicodeTicker),
            // The frame escaped with \u sequences, as another writer might.
            #"{"recv_ts_ns":5,"raw":"{\u0022type\u0022:\u0022orderbook_delta\u0022,\u0022sid\u0022:1,\u0022seq\u0022:2,\u0022msg\u0022:{\u0022market_ticker\u0022:\u0022T\u00e9\u0022,\u0022price_dollars\u0022:\u00220.1000\u0022,\u0022delta_fp\u0022:\u00221.00\u0022,\u0022side\u0022:\u0022yes\u0022}}"}"#,
            // Receive times the fast path leaves to the reference: a string, a fraction, an exponent, out of range.
            try Self.wrap(delta, receivedAtNs: "\"5\""), try Self.wrap(delta, receivedAtNs: "5.5"), try Self.wrap(delta, receivedAtNs: "5e3"),
            try Self.wrap(delta, receivedAtNs: "99999999999999999999999"),
            // `raw` that is not a string, null, or beside a `type` (then the line is the frame).
            #"{"recv_ts_ns":1,"raw":7}"#, #"{"recv_ts_ns":1,"raw":null}"#,
            #"{"type":"orderbook_delta","raw":"x","sid":3,"seq":9,"msg":{"market_ticker":"T","price_dollars":"0.42","delta_fp":"1","side":"yes"}}"#,
            #"{"raw":"{}","type":null}"#,
            // A wrapper whose frame is broken, and broken wrappers.
            try Self.wrap(String(delta.dropLast())), try Self.wrap("not json"), #"{"recv_ts_ns":1,"raw":"{}""#, #"{"raw":"a\qb"}"#,
            #"{"raw":"{}","raw":"{}"}"#, "[1,2]", "\"raw\"", "{\"raw\":\"\\ud800\"}",
            // A trailing comma: JSONSerialization takes it, the fast path (and so the live feed) does not.
            try Self.wrap(#"{"type":"orderbook_delta","sid":1,"seq":1,"msg":{"market_ticker":"T","price_dollars":"0.42","delta_fp":"1","side":"yes"},}"#),
            // Non-book frames wrapped.
            try Self.wrap(#"{"type":"subscribed","id":1,"msg":{"channel":"orderbook_delta","sid":3}}"#),
            try Self.wrap(#"{"type":"error","id":2,"msg":{"code":6,"msg":"Already subscribed"}}"#),
        ]
        var decoder = RecordedLineDecoder()
        for line in lines { Self.expectAlike(line, &decoder) }
        #expect(decoder.fastLines >= 5)
    }
}
