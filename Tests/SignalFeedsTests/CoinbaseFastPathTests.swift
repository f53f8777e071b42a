import KalshiAPI
import KalshiCore
import Testing

@testable import SignalFeeds

/// `CoinbaseFastPath` against the reference decoder (`CoinbaseDecoder.decodeReference`): a frame
/// it takes decodes to the reference's message, and `CoinbaseDecoder.decode` always gives the
/// reference's answer — the same message or the same error.
struct CoinbaseFastPathTests {
    /// Checks one text (see `FastPathDifferential.check`); returns whether the fast path took it.
    @discardableResult
    static func check(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> Bool {
        FastPathDifferential.check(
            text, decode: CoinbaseDecoder.decode, reference: CoinbaseDecoder.decodeReference, fast: CoinbaseFastPath.decode,
            sourceLocation: sourceLocation)
    }

    /// crypto-feeds.md §4.1's shapes take the fast path.
    @Test(arguments: [
        #"{"type":"ticker","sequence":37475248783,"product_id":"ETH-USD","price":"1285.22","open_24h":"1310.79","volume_24h":"245532.79","low_24h":"1280.52","high_24h":"1313.8","volume_30d":"9788783.60","best_bid":"1285.04","best_bid_size":"0.46688654","best_ask":"1285.27","best_ask_size":"1.56637040","side":"buy","time":"2022-10-19T23:28:22.061769Z","trade_id":370843401,"last_size":"11.4396987"}"#,
        #"{"type": "match", "trade_id": 10, "sequence": 50, "maker_order_id": "a", "taker_order_id": "b", "time": "2017-09-02T17:05:50.000000Z", "product_id": "ETH-USD", "size": "0.5", "price": "3000.12", "side": "sell"}"#,
        #"{"type":"last_match","trade_id":11,"sequence":51,"time":"2017-09-02T17:05:50Z","product_id":"BTC-USD","size":"0.00000001","price":"95000"}"#,
        #"{"type": "heartbeat", "sequence": 90, "last_trade_id": 20, "product_id": "ETH-USD", "time": "2014-11-07T08:19:28.464459Z"}"#,
    ])
    func documentedFramesTakeTheFastPath(text: String) {
        #expect(Self.check(text), "the fast path declined \(text)")
    }

    @Test(arguments: [
        #"{"type": "subscriptions", "channels": [{"name": "ticker", "product_ids": ["ETH-USD"]}, "heartbeat"]}"#,
        #"{"type":"error","message":"Failed to subscribe","reason":"X is not a valid product"}"#,
        #"{"type":"l2update"}"#,
        #"{"product_id":"ETH-USD"}"#,
        #"{"type":"ticker","sequence":1,"product_id":"ETH-USD","price":"1","time":"yesterday"}"#,
        #"{"type":"ticker","sequence":1,"sequence":2,"product_id":"ETH-USD","price":"1","time":"2022-10-19T23:28:22Z"}"#,
        #"{"type":"ticker","sequence":1.5,"product_id":"ETH-USD","price":"1","time":"2022-10-19T23:28:22Z"}"#,
        #"{"type":"ticker","sequence":1,"product_id":"ETH\u002dUSD","price":"1","time":"2022-10-19T23:28:22Z"}"#,
        #"{"type":"ticker","sequence":1,"product_id":"ETH-USD","price":1e3,"time":"2022-10-19T23:28:22Z"}"#,
        #"{"type":"match","trade_id":"x","sequence":1,"product_id":"ETH-USD","price":"1","size":"1","time":"2022-10-19T23:28:22Z"}"#,
        #"{"type":"heartbeat","sequence":1,"product_id":"ETH-USD","time":"2022-10-19T23:28:22Z",}"#,
        "[]", "",
    ])
    func otherFramesGetTheReferenceVerdict(text: String) {
        Self.check(text)
    }

    @Test(arguments: [UInt64(81), 82, 83])
    func generatedAndMutatedFramesDecodeAlike(seed: UInt64) {
        var random = SplitMixRandom(seed: seed)
        var taken = 0
        let alphabet = Array(#"{}[]:,"\ -.0123456789eEtrufalsnTZ"#.utf8) + [0x09, 0x0A, 0xC3, 0xA9]
        for round in 0..<1_500 {
            let text = Self.frame(&random)
            if Self.check(text) { taken += 1 }
            guard round % 2 == 0 else { continue }
            Self.check(FastPathDifferential.mutated(text, &random, alphabet: alphabet))
        }
        #expect(taken > 600, "the fast path took \(taken) of 1,500 generated frames")
    }

    static func frame(_ random: inout SplitMixRandom) -> String {
        let type = random.pick(["ticker", "match", "last_match", "heartbeat"])
        func odd(_ usual: [String], _ odd: [String]) -> String { random.chance(94) ? random.pick(usual) : random.pick(odd) }
        let price = odd([#""3000.12""#, #""95000""#, #""0.00000001""#, "3000.5"], [#""-1""#, #""x""#, #""""#, #""12345678901""#])
        let time = odd([#""2022-10-19T23:28:22.061769Z""#, #""2017-09-02T17:05:50Z""#], [#""yesterday""#, "5", #""2022-13-19T23:28:22Z""#])
        let integer = odd(["37475248783", "1", #""42""#], ["1.5", "true", "99999999999999999999"])
        var members: [(String, String)] = [("type", "\"\(type)\""), ("product_id", odd([#""ETH-USD""#, #""BTC-USD""#], ["7", #""caf\u00e9""#])), ("sequence", integer), ("time", time)]
        switch type {
        case "ticker":
            members += [("price", price), ("best_bid", price), ("best_ask", price), ("trade_id", integer), ("volume_24h", #""245532.79""#)]
        case "heartbeat":
            members += [("last_trade_id", integer)]
        default:
            members += [("trade_id", integer), ("price", price), ("size", odd([#""0.5""#, #""0""#], [#""-0.5""#, "null"])), ("side", odd([#""sell""#, #""buy""#], ["1"]))]
        }
        members = members.filter { _ in random.int(0...29) != 0 }.map { random.int(0...49) == 0 ? ($0.0, "null") : $0 }
        let space = random.chance(20) ? " " : ""
        return "{" + members.shuffled(using: &random).map { "\"\($0.0)\":\(space)\($0.1)" }.joined(separator: ",\(space)") + "}"
    }
}
