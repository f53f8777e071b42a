import KalshiAPI
import KalshiCore
import Testing

@testable import SignalFeeds

/// `CryptoComFastPath` against the reference decoder (`CryptoComDecoder.decodeReference`): a
/// frame it takes decodes to the reference's message, and `CryptoComDecoder.decode` always gives
/// the reference's answer — the same message or the same error.
struct CryptoComFastPathTests {
    /// Checks one text (see `FastPathDifferential.check`); returns whether the fast path took it.
    @discardableResult
    static func check(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> Bool {
        FastPathDifferential.check(
            text, decode: CryptoComDecoder.decode, reference: CryptoComDecoder.decodeReference, fast: CryptoComFastPath.decode,
            sourceLocation: sourceLocation)
    }

    /// The shapes of crypto-feeds.md §2, and the test suite's own frames, take the fast path.
    @Test(arguments: [
        CDC.snapshot(u: 7), CDC.delta(u: 8, pu: 7, bids: #"[["3000.00","0","0"]]"#, asks: #"[["3000.20","1.5","2"]]"#),
        CDC.delta(u: 9, pu: 8), CDC.index("3001.12345678", t: 1_764_860_000_000),
        CDC.push("trade.ETH_USD", "trade", CDC.trade(id: 123_456, price: "3000.5", t: 1_764_860_000_000)),
        CDC.push("ticker.ETH_USD", "ticker", #"{"h":"3100","l":"2900","a":"3000.1","b":"3000.0","k":"3000.2","i":"ETH_USD","t":1764860000000}"#),
        CDC.push("candlestick.1m.ETH_USD", "candlestick", #"{"o":"3000","h":"3010","l":"2990","c":"3005","v":"12.5","t":1764860000000}"#),
        #"""
        {"id": -1, "method": "subscribe", "code": 0,
         "result": {"instrument_name": "BTCUSD-PERP", "subscription": "book.BTCUSD-PERP.10",
          "channel": "book.update", "depth": 10,
          "data": [{"update": {"asks": [["50126.000000", "0", "0"], ["50180.000000", "3.279000", "10"]],
                               "bids": [["50097.000000", "0.252000", "1"]]},
                    "t": 1647917463003, "tt": 1647917463003, "u": 7845460002, "pu": 7845460001, "cs": -12}]}}
        """#,
    ])
    func documentedPushesTakeTheFastPath(text: String) {
        #expect(Self.check(text), "the fast path declined \(text)")
    }

    /// Replies, heartbeats and odd frames are the reference's, with its verdict.
    @Test(arguments: [
        #"{"id": 1587523073344, "method": "public/heartbeat", "code": 0}"#,
        #"{"id": 0, "code": 10004, "method": "subscribe", "message": "invalid channel {...}"}"#,
        #"{"id": 2, "code": "42901", "method": "subscribe"}"#,
        CDC.push("x", "unknown.channel", "{}"),
        CDC.push("book.ETH_USD.10", "book", #"{"asks":[],"bids":[],"t":1764860000000,"u":1,"u":2}"#),
        CDC.push("book.ETH_USD.10", "bo\u{6F}k", #"{"asks":[],"bids":[],"t":1764860000000,"u":1}"#),
        CDC.push("book.ETH_USD.10", "book", #"{"asks":[["1e3","1"]],"bids":[],"t":1764860000000,"u":1}"#),
        CDC.push("book.ETH_USD.10", "book", #"{"asks":[["1","1",null]],"bids":[],"t":1764860000000,"u":1}"#),
        CDC.push("book.ETH_USD.10", "book", #"{"asks":[["1"]],"bids":[],"t":1764860000000,"u":1}"#),
        CDC.push("book.ETH_USD.10", "book", #"{"asks":null,"bids":null,"t":1764860000000,"u":"17"}"#),
        CDC.push("book.ETH_USD.10", "book.update", #"{"update":5,"t":1764860000000,"u":1,"pu":0}"#),
        CDC.push("book.ETH_USD.10", "book", #"{"asks":[],"bids":[],"t":99,"u":1}"#),
        CDC.push("book.ETH_USD.10", "book", #"{"asks":[],"bids":[],"\u0074":1764860000000,"u":1}"#),
        CDC.push("trade.ETH_USD", "trade", #"{"d":"12a","t":1764860000000,"p":"1","q":"1"}"#),
        CDC.push("candlestick.1m.ETH_USD", "candlestick", #"{"o":"3000","h":"2000","l":"2990","c":"3005","t":1764860000000}"#),
        #"{"id":-1,"method":"subscribe","code":0,"result":{"channel":"index","data":[{"v":"1","t":1764860000000}]},}"#,
        #"{"id":-1,"code":0,"result":5}"#,
        #"[1,2]"#,
        "",
    ])
    func otherFramesGetTheReferenceVerdict(text: String) {
        Self.check(text)
    }

    /// Seeded pushes of every channel with random values, optional members, unknown members and
    /// whitespace, then byte-level edits of them: both decoders always agree.
    @Test(arguments: [UInt64(71), 72, 73])
    func generatedAndMutatedPushesDecodeAlike(seed: UInt64) {
        var random = SplitMixRandom(seed: seed)
        var taken = 0
        let alphabet = Array(#"{}[]:,"\ -.0123456789eEtrufalsn"#.utf8) + [0x09, 0x0A, 0xC3, 0xA9]
        for round in 0..<1_500 {
            let text = Self.push(&random)
            if Self.check(text) { taken += 1 }
            guard round % 2 == 0 else { continue }
            Self.check(FastPathDifferential.mutated(text, &random, alphabet: alphabet))
        }
        #expect(taken > 450, "the fast path took \(taken) of 1,500 generated pushes")
    }

    // MARK: Generation

    static func push(_ random: inout SplitMixRandom) -> String {
        let channel = random.pick(["book", "book.update", "ticker", "trade", "candlestick", "index", "mark"])
        var items: [String] = []
        for _ in 0..<random.int(0...3) {
            var members: [(String, String)]
            switch channel {
            case "book":
                members = [("asks", levels(&random)), ("bids", levels(&random)), ("t", time(&random)), ("tt", time(&random)), ("u", integer(&random))]
            case "book.update":
                members = [
                    ("update", object([("asks", levels(&random)), ("bids", levels(&random))], &random)), ("t", time(&random)),
                    ("u", integer(&random)), ("pu", integer(&random)),
                ]
            case "ticker":
                members = [("b", price(&random)), ("k", price(&random)), ("a", price(&random)), ("i", #""ETH_USD""#), ("t", time(&random))]
            case "trade":
                members = [
                    ("d", mostly(&random, [#""123456789""#, "42"], else: [#""12x""#, #""""#])), ("t", time(&random)), ("p", price(&random)),
                    ("q", size(&random)), ("s", mostly(&random, [#""BUY""#, #""SELL""#], else: ["1"])),
                ]
            case "candlestick":
                members = [("o", #""3000""#), ("h", mostly(&random, [#""3010""#], else: [#""2000""#])), ("l", #""2990""#), ("c", #""3005""#), ("v", size(&random)), ("t", time(&random))]
            default:
                members = [("v", price(&random)), ("t", time(&random))]
            }
            members = members.filter { _ in random.int(0...29) != 0 }.map { random.int(0...39) == 0 ? ($0.0, "null") : $0 }
            if random.int(0...4) == 0 { members.append(("zz", random.pick(["1", #""x""#, "[1,{}]", "{\"a\":null}", "true"]))) }
            items.append(object(members.shuffled(using: &random), &random))
        }
        var result: [(String, String)] = [
            ("channel", "\"\(channel)\""), ("data", "[" + items.joined(separator: ",") + "]"),
        ]
        if random.chance(80) { result.append(("subscription", "\"\(channel).ETH_USD\"")) }
        if random.chance(80) { result.append(("instrument_name", mostly(&random, [#""ETH_USD""#, #""caf\u00e9""#, #""ETH€USD""#], else: ["7"]))) }
        var root: [(String, String)] = [("result", object(result.shuffled(using: &random), &random))]
        if random.chance(80) { root.append(("id", mostly(&random, ["-1", "1", #""7""#], else: ["1.5", "true"]))) }
        if random.chance(80) { root.append(("method", #""subscribe""#)) }
        if random.chance(80) { root.append(("code", mostly(&random, ["0", #""0""#], else: ["5", "null"]))) }
        return object(root.shuffled(using: &random), &random)
    }

    static func object(_ members: [(String, String)], _ random: inout SplitMixRandom) -> String {
        let space = random.chance(20) ? " " : ""
        return "{" + members.map { "\"\($0.0)\":\(space)\($0.1)" }.joined(separator: ",\(space)") + "}"
    }

    static func mostly(_ random: inout SplitMixRandom, _ usual: [String], else odd: [String]) -> String {
        random.chance(93) ? random.pick(usual) : random.pick(odd)
    }

    static func levels(_ random: inout SplitMixRandom) -> String {
        var levels: [String] = []
        for _ in 0..<random.int(0...4) {
            var parts = [price(&random), size(&random)]
            if random.chance(70) { parts.append(mostly(&random, [#""1""#, #""0""#, "3"], else: [#""x""#, "null"])) }
            levels.append("[" + parts.joined(separator: ",") + "]")
        }
        return "[" + levels.joined(separator: ",") + "]"
    }

    static func price(_ random: inout SplitMixRandom) -> String {
        mostly(&random, [#""3000.12""#, #""3012.45000""#, "3000.5", #""0.000001""#, #""51204.520000001""#], else: [#""-1""#, #""1e3""#, #""""#, #""12345678901.5""#])
    }

    static func size(_ random: inout SplitMixRandom) -> String {
        mostly(&random, [#""1.2500""#, #""0""#, #""0.000000019""#, "2"], else: [#""x""#, #""-0.5""#])
    }

    static func time(_ random: inout SplitMixRandom) -> String {
        mostly(&random, ["1764860000123", #""1764860000123""#], else: ["5", "1764860000123.0", "-1"])
    }

    static func integer(_ random: inout SplitMixRandom) -> String {
        mostly(&random, ["542048017824", "1", #""77""#], else: ["1.5", "99999999999999999999", "true"])
    }
}
