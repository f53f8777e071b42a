import Foundation
import KalshiCore
import Testing

@testable import KalshiAPI

/// `KalshiWSDecoder.decode` parses frames with a Codable `msg` once (`SinglePassFrame`); its
/// answer must be `decodeReference`'s (the two-parse path) for every text: the same message, or
/// the same error.
struct SinglePassFrameTests {
    /// Both decoders on one text; records a disagreement. Returns whether the single parse took it.
    @discardableResult
    static func check(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> Bool {
        let decoded = Result { () throws(FrameDecodingError) in try KalshiWSDecoder.decode(text) }
        let reference = Result { () throws(FrameDecodingError) in try KalshiWSDecoder.decodeReference(text) }
        switch (decoded, reference) {
        case (.success(let mine), .success(let theirs)):
            #expect(mine == theirs, "messages differ for \(text.debugDescription)", sourceLocation: sourceLocation)
        case (.failure(let mine), .failure(let theirs)):
            #expect(mine == theirs, "errors differ for \(text.debugDescription)", sourceLocation: sourceLocation)
        case (.success(let mine), .failure(let error)):
            Issue.record("decoded \(mine) where the reference says \(error): \(text.debugDescription)", sourceLocation: sourceLocation)
        case (.failure(let error), .success(let theirs)):
            Issue.record("rejected (\(error)) what the reference decodes as \(theirs): \(text.debugDescription)", sourceLocation: sourceLocation)
        }
        let single = Result { () throws(FrameDecodingError) in try SinglePassFrame.decode(text) }
        if case .success(.some) = single { return true }
        return false
    }

    @Test func aFillIsDecodedInOneParseWithItsHeader() throws {
        let text = #"""
            {"type":"fill","sid":13,"seq":4,"msg":{"trade_id":"t1","order_id":"o1","market_ticker":"KXETHD-26DEC0417-T3119.99",
            "is_taker":true,"side":"yes","action":"buy","book_side":"bid","yes_price_dollars":"0.4200","count_fp":"3.00",
            "fee_cost":"0.0500","post_position_fp":"3.00","client_order_id":"c1","ts_ms":1764860000000}}
            """#
        let message = try #require(try SinglePassFrame.decode(text))
        guard case .fill(let sid, let fill) = message else {
            Issue.record("not a fill: \(message)")
            return
        }
        #expect(sid == 13)
        #expect(fill.yesPriceDollars == (try Price(parsing: "0.42")))
        #expect(fill.countFp == Quantity(contracts: 3))
        #expect(Self.check(text))
    }

    @Test(.enabled(if: Fixtures.exists(Fixtures.tickerCapture) && Fixtures.exists(Fixtures.tradeCapture), "needs ../shared/data/kalshi"))
    func capturedTickerAndTradeFramesTakeTheSingleParseAndDecodeAlike() throws {
        let frames = try Fixtures.lines(Fixtures.tickerCapture) + Fixtures.lines(Fixtures.tradeCapture)
        #expect(frames.count == 20)
        for line in frames {
            let text = try RecordedFrame.parse(line: line).text
            #expect(Self.check(text), "the single parse declined \(text)")
        }
    }

    @Test func controlAndBookFramesKeepTheReferencePath() throws {
        for text in [
            #"{"type":"subscribed","id":1,"msg":{"channel":"fill","sid":3}}"#,
            #"{"type":"ok","id":2,"sid":3,"seq":7}"#,
            #"{"type":"error","id":3,"msg":{"code":6,"msg":"Already subscribed"}}"#,
            #"{"type":"orderbook_delta","sid":1,"seq":2,"msg":{"market_ticker":"K","price":40,"delta":5,"side":"yes"}}"#,
            #"{"type":"something_new","sid":4}"#,
        ] {
            #expect(!Self.check(text), "took \(text)")
        }
    }

    /// Headers that the two parsers read differently, or not at all, fall back and get the
    /// reference's verdict: duplicates, escaped names, booleans, fractions, strings, overflow.
    @Test(arguments: [
        #"{"type":"trade","sid":1,"sid":2,"msg":{"market_ticker":"K","yes_price_dollars":"0.5","count_fp":"1"}}"#,
        #"{"type":"trade","type":"ticker","msg":{"market_ticker":"K","yes_price_dollars":"0.5","count_fp":"1"}}"#,
        #"{"type":"trade","\u0073id":5,"msg":{"market_ticker":"K","yes_price_dollars":"0.5","count_fp":"1"}}"#,
        #"{"type":"tr\u0061de","msg":{"market_ticker":"K","yes_price_dollars":"0.5","count_fp":"1"}}"#,
        #"{"type":"trade","sid":true,"msg":{"market_ticker":"K","yes_price_dollars":"0.5","count_fp":"1"}}"#,
        #"{"type":"trade","seq":1.5,"msg":{"market_ticker":"K","yes_price_dollars":"0.5","count_fp":"1"}}"#,
        #"{"type":"trade","seq":2.0,"msg":{"market_ticker":"K","yes_price_dollars":"0.5","count_fp":"1"}}"#,
        #"{"type":"trade","seq":3e2,"msg":{"market_ticker":"K","yes_price_dollars":"0.5","count_fp":"1"}}"#,
        // Found by fuzz-kalshi-ws-reference: JSONDecoder rounds this to an integer, JSONSerialization refuses it.
        #"{"type":"market_position","sid":792233720368540.9999,"msg":{"market_ticker":"K","position_fp":"-3.00"}}"#,
        #"{"type":"trade","id":1.0000000000000001,"msg":{"market_ticker":"K","yes_price_dollars":"0.5","count_fp":"1"}}"#,
        #"{"type":"trade","id":"7","msg":{"market_ticker":"K","yes_price_dollars":"0.5","count_fp":"1"}}"#,
        #"{"type":"trade","id":99999999999999999999,"msg":{"market_ticker":"K","yes_price_dollars":"0.5","count_fp":"1"}}"#,
        #"{"type":"trade","sid":null,"seq":null,"msg":{"market_ticker":"K","yes_price_dollars":"0.5","count_fp":"1"}}"#,
        #"{"type":"trade","msg":null}"#,
        #"{"type":"trade"}"#,
        #"{"type":"fill","msg":{"trade_id":"t"}}"#,
        #"{"type":"ticker","msg":{"market_ticker":"K","ts":99}}"#,
        #"{"type":"trade","msg":{"market_ticker":"K","yes_price_dollars":"1.5","count_fp":"1"}}"#,
        #"{"type":"trade","msg":{"market_ticker":"K","yes_price_dollars":"0.5","count_fp":"1"},}"#,
        #"[{"type":"trade"}]"#,
        #"{"type":7}"#,
    ])
    func oddFramesGetTheReferenceVerdict(text: String) {
        Self.check(text)
    }

    /// Seeded frames of every Codable type with random headers, optional fields, unknown members
    /// and whitespace, then byte-level edits of them: both paths always agree.
    @Test(arguments: [UInt64(61), 62, 63])
    func generatedAndMutatedFramesDecodeAlike(seed: UInt64) {
        var random = SeededRandom(seed: seed)
        var single = 0
        let alphabet = Array(#"{}[]:,"\ -.0123456789eEtrufalsnyx_"#.utf8) + [0x09, 0x0A, 0xC3, 0xA9]
        for round in 0..<1_500 {
            let text = Self.frame(&random)
            if Self.check(text) { single += 1 }
            guard round % 2 == 0 else { continue }
            var bytes = Array(text.utf8)
            for _ in 0..<random.int(1...3) where !bytes.isEmpty {
                let position = random.int(0...bytes.count - 1)
                switch random.int(0...3) {
                case 0: bytes.remove(at: position)
                case 1: bytes.insert(random.pick(alphabet), at: position)
                case 2: bytes[position] = random.pick(alphabet)
                default: bytes.insert(contentsOf: bytes[position..<min(bytes.count, position + random.int(1...12))], at: position)
                }
            }
            Self.check(String(decoding: bytes, as: UTF8.self))
        }
        // Most generated frames are valid and take the single parse.
        #expect(single > 400, "single parse taken \(single) times")
    }

    // MARK: Generation

    static func frame(_ random: inout SeededRandom) -> String {
        let kinds: [(String, [(String, String)])] = [
            ("fill", [
                ("trade_id", string(&random)), ("order_id", string(&random)), ("market_ticker", string(&random)),
                ("is_taker", random.chance(50) ? "true" : "false"), ("side", random.pick([#""yes""#, #""no""#])),
                ("book_side", random.pick([#""bid""#, #""ask""#])), ("yes_price_dollars", price(&random)),
                ("count_fp", count(&random)), ("fee_cost", money(&random)), ("post_position_fp", count(&random)),
                ("client_order_id", string(&random)), ("ts_ms", time(&random, milliseconds: true)),
            ]),
            ("user_order", [
                ("order_id", string(&random)), ("ticker", string(&random)), ("status", random.pick([#""resting""#, #""executed""#])),
                ("book_side", random.pick([#""bid""#, #""ask""#])), ("yes_price_dollars", price(&random)),
                ("initial_count_fp", count(&random)), ("fill_count_fp", count(&random)), ("remaining_count_fp", count(&random)),
                ("taker_fees_dollars", money(&random)), ("client_order_id", string(&random)),
                ("last_updated_ts_ms", time(&random, milliseconds: true)),
            ]),
            ("market_position", [
                ("market_ticker", string(&random)), ("position_fp", random.chance(50) ? count(&random) : #""-2.00""#),
                ("position_cost_dollars", money(&random)), ("realized_pnl_dollars", money(&random)),
                ("fees_paid_dollars", money(&random)),
            ]),
            ("ticker", [
                ("market_ticker", string(&random)), ("price_dollars", price(&random)), ("yes_bid_dollars", price(&random)),
                ("yes_ask_dollars", price(&random)), ("volume_fp", count(&random)), ("ts", time(&random, milliseconds: false)),
            ]),
            ("trade", [
                ("trade_id", string(&random)), ("market_ticker", string(&random)), ("yes_price_dollars", price(&random)),
                ("count_fp", count(&random)), ("taker_side", random.pick([#""yes""#, #""no""#, "7"])),
                ("ts", time(&random, milliseconds: false)),
            ]),
            ("market_lifecycle_v2", [
                ("market_ticker", string(&random)), ("event_type", random.pick([#""close_date_updated""#, #""settled""#])),
                ("close_ts", time(&random, milliseconds: false)), ("result", random.pick([#""yes""#, "null"])),
                ("is_deactivated", random.chance(50) ? "true" : "false"),
            ]),
            ("event_fee_update", [
                ("event_ticker", string(&random)), ("fee_type_override", random.pick([#""quadratic""#, "null"])),
                ("fee_multiplier_override", random.pick(["0.5", "1", "null", #""x""#])),
            ]),
            ("order_group_updates", [
                ("event_type", random.pick([#""created""#, #""limit_updated""#])), ("order_group_id", string(&random)),
                ("contracts_limit_fp", count(&random)), ("ts_ms", time(&random, milliseconds: true)),
            ]),
        ]
        let (type, fields) = random.pick(kinds)
        // Most fields stay; some go missing or become null (required ones then fail the frame).
        var msg = fields.compactMap { field -> (String, String)? in
            switch random.int(0...39) {
            case 0: return nil
            case 1: return (field.0, "null")
            default: return field
            }
        }
        if random.chance(30) { msg.append(("extra_\(random.int(0...9))", random.pick(["1", #""x""#, "[1,{}]", "{\"a\":null}"]))) }
        var header: [(String, String)] = [("type", "\"\(type)\"")]
        for name in ["id", "sid", "seq"] where random.chance(70) {
            header.append((name, mostly(&random, ["1", "42", "0", "-3", "null"], else: ["7.0", "true", #""5""#, "1.5", "9223372036854775807"])))
        }
        header.append(("msg", object(msg.shuffled(using: &random), &random)))
        if random.chance(20) { header.append(("unknown", "{\"deep\":[1,2,{\"x\":\"y\"}]}")) }
        return object(header.shuffled(using: &random), &random)
    }

    /// One of `usual` most of the time, else one of `odd` (wrong types, out of range, edge forms).
    static func mostly(_ random: inout SeededRandom, _ usual: [String], else odd: [String]) -> String {
        random.chance(92) ? random.pick(usual) : random.pick(odd)
    }

    static func object(_ members: [(String, String)], _ random: inout SeededRandom) -> String {
        let space = random.chance(20) ? " " : ""
        return "{" + members.map { "\"\($0.0)\":\(space)\($0.1)" }.joined(separator: ",\(space)") + "}"
    }

    static func string(_ random: inout SeededRandom) -> String {
        mostly(&random, [#""KXETHD-26DEC0417-T3119.99""#, #""a""#, #""caf\u00e9""#, #""x\"y""#], else: [#""""#, "12"])
    }

    static func price(_ random: inout SeededRandom) -> String {
        mostly(&random, [#""0.4200""#, #""0.01""#, #""0.9900""#], else: [#""1.5""#, #""-0.1""#, "0.42", #""0.12345""#])
    }

    static func count(_ random: inout SeededRandom) -> String {
        mostly(&random, [#""3.00""#, #""0.01""#, #""1000000.00""#], else: [#""-1.00""#, "3", #""x""#])
    }

    static func money(_ random: inout SeededRandom) -> String {
        mostly(&random, [#""0.0500""#, #""12.34""#, #""-3.5""#, #""0""#], else: ["1"])
    }

    static func time(_ random: inout SeededRandom, milliseconds: Bool) -> String {
        milliseconds
            ? mostly(&random, ["1764860000000"], else: ["5", "-1", "1764860000000.0"])
            : mostly(&random, ["1764860000"], else: ["99", "1764860000000"])
    }
}

/// The remembered key conversion is Foundation's, whatever the key.
struct SnakeCaseKeysTests {
    @Test(arguments: [
        "trade_id", "ts_ms", "yes_price_dollars", "id", "_leading", "trailing_", "__both__", "a__b", "ALL_CAPS_KEY",
        "mixed_Case_key", "already", "x", "", "_", "caf\u{e9}_au_lait", "emoji_\u{1F600}_key", "with space_key", "\u{130}stanbul_x",
    ])
    func convertsAsFoundationDoes(key: String) throws {
        struct Probe: Decodable {
            let keys: [String]
            struct Key: CodingKey {
                var stringValue: String
                var intValue: Int? { nil }
                init?(stringValue: String) { self.stringValue = stringValue }
                init?(intValue: Int) { nil }
            }
            init(from decoder: Decoder) throws { keys = try decoder.container(keyedBy: Key.self).allKeys.map(\.stringValue) }
        }
        let document = try JSONSerialization.data(withJSONObject: [key: 1])
        let foundation = try KalshiJSON.decoder().decode(Probe.self, from: document).keys
        let remembered = try SnakeCaseKeys.decoder().decode(Probe.self, from: document).keys
        #expect(remembered == foundation)
        #expect(SnakeCaseKeys.converted(key) == foundation.first)
        // Asked again, the remembered answer is the same.
        #expect(SnakeCaseKeys.converted(key) == foundation.first)
    }
}
