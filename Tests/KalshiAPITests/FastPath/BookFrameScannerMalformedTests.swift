import KalshiCore
import Testing

@testable import KalshiAPI

/// Malformed frames: rejected by both decoders, the same way, and never a crash.
struct BookFrameScannerMalformedTests {
    static let delta =
        #"{"type":"orderbook_delta","sid":1,"seq":9,"msg":{"market_ticker":"KXBTC-26APR1817-B76875","market_id":"40b92a88-8bde-4a7e-9d41-da979865ae04","price_dollars":"0.8100","delta_fp":"-5000.00","side":"no","ts":"2026-04-18T05:34:49.816683Z","ts_ms":1776490489816,"client_order_id":"mine","subaccount":3}}"#
    static let snapshot =
        #"{"type":"orderbook_snapshot","sid":2,"seq":2,"msg":{"market_ticker":"FED-23DEC-T3.00","market_id":"9b0f","yes_dollars_fp":[["0.0800","300.00"],["0.2200","333.00"]],"no_dollars_fp":[["0.5400","20.00"],["0.5600","146.00"]]}}"#
    /// Unknown members of every type, nested, with escapes, non-ASCII and whitespace.
    static let busyDelta = """
        { "extra" : {"a":[1,-2.5,true,false,null,{"b":"\\u00e9\\n\\"q\\\\"}],"c":{}}, "msg":\t{"side":"yes","x":[],\
        "delta_fp":"51.88","price_dollars":"0.42","note":"déjà 😀","market_ticker":"KXBTCD-26APR1817-T76875"},
        "seq" : 10 ,"type":"orderbook_delta","sid":1,"list":[[[]],[{}]] }
        """

    @Test(arguments: [delta, snapshot, busyDelta])
    func theSampleFramesAreValid(frame: String) {
        #expect(DifferentialCheck.check(frame) == .decoded)
    }

    /// Every strict prefix of a valid frame is malformed, for both decoders.
    @Test(arguments: [delta, snapshot, busyDelta])
    func truncationAtEveryByteIsRejected(frame: String) {
        let bytes = Array(frame.utf8)
        for length in 0..<bytes.count {
            let text = String(decoding: bytes[..<length], as: UTF8.self)
            let fast = Result { () throws(FrameDecodingError) in try BookFrameScanner.scan(text) }
            if case .success(let frame?) = fast { Issue.record("prefix of \(length) bytes decoded as \(frame)") }
            #expect(throws: FrameDecodingError.self, "reference, \(length) bytes") { try KalshiWSDecoder.decode(text) }
            #expect(throws: FrameDecodingError.self, "\(length) bytes") { try KalshiFrameDecoder.decode(text) }
            DifferentialCheck.check(text)
        }
    }

    static let prefix = #"{"type":"orderbook_delta","sid":1,"seq":9,"msg":{"market_ticker":"X","#
    static let validTail = #""price_dollars":"0.5","delta_fp":"1.00","side":"yes"}}"#

    /// Syntax errors: both say `notJSON`.
    @Test(arguments: [
        "{", "{}x", "{ ", #"{"type""#, #"{"type":"orderbook_delta""#, #"{"type":"orderbook_delta","#,
        #"{"type":"orderbook_delta" "sid":1,"msg":{}}"#,
        #"{"type" "orderbook_delta","sid":1,"msg":{}}"#,
        #"{"type":"orderbook_delta",,"sid":1,"msg":{}}"#,
        #"{,"type":"orderbook_delta","sid":1,"msg":{}}"#,
        #"{type:"orderbook_delta","sid":1,"msg":{}}"#,
        #"{'type':'orderbook_delta','sid':1,'msg':{}}"#,
        prefix + validTail + "x",
        prefix + validTail + "}",
        prefix + validTail + "{}",
        prefix + validTail + "]",
        prefix + validTail + " \u{0C}",
        prefix + validTail + "\u{00}",
        prefix + validTail + "\u{A0}",
        prefix + "\u{0B}" + validTail,
        prefix + #""x":01,"# + validTail,
        prefix + #""x":-01,"# + validTail,
        prefix + #""x":-,"# + validTail,
        prefix + #""x":1.,"# + validTail,
        prefix + #""x":.5,"# + validTail,
        prefix + #""x":+1,"# + validTail,
        prefix + #""x":NaN,"# + validTail,
        prefix + #""x":Infinity,"# + validTail,
        prefix + #""x":tru,"# + validTail,
        prefix + #""x":nul,"# + validTail,
        prefix + #""x":True,"# + validTail,
        prefix + #""x":{"a"},"# + validTail,
        prefix + #""x":{"a":},"# + validTail,
        prefix + #""x":{,},"# + validTail,
        prefix + #""x":{"a":1,,"b":2},"# + validTail,
        prefix + #""x":[1 2],"# + validTail,
        prefix + #""x":[1,,2],"# + validTail,
        prefix + #""x":[,1],"# + validTail,
        prefix + #""x":[1},"# + validTail,
        prefix + #""x":{"a":1],"# + validTail,
        prefix + #""x":"\x","# + validTail,
        prefix + #""x":"\u12","# + validTail,
        prefix + #""x":"\u12G4","# + validTail,
        prefix + "\"x\":\"a\u{01}b\"," + validTail,
        prefix + "\"x\":\"a\tb\"," + validTail,
        prefix + "\"x\":\"a\nb\"," + validTail,
        prefix + #""x":"unterminated,"# + validTail,
        #"{"type":"orderbook_delta","sid":1,"seq":9,"msg":{"market_ticker":"X\q","price_dollars":"0.5","delta_fp":"1.00","side":"yes"}}"#,
        #"{"type":"orderbook_delta","sid":1,"seq":9,"msg":{"market_ticker":"X","price_dollars":"0.5","delta_fp":"1.00","side":"yes"}"#,
        #"{"type":"orderbook_delta","sid":1,"seq":9,"msg":{"market_ticker":"X","price_dollars":"0.5","delta_fp":"1.00","side":"yes"]}"#,
        #"{"type":"orderbook_delta","sid":1,"seq":9 "msg":{"market_ticker":"X","price_dollars":"0.5","delta_fp":"1.00","side":"yes"}}"#,
        #"{"type":"orderbook_delta","sid":1,"seq":9,"msg":{"market_ticker":"X","price_dollars" "0.5","delta_fp":"1.00","side":"yes"}}"#,
        #"{"type":"orderbook_delta","sid":1,"seq":9,"msg":{"market_ticker":"X","price_dollars":"0.5""delta_fp":"1.00","side":"yes"}}"#,
        #"{"type":"orderbook_snapshot","sid":1,"seq":1,"msg":{"market_ticker":"X","yes_dollars_fp":[["0.5","1.00"]["0.6","1.00"]]}}"#,
        #"{"type":"orderbook_snapshot","sid":1,"seq":1,"msg":{"market_ticker":"X","yes_dollars_fp":[["0.5":"1.00"]]}}"#,
    ])
    func syntaxErrorsAreNotJSONForBoth(frame: String) {
        #expect(throws: FrameDecodingError.self) { try KalshiWSDecoder.decode(frame) }
        #expect(throws: FrameDecodingError.self) { try KalshiFrameDecoder.decode(frame) }
        let fast = Result { () throws(FrameDecodingError) in try BookFrameScanner.scan(frame) }
        switch fast {
        case .failure(.notJSON), .success(nil): break
        default: Issue.record("fast path: \(fast)")
        }
        #expect(DifferentialCheck.check(frame) != .decoded)
    }

    /// Semantic errors: both throw the very same error.
    @Test(arguments: [
        (#"{"type":"orderbook_delta","sid":"1","msg":{}}"#, FrameDecodingError.wrongType(field: "sid", expected: "an integer")),
        (#"{"type":"orderbook_delta","sid":true,"msg":{}}"#, .wrongType(field: "sid", expected: "an integer")),
        (#"{"type":"orderbook_delta","sid":1,"seq":"9","msg":{}}"#, .wrongType(field: "seq", expected: "an integer")),
        (#"{"type":"orderbook_delta","id":"a","sid":1,"msg":{}}"#, .wrongType(field: "id", expected: "an integer")),
        (#"{"type":"orderbook_delta","seq":1,"msg":{}}"#, .missingField("sid")),
        (#"{"type":"orderbook_delta","sid":null,"seq":1,"msg":{}}"#, .missingField("sid")),
        (#"{"type":"orderbook_delta","sid":1,"seq":1}"#, .missingField("msg")),
        (#"{"type":"orderbook_delta","sid":1,"seq":1,"msg":null}"#, .missingField("msg")),
        (#"{"type":"orderbook_delta","sid":1,"seq":1,"msg":[]}"#, .wrongType(field: "msg", expected: "an object")),
        (#"{"msg":{"side":"yes"},"sid":1,"type":"orderbook_delta"}"#, .missingField("msg.market_ticker")),
        (
            #"{"type":"orderbook_delta","sid":1,"msg":{"market_ticker":"","price_dollars":"0.5","delta_fp":"1.00","side":"yes"}}"#,
            .invalidValue(field: "msg.market_ticker", value: "", reason: "empty")
        ),
        (
            #"{"type":"orderbook_delta","sid":1,"msg":{"market_ticker":7,"price_dollars":"0.5","delta_fp":"1.00","side":"yes"}}"#,
            .wrongType(field: "msg.market_ticker", expected: "a string")
        ),
        (
            #"{"type":"orderbook_delta","sid":1,"msg":{"market_ticker":"X","price_dollars":"1.5","delta_fp":"1.00","side":"yes"}}"#,
            .invalidValue(field: "msg.price_dollars", value: "1.5", reason: "'1.5' is out of range (allowed: 0.0000...1.0000)")
        ),
        (
            #"{"type":"orderbook_delta","sid":1,"msg":{"market_ticker":"X","price_dollars":0.5,"delta_fp":"1.00","side":"yes"}}"#,
            .wrongType(field: "msg.price_dollars", expected: "a string")
        ),
        (
            #"{"type":"orderbook_delta","sid":1,"msg":{"market_ticker":"X","price_dollars":"0.5","delta_fp":"abc","side":"yes"}}"#,
            .invalidValue(field: "msg.delta_fp", value: "abc", reason: "'abc' is not a decimal number")
        ),
        (
            #"{"type":"orderbook_delta","sid":1,"msg":{"market_ticker":"X","price_dollars":"0.5","delta_fp":"1.001","side":"yes"}}"#,
            .invalidValue(field: "msg.delta_fp", value: "1.001", reason: "'1.001' has more than 2 decimal places")
        ),
        (
            #"{"type":"orderbook_delta","sid":1,"msg":{"market_ticker":"X","price_dollars":"0.5","delta_fp":"1.00","side":"maybe"}}"#,
            .invalidValue(field: "msg.side", value: "maybe", reason: "expected \"yes\" or \"no\"")
        ),
        (
            #"{"type":"orderbook_delta","sid":1,"msg":{"market_ticker":"X","delta_fp":"1.00","side":"yes"}}"#,
            .missingField("msg.price_dollars")
        ),
        (
            #"{"type":"orderbook_delta","sid":1,"msg":{"market_ticker":"X","price_dollars":"0.5","side":"yes"}}"#,
            .missingField("msg.delta_fp")
        ),
        (
            #"{"type":"orderbook_delta","sid":1,"msg":{"market_ticker":"X","price_dollars":"0.5","delta_fp":"1","side":"yes","ts_ms":"1"}}"#,
            .wrongType(field: "msg.ts_ms", expected: "an integer")
        ),
        (
            #"{"type":"orderbook_delta","sid":1,"msg":{"market_ticker":"X","price_dollars":"0.5","delta_fp":"1","side":"no","client_order_id":1}}"#,
            .wrongType(field: "msg.client_order_id", expected: "a string")
        ),
        // Several faults: the first in the reference's order is named, wherever it sits in the text.
        (
            #"{"msg":{"delta_fp":"x","side":"maybe","price_dollars":"7","market_ticker":"X"},"type":"orderbook_delta","sid":1}"#,
            .invalidValue(field: "msg.side", value: "maybe", reason: "expected \"yes\" or \"no\"")
        ),
        (
            #"{"type":"orderbook_snapshot","sid":1,"seq":1,"msg":{"market_ticker":"X","market_id":3}}"#,
            .wrongType(field: "msg.market_id", expected: "a string")
        ),
        (
            #"{"type":"orderbook_snapshot","sid":1,"seq":1,"msg":{"market_ticker":"X","yes_dollars_fp":{}}}"#,
            .wrongType(field: "msg.yes_dollars_fp", expected: "an array")
        ),
        (
            #"{"type":"orderbook_snapshot","sid":1,"seq":1,"msg":{"market_ticker":"X","yes_dollars_fp":[["0.5"]]}}"#,
            .wrongType(field: "msg.yes_dollars_fp[0]", expected: "a [price, count] pair")
        ),
        (
            #"{"type":"orderbook_snapshot","sid":1,"seq":1,"msg":{"market_ticker":"X","no_dollars_fp":[["0.1","1"],[0.5,"1.00"]]}}"#,
            .wrongType(field: "msg.no_dollars_fp[1]", expected: "a pair of strings")
        ),
        (
            #"{"type":"orderbook_snapshot","sid":1,"seq":1,"msg":{"market_ticker":"X","yes_dollars_fp":[["0.5","-1.00"]]}}"#,
            .invalidValue(
                field: "msg.yes_dollars_fp[0]", value: "-1.00",
                reason: "'-1.00' is negative where only non-negative values are allowed")
        ),
        (
            #"{"type":"orderbook_snapshot","sid":1,"seq":1,"msg":{"no_dollars_fp":[["2","1"]],"yes_dollars_fp":[["0.5","x"]],"market_ticker":"X"}}"#,
            .invalidValue(field: "msg.yes_dollars_fp[0]", value: "x", reason: "'x' is not a decimal number")
        ),
    ])
    func semanticErrorsAreTheSameForBoth(frame: String, expected: FrameDecodingError) {
        #expect(throws: expected) { try KalshiWSDecoder.decode(frame) }
        #expect(throws: expected) { try BookFrameScanner.scan(frame) }
        #expect(throws: expected) { try KalshiFrameDecoder.decode(frame) }
    }

    /// Foundation accepts trailing commas; the fast path is strict about them. Kalshi never sends them.
    @Test(arguments: [
        prefix + #""price_dollars":"0.5","delta_fp":"1.00","side":"yes",}}"#,
        prefix + #""x":[1,],"# + validTail,
        #"{"type":"orderbook_snapshot","sid":1,"seq":1,"msg":{"market_ticker":"X","yes_dollars_fp":[["0.5","1.00"],]}}"#,
    ])
    func trailingCommasAreRejectedByTheFastPath(frame: String) {
        #expect(throws: FrameDecodingError.self) { try BookFrameScanner.scan(frame) }
        #expect(DifferentialCheck.check(frame) == .rejectedTrailingComma)
    }

    /// Random edits of valid frames (deleted, inserted, replaced, swapped or repeated bytes): whatever
    /// the result, both decoders agree and nothing crashes.
    @Test(arguments: [UInt64(41), 42, 43, 44])
    func mutatedFramesAreJudgedAlike(seed: UInt64) {
        var generator = BookFrameGenerator(seed: seed)
        var random = SeededRandom(seed: seed &* 7_919)
        let alphabet = Array(#"{}[]:,"\ -.0123456789eEtrufalsnyxX/"#.utf8) + [0x09, 0x0A, 0x00, 0xC3, 0xA9]
        var outcomes: [DifferentialCheck.FastOutcome: Int] = [:]
        for _ in 0..<3_000 {
            let base = random.chance(60) ? generator.delta().text : generator.snapshot().text
            var bytes = Array(base.utf8)
            for _ in 0..<random.int(1...3) {
                let position = random.int(0...bytes.count - 1)
                switch random.int(0...5) {
                case 0: bytes.remove(at: position)
                case 1: bytes.insert(random.pick(alphabet), at: position)
                case 2: bytes[position] = random.pick(alphabet)
                case 3 where position + 1 < bytes.count: bytes.swapAt(position, position + 1)
                case 4:
                    let end = min(bytes.count, position + random.int(1...12))
                    bytes.insert(contentsOf: bytes[position..<end], at: position)
                default: bytes.removeSubrange(position..<min(bytes.count, position + random.int(1...8)))
                }
                if bytes.isEmpty { bytes = [UInt8(ascii: "{")] }
            }
            let text = String(decoding: bytes, as: UTF8.self)
            outcomes[DifferentialCheck.check(text), default: 0] += 1
        }
        // Most edits break the frame, and the fast path judges those itself.
        #expect((outcomes[.rejected] ?? 0) > 1_000, "\(outcomes)")
    }

    /// Raw bytes, valid UTF-8 or not, never crash the scanner; invalid UTF-8 is malformed.
    @Test func randomBytesNeverCrash() {
        var random = SeededRandom(seed: 51)
        let head = Array(#"{"type":"orderbook_delta","sid":1,"msg":{"market_ticker":""#.utf8)
        let alphabet = Array(#"{}[]:,"\ -.0123456789yesno_a"#.utf8) + [0x80, 0xBF, 0xC3, 0xE2, 0xF0, 0xFF, 0x00]
        for round in 0..<20_000 {
            var bytes = random.chance(50) ? head : []
            for _ in 0..<random.int(0...120) { bytes.append(random.pick(alphabet)) }
            let fast = bytes.withUnsafeBytes { buffer in
                Result { () throws(FrameDecodingError) in try BookFrameScanner.scan(buffer) }
            }
            guard case .success(let frame?) = fast else { continue }
            guard let text = String(validating: bytes, as: UTF8.self) else {
                Issue.record("round \(round): decoded invalid UTF-8 as \(frame)")
                continue
            }
            #expect(DifferentialCheck.check(text) == .decoded, "round \(round)")
        }
    }

    @Test func invalidUTF8InAStringIsMalformed() {
        var bytes = Array(#"{"type":"orderbook_delta","sid":1,"msg":{"market_ticker":"X"#.utf8)
        bytes += [0xC3, 0x28]
        bytes += Array(#"","price_dollars":"0.5","delta_fp":"1.00","side":"yes"}}"#.utf8)
        #expect(throws: FrameDecodingError.notJSON("invalid UTF-8")) {
            try bytes.withUnsafeBytes { buffer throws(FrameDecodingError) in try BookFrameScanner.scan(buffer) }
        }
    }

    /// Nesting far past the fast path's limit is left to Foundation, which has its own (512).
    @Test(arguments: [10, 63, 64, 65, 200, 511, 600])
    func deepNestingIsJudgedAlike(depth: Int) {
        let nested = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        DifferentialCheck.check(Self.prefix + #""deep":"# + nested + "," + Self.validTail)
        DifferentialCheck.check(#"{"deep":"# + nested + #","type":"orderbook_delta","sid":1,"msg":{}}"#)
    }
}
