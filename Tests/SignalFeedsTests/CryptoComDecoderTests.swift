import KalshiCore
import Testing

@testable import SignalFeeds

/// The message shapes of crypto-feeds.md §1–§3, verbatim, decoded to typed values.
struct CryptoComDecoderTests {
    @Test func heartbeatAndReplies() throws {
        #expect(
            try CryptoComDecoder.decode(#"{"id": 1587523073344, "method": "public/heartbeat", "code": 0}"#)
                == .heartbeat(id: 1_587_523_073_344))
        #expect(
            try CryptoComDecoder.decode(#"{"id": 1, "code": 0, "method": "subscribe"}"#)
                == .reply(id: 1, method: "subscribe", code: 0, message: nil))
        #expect(
            try CryptoComDecoder.decode(#"{"id": 1725448572836, "method": "unsubscribe", "code": 0}"#)
                == .reply(id: 1_725_448_572_836, method: "unsubscribe", code: 0, message: nil))
        #expect(
            try CryptoComDecoder.decode(#"{"id": 0, "code": 10004, "method": "subscribe", "message": "invalid channel {...}"}"#)
                == .reply(id: 0, method: "subscribe", code: 10004, message: "invalid channel {...}"))
        // REST-style string codes are accepted too.
        #expect(
            try CryptoComDecoder.decode(#"{"id": 2, "code": "42901", "method": "subscribe"}"#)
                == .reply(id: 2, method: "subscribe", code: 42901, message: nil))
    }

    @Test func bookSnapshot() throws {
        let frame = #"""
            {"id": -1, "method": "subscribe", "code": 0,
             "result": {"instrument_name": "BTCUSD-PERP", "subscription": "book.BTCUSD-PERP.10",
              "channel": "book", "depth": 10,
              "data": [{"asks": [["30082.5", "0.1689", "1"], ["30083.0", "0.1288", "1"]],
                        "bids": [["30079.0", "0.0505", "1"], ["30077.5", "1.0527", "2"]],
                        "t": 1654780033786, "tt": 1654780033755, "u": 542048017824}]}}
            """#
        guard case .push(let push) = try CryptoComDecoder.decode(frame), case .bookSnapshot(let snapshots) = push.payload else {
            Issue.record("not a book snapshot")
            return
        }
        #expect(push.subscription == "book.BTCUSD-PERP.10" && push.channel == "book" && push.instrument == "BTCUSD-PERP")
        #expect(
            snapshots == [
                CryptoComBookSnapshot(
                    bids: [
                        CryptoComLevel(price: dollars("30079.0"), size: amount("0.0505"), orders: 1),
                        CryptoComLevel(price: dollars("30077.5"), size: amount("1.0527"), orders: 2),
                    ],
                    asks: [
                        CryptoComLevel(price: dollars("30082.5"), size: amount("0.1689"), orders: 1),
                        CryptoComLevel(price: dollars("30083.0"), size: amount("0.1288"), orders: 1),
                    ], publishMs: 1_654_780_033_786, updateId: 542_048_017_824)
            ])
    }

    @Test func bookDelta() throws {
        let frame = #"""
            {"id": -1, "method": "subscribe", "code": 0,
             "result": {"instrument_name": "BTCUSD-PERP", "subscription": "book.BTCUSD-PERP.10",
              "channel": "book.update", "depth": 10,
              "data": [{"update": {"asks": [["50126.000000", "0", "0"], ["50180.000000", "3.279000", "10"]],
                                   "bids": [["50097.000000", "0.252000", "1"]]},
                        "t": 1647917463003, "tt": 1647917463003,
                        "u": 7845460002, "pu": 7845460001}]}}
            """#
        guard case .push(let push) = try CryptoComDecoder.decode(frame), case .bookUpdate(let updates) = push.payload else {
            Issue.record("not a book delta")
            return
        }
        #expect(
            updates == [
                CryptoComBookUpdate(
                    bids: [CryptoComLevel(price: dollars("50097"), size: amount("0.252"), orders: 1)],
                    asks: [
                        CryptoComLevel(price: dollars("50126"), size: .zero, orders: 0),
                        CryptoComLevel(price: dollars("50180"), size: amount("3.279"), orders: 10),
                    ], publishMs: 1_647_917_463_003, updateId: 7_845_460_002, previousUpdateId: 7_845_460_001)
            ])
    }

    @Test func tickerTradeCandleIndex() throws {
        let ticker = #"""
            {"id": -1, "method": "subscribe", "code": 0,
             "result": {"instrument_name": "BTCUSD-PERP", "subscription": "ticker.BTCUSD-PERP",
              "channel": "ticker",
              "data": [{"h": "51790.00", "l": "47895.50", "a": "51174.500000", "c": "0.03955106",
                        "b": "51170.000000", "bs": "0.1000", "k": "51180.000000", "ks": "0.2000",
                        "i": "BTCUSD-PERP", "v": "879.5024", "vv": "26370000.12", "oi": "12345.12",
                        "t": 1613580710768}]}}
            """#
        guard case .push(let tickerPush) = try CryptoComDecoder.decode(ticker), case .ticker(let tickers) = tickerPush.payload
        else {
            Issue.record("not a ticker")
            return
        }
        #expect(
            tickers == [
                CryptoComTicker(
                    instrument: "BTCUSD-PERP", bestBid: dollars("51170"), bestAsk: dollars("51180"),
                    lastTrade: dollars("51174.5"),
                    publishMs: 1_613_580_710_768)
            ])

        let trade = #"""
            {"id": 1, "method": "subscribe", "code": 0,
             "result": {"instrument_name": "BTCUSD-PERP", "subscription": "trade.BTCUSD-PERP",
              "channel": "trade",
              "data": [{"d": "2030407068", "t": 1613581138462, "p": "51327.500000",
                        "q": "0.000100", "s": "SELL", "i": "BTCUSD-PERP"}]}}
            """#
        guard case .push(let tradePush) = try CryptoComDecoder.decode(trade), case .trades(let trades) = tradePush.payload else {
            Issue.record("not a trade")
            return
        }
        #expect(
            trades == [
                CryptoComTrade(
                    tradeId: "2030407068", timeMs: 1_613_581_138_462, price: dollars("51327.5"), quantity: amount("0.0001"),
                    takerSide: "SELL")
            ])

        let candle = #"""
            {"id": 1, "method": "subscribe", "code": 0,
             "result": {"instrument_name": "BTCUSD-PERP", "subscription": "candlestick.1m.BTCUSD-PERP",
              "channel": "candlestick", "interval": "1m",
              "data": [{"o": "51140.500000", "h": "51699.000000", "l": "49212.000000",
                        "c": "51313.500000", "v": "867.9432", "t": 1612224000000}]}}
            """#
        guard case .push(let candlePush) = try CryptoComDecoder.decode(candle), case .candles(let candles) = candlePush.payload
        else {
            Issue.record("not a candle")
            return
        }
        #expect(
            candles == [
                CryptoComCandle(
                    startMs: 1_612_224_000_000, open: dollars("51140.5"), high: dollars("51699"), low: dollars("49212"),
                    close: dollars("51313.5"),
                    volume: amount("867.9432"))
            ])

        let index = #"""
            {"id": 1, "method": "subscribe", "code": 0,
             "result": {"instrument_name": "BTCUSD-INDEX", "subscription": "index.BTCUSD-INDEX",
              "channel": "index", "data": [{"v": "51204.52000", "t": 1613582703000}]}}
            """#
        guard case .push(let indexPush) = try CryptoComDecoder.decode(index), case .values(let values) = indexPush.payload else {
            Issue.record("not an index")
            return
        }
        #expect(values == [CryptoComValue(value: dollars("51204.52"), timeMs: 1_613_582_703_000)])
        #expect(indexPush.subscription == "index.BTCUSD-INDEX")
    }

    @Test func restCandlestickWithStringTimes() throws {
        let body = #"""
            {"id": "1", "method": "public/get-candlestick", "code": "0",
             "result": {"interval": "M5", "instrument_name": "BTCUSD-PERP",
              "data": [{"o": "50508.500000", "h": "50548.500000", "l": "50172.500000",
                        "c": "50202.000000", "v": "17.203200", "t": "1613544000000"},
                       {"o": "50400.000000", "h": "50600.000000", "l": "50300.000000",
                        "c": "50508.500000", "v": "1.0", "t": "1613543700000"}]}}
            """#
        let candles = try CryptoComDecoder.candlestickResponse(body)
        #expect(candles.map(\.startMs) == [1_613_543_700_000, 1_613_544_000_000], "sorted by start time")
        #expect(candles[1].close == dollars("50202"))
    }

    @Test func requestsAreTheDocumentedJSON() {
        #expect(
            CryptoComRequest.subscribe(
                id: 1, channels: ["book.ETH_USD.10", "ticker.ETH_USD", "index.ETHUSD-INDEX"], nonceMs: 1_613_571_154_900
            ).json
                == #"{"id":1,"method":"subscribe","params":{"channels":["book.ETH_USD.10","ticker.ETH_USD","index.ETHUSD-INDEX"],"book_subscription_type":"SNAPSHOT_AND_UPDATE","book_update_frequency":10},"nonce":1613571154900}"#
        )
        #expect(
            CryptoComRequest.subscribe(id: 2, channels: ["trade.ETH_USD"], nonceMs: 5).json
                == #"{"id":2,"method":"subscribe","params":{"channels":["trade.ETH_USD"]},"nonce":5}"#)
        #expect(
            CryptoComRequest.respondHeartbeat(id: 1_587_523_073_344).json
                == #"{"id":1587523073344,"method":"public/respond-heartbeat"}"#)
        #expect(
            CryptoComRequest.unsubscribe(id: 2, channels: ["book.ETH_USD.10"], nonceMs: 1_613_571_154_900).json
                == #"{"id":2,"method":"unsubscribe","params":{"channels":["book.ETH_USD.10"]},"nonce":1613571154900}"#)
        let channels = CryptoComChannels(asset: .eth)
        #expect(
            CryptoComChannels.Family.allCases.map(channels.name) == [
                "index.ETHUSD-INDEX", "ticker.ETH_USD", "book.ETH_USD.10", "trade.ETH_USD", "candlestick.1m.ETH_USD",
            ])
    }

    /// Malformed frames become typed errors naming the field; none crashes.
    @Test(arguments: [
        ("{oops", "not JSON"),
        ("[1,2]", "expected an object"),
        (
            #"{"id":-1,"method":"subscribe","code":0,"result":{"channel":"book","subscription":"book.ETH_USD.10"}}"#,
            "missing field result.data"
        ),
        (
            #"{"id":-1,"method":"subscribe","code":0,"result":{"channel":"book","data":[{"asks":[],"bids":[],"t":1}]}}"#,
            "missing field result.data[0].u"
        ),
        (
            #"{"id":-1,"method":"subscribe","code":0,"result":{"channel":"book","data":[{"asks":[["x","1"]],"t":1,"u":2}]}}"#,
            "result.data[0].asks[0][0]: 'x'"
        ),
        (
            #"{"id":-1,"method":"subscribe","code":0,"result":{"channel":"book","data":[{"asks":[["1"]],"t":1,"u":2}]}}"#,
            "must be [price, size, count]"
        ),
        (
            #"{"id":-1,"method":"subscribe","code":0,"result":{"channel":"book.update","data":[{"update":{},"t":1,"u":"abc","pu":1}]}}"#,
            "result.data[0].u: 'abc' is not an integer"
        ),
        (
            #"{"id":-1,"method":"subscribe","code":0,"result":{"channel":"index","data":[{"v":true,"t":1}]}}"#,
            "result.data[0].v: expected a number or a numeric string, found a boolean"
        ),
        (
            #"{"id":-1,"method":"subscribe","code":0,"result":{"channel":"trade","data":[{"d":"12a","t":1,"p":"1","q":"1"}]}}"#,
            "result.data[0].d"
        ),
        (
            #"{"id":-1,"method":"subscribe","code":0,"result":{"channel":"candlestick","data":[{"o":"5","h":"4","l":"3","c":"4","t":1}]}}"#,
            "do not bracket"
        ),
        (
            #"{"id":-1,"method":"subscribe","code":0,"result":{"channel":"weather","data":[]}}"#,
            "unknown message: channel 'weather'"
        ),
        (#"{"id":"x","method":"public/heartbeat"}"#, "field id: 'x' is not an integer"),
        (
            #"{"id":-1,"method":"subscribe","code":0,"result":{"channel":"index","data":{"v":"1","t":1}}}"#,
            "result.data: expected an array"
        ),
    ])
    func malformedFramesAreTypedErrors(frame: String, fragment: String) {
        #expect {
            _ = try CryptoComDecoder.decode(frame)
        } throws: { error in
            guard let typed = error as? SignalFeedError else { return false }
            return typed.description.contains(fragment)
        }
    }
}
