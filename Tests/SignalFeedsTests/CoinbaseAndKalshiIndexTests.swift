import KalshiCore
import Testing

@testable import SignalFeeds

/// crypto-feeds.md §4.1 shapes, and the Coinbase session.
struct CoinbaseTests {
    static let ticker = #"""
        {"type": "ticker", "sequence": 3262786978, "product_id": "ETH-USD", "price": "4388.01",
         "open_24h": "4300", "volume_24h": "1000", "low_24h": "4200", "high_24h": "4400", "volume_30d": "30000",
         "best_bid": "4388", "best_bid_size": "1.0", "best_ask": "4388.01", "best_ask_size": "2.0",
         "side": "buy", "time": "2017-09-02T17:05:49.250000Z", "trade_id": 20153558, "last_size": "0.03"}
        """#
    static func match(_ type: String = "match", tradeId: Int64, sequence: Int64, price: String) -> String {
        #"{"type": "\#(type)", "trade_id": \#(tradeId), "sequence": \#(sequence), "maker_order_id": "a", "taker_order_id": "b", "time": "2017-09-02T17:05:50.000000Z", "product_id": "ETH-USD", "size": "0.5", "price": "\#(price)", "side": "sell"}"#
    }

    @Test func decodesTheDocumentedShapes() throws {
        #expect(
            try CoinbaseDecoder.decode(Self.ticker)
                == .ticker(
                    CoinbaseTicker(
                        productId: "ETH-USD", sequence: 3_262_786_978, price: dollars("4388.01"), bestBid: dollars("4388"),
                        bestAsk: dollars("4388.01"),
                        timeMs: 1_504_371_949_250, tradeId: 20_153_558)))
        #expect(
            try CoinbaseDecoder.decode(Self.match("last_match", tradeId: 7, sequence: 9, price: "4388.5"))
                == .match(
                    CoinbaseMatch(
                        productId: "ETH-USD", tradeId: 7, sequence: 9, price: dollars("4388.5"), size: amount("0.5"),
                        side: "sell", timeMs: 1_504_371_950_000),
                    isLast: true))
        #expect(
            try CoinbaseDecoder.decode(
                #"{"type": "subscriptions", "channels": [{"name": "ticker", "product_ids": ["ETH-USD"]}, "heartbeat"]}"#)
                == .subscriptions(channels: ["ticker", "heartbeat"]))
        #expect(
            try CoinbaseDecoder.decode(
                #"{"type": "heartbeat", "sequence": 90, "last_trade_id": 20, "product_id": "ETH-USD", "time": "2014-11-07T08:19:28.464459Z"}"#
            )
                == .heartbeat(productId: "ETH-USD", sequence: 90, lastTradeId: 20, timeMs: 1_415_348_368_464))
        #expect(
            try CoinbaseDecoder.decode(#"{"type":"error","message":"Failed to subscribe","reason":"X is not a valid product"}"#)
                == .error(message: "Failed to subscribe", reason: "X is not a valid product"))
        #expect(
            CoinbaseDecoder.subscribeRequest(products: ["ETH-USD", "BTC-USD"])
                == #"{"type":"subscribe","product_ids":["ETH-USD","BTC-USD"],"channels":["ticker","matches","heartbeat"]}"#)
    }

    @Test(arguments: [
        (#"{"product_id":"ETH-USD"}"#, "missing field type"),
        (#"{"type":"l2update"}"#, "unknown message: type 'l2update'"),
        (
            #"{"type":"ticker","sequence":1,"product_id":"ETH-USD","price":"1","time":"yesterday"}"#,
            "field time: 'yesterday' is not an ISO-8601 UTC time"
        ),
        (
            #"{"type":"match","trade_id":"x","sequence":1,"product_id":"ETH-USD","price":"1","size":"1","time":"2017-09-02T17:05:50Z"}"#,
            "field trade_id: 'x' is not an integer"
        ),
    ])
    func malformedFramesAreTypedErrors(frame: String, fragment: String) {
        #expect {
            _ = try CoinbaseDecoder.decode(frame)
        } throws: { error in (error as? SignalFeedError)?.description.contains(fragment) == true }
    }

    @Test func sessionSubscribesAtOnceAndDedupesBySequence() {
        var session = CoinbaseSession(configuration: .init(asset: .eth))
        #expect(session.handle(.connected(nowMs: 0)).sent == [CoinbaseDecoder.subscribeRequest(products: ["ETH-USD"])])
        let mid = session.handle(.received(Self.ticker, nowMs: 10)).ticks
        #expect(mid.map(\.price) == [dollars("4388.005")] && mid.first?.kind == .mid)
        #expect(session.handle(.received(Self.ticker, nowMs: 20)).ticks.isEmpty, "same sequence again")
        let trade = session.handle(
            .received(Self.match(tradeId: 20_153_559, sequence: 3_262_786_979, price: "4388.02"), nowMs: 30)
        ).ticks
        #expect(trade.map(\.kind) == [.trade])
        #expect(
            session.handle(.received(Self.match(tradeId: 20_153_558, sequence: 3_262_786_990, price: "1"), nowMs: 40)).ticks
                .isEmpty, "an older trade")
        #expect(session.counters.duplicates == 2)
        let beat = session.handle(
            .received(
                #"{"type":"heartbeat","sequence":3262786990,"last_trade_id":20153559,"product_id":"ETH-USD","time":"2017-09-02T17:05:51Z"}"#,
                nowMs: 50))
        #expect(beat.events == [.heartbeat(.coinbase, id: 3_262_786_990)])
        #expect(session.counters.heartbeats == 1 && session.counters.heartbeatsAnswered == 0)
        // Heartbeats alone do not keep prices fresh.
        #expect(session.handle(.tick(nowMs: 5_031)).events.contains(.stale(.coinbase, .eth, ageMs: 5_001)))
    }
}

/// kalshi-api.md §2.6 `cfbenchmarks_value`, and the Kalshi index session.
struct KalshiIndexTests {
    static func frame(seq: Int, time: Int64, value: String, index: String = "ETHUSD_RTI") -> String {
        #"{"type": "cfbenchmarks_value", "sid": 1, "seq": \#(seq), "msg": {"index_id": "\#(index)", "received_at": \#(time + 5), "data": "{\"type\":\"value\",\"id\":\"\#(index)\",\"time\":\#(time),\"value\":\"\#(value)\"}", "avg_60s_data": {"value": "68000.12000000", "window_size": 3, "window_start_ts_ms": 1709999940123, "window_end_ts_exclusive": 1710000000123}}}"#
    }

    @Test func decodesTheReferenceShape() throws {
        #expect(
            try KalshiIndexDecoder.decode(Self.frame(seq: 42, time: 1_710_000_000_123, value: "68000.12", index: "BRTI"))
                == .value(
                    CFBenchmarksValue(
                        sid: 1, seq: 42, indexId: "BRTI", timeMs: 1_710_000_000_123, value: dollars("68000.12"),
                        receivedAtMs: 1_710_000_000_128,
                        average60s: dollars("68000.12"), averageWindowSize: 3)))
        #expect(
            try KalshiIndexDecoder.decode(#"{"id": 1, "type": "subscribed", "msg": {"channel": "cfbenchmarks_value", "sid": 1}}"#)
                == .subscribed(id: 1, sid: 1))
        #expect(
            try KalshiIndexDecoder.decode(#"{"id":1,"type":"error","msg":{"code":24,"msg":"Index IDs required"}}"#)
                == .error(id: 1, code: 24, message: "Index IDs required"))
        #expect(
            KalshiIndexDecoder.subscribeCommand(id: 1, indexIds: ["BRTI", "ETHUSD_RTI"])
                == #"{"id":1,"cmd":"subscribe","params":{"channels":["cfbenchmarks_value"],"index_ids":["BRTI","ETHUSD_RTI"]}}"#)
    }

    @Test func embeddedDataThatIsNotJSONIsATypedError() {
        let frame = #"{"type":"cfbenchmarks_value","sid":1,"seq":1,"msg":{"index_id":"BRTI","data":"{not json"}}"#
        #expect {
            _ = try KalshiIndexDecoder.decode(frame)
        } throws: { error in (error as? SignalFeedError)?.description.contains("field msg.data") == true }
    }

    @Test func sessionSubscribesWithTheIndexIdAndCountsGaps() {
        var session = KalshiIndexSession(configuration: .init(asset: .eth))
        #expect(
            session.handle(.connected(nowMs: 0)).sent == [KalshiIndexDecoder.subscribeCommand(id: 1, indexIds: ["ETHUSD_RTI"])])
        #expect(
            session.handle(.received(Self.frame(seq: 1, time: 1_000, value: "3000.10"), nowMs: 1_010)).ticks.map(\.price) == [
                dollars("3000.10")
            ])
        #expect(session.handle(.received(Self.frame(seq: 3, time: 3_000, value: "3000.30"), nowMs: 3_010)).ticks.count == 1)
        #expect(session.counters.gaps == 1)
        #expect(session.handle(.received(Self.frame(seq: 3, time: 3_000, value: "3000.30"), nowMs: 3_020)).ticks.isEmpty)
        #expect(
            session.handle(.received(Self.frame(seq: 4, time: 4_000, value: "1", index: "BRTI"), nowMs: 4_010)).ticks.isEmpty,
            "another index")
        #expect(session.latestAverage60s == dollars("68000.12"))
        #expect(session.pipeline.reading(nowMs: 3_020)?.tick.kind == .index)
    }

    /// "seq":9223372036854775807 used to trap on `last + 1` at the next value on the sid.
    @Test func aSequenceAtInt64MaxIsAGapNotATrap() {
        var session = KalshiIndexSession(configuration: .init(asset: .eth))
        _ = session.handle(.connected(nowMs: 0))
        _ = session.handle(.received(Self.frame(seq: .max, time: 1_000, value: "3000.10"), nowMs: 1_010))
        #expect(session.handle(.received(Self.frame(seq: 1, time: 2_000, value: "3000.20"), nowMs: 2_010)).ticks.count == 1)
        #expect(session.counters.gaps == 1)
        #expect(session.handle(.received(Self.frame(seq: 2, time: 3_000, value: "3000.30"), nowMs: 3_010)).ticks.count == 1)
        #expect(session.counters.gaps == 1)
    }

    @Test func anImplausibleIndexTimeIsATypedError() {
        #expect(
            throws: SignalFeedError.invalidValue(
                field: "msg.data.time", value: "253402300800000", reason: "is not a plausible Unix time in milliseconds")
        ) { try KalshiIndexDecoder.decode(Self.frame(seq: 1, time: 253_402_300_800_000, value: "1")) }
    }
}
