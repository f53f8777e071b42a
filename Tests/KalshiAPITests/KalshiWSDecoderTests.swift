import KalshiCore
import Testing

@testable import KalshiAPI

struct KalshiWSDecoderTests {
    private func price(_ text: String) -> Price { try! Price(parsing: text) }
    private func count(_ text: String) -> Quantity { try! Quantity(parsingSigned: text) }

    @Test func decodesCurrentSnapshot() throws {
        let frame = #"""
            {"type":"orderbook_snapshot","sid":2,"seq":2,"msg":{"market_ticker":"FED-23DEC-T3.00","market_id":"9b0f","yes_dollars_fp":[["0.0800","300.00"],["0.2200","333.00"]],"no_dollars_fp":[["0.5400","20.00"],["0.5600","146.00"]]}}
            """#
        let message = try KalshiWSDecoder.decode(frame)
        #expect(
            message
                == .orderbookSnapshot(
                    sid: 2, seq: 2,
                    OrderbookSnapshot(
                        marketTicker: "FED-23DEC-T3.00", marketId: "9b0f",
                        yes: [
                            BookLevel(price: price("0.08"), size: count("300")),
                            BookLevel(price: price("0.22"), size: count("333")),
                        ],
                        no: [
                            BookLevel(price: price("0.54"), size: count("20")),
                            BookLevel(price: price("0.56"), size: count("146")),
                        ])))
    }

    @Test func anEmptySideIsAbsent() throws {
        let message = try KalshiWSDecoder.decode(#"{"type":"orderbook_snapshot","sid":1,"seq":1,"msg":{"market_ticker":"X"}}"#)
        guard case .orderbookSnapshot(_, _, let snapshot) = message else {
            Issue.record("not a snapshot: \(message)")
            return
        }
        #expect(snapshot.yes.isEmpty && snapshot.no.isEmpty)
    }

    @Test func decodesCurrentDelta() throws {
        let frame = #"""
            {"type":"orderbook_delta","sid":1,"seq":9,"msg":{"market_ticker":"KXBTC-26APR1817-B76875","market_id":"40b9","price_dollars":"0.8100","delta_fp":"-5000.00","side":"no","ts":"2026-04-18T05:34:49.816683Z","ts_ms":1776490489816,"client_order_id":"mine"}}
            """#
        #expect(
            try KalshiWSDecoder.decode(frame)
                == .orderbookDelta(
                    sid: 1, seq: 9,
                    OrderbookDeltaUpdate(
                        marketTicker: "KXBTC-26APR1817-B76875",
                        delta: BookDelta(side: .no, price: price("0.81"), delta: count("-5000")),
                        timestampMs: 1_776_490_489_816, clientOrderId: "mine")))
    }

    @Test func decodesLegacyShapesFromOldRecordings() throws {
        let snapshot = try KalshiWSDecoder.decode(
            #"{"type":"orderbook_snapshot","sid":1,"seq":1,"msg":{"market_ticker":"X","yes":[[8,300]],"no":[[54,20]]}}"#)
        #expect(
            snapshot
                == .orderbookSnapshot(
                    sid: 1, seq: 1,
                    OrderbookSnapshot(
                        marketTicker: "X", yes: [BookLevel(price: price("0.08"), size: count("300"))],
                        no: [BookLevel(price: price("0.54"), size: count("20"))])))
        let dollars = try KalshiWSDecoder.decode(
            #"{"type":"orderbook_snapshot","sid":1,"seq":1,"msg":{"market_ticker":"X","yes_dollars":[["0.0800",300]]}}"#)
        guard case .orderbookSnapshot(_, _, let legacy) = dollars else { throw DecodeMismatch() }
        #expect(legacy.yes == [BookLevel(price: price("0.08"), size: count("300"))])
        let delta = try KalshiWSDecoder.decode(
            #"{"type":"orderbook_delta","sid":1,"seq":2,"msg":{"market_ticker":"X","price":54,"delta":-7,"side":"no"}}"#)
        #expect(
            delta
                == .orderbookDelta(
                    sid: 1, seq: 2,
                    OrderbookDeltaUpdate(marketTicker: "X", delta: BookDelta(side: .no, price: price("0.54"), delta: count("-7")))
                ))
    }

    struct DecodeMismatch: Error {}

    @Test func decodesControlFrames() throws {
        #expect(
            try KalshiWSDecoder.decode(#"{"id":1,"type":"subscribed","msg":{"channel":"orderbook_delta","sid":1}}"#)
                == .subscribed(id: 1, channel: "orderbook_delta", sid: 1))
        #expect(try KalshiWSDecoder.decode(#"{"type":"subscribed","id":1}"#) == .subscribed(id: 1, channel: nil, sid: nil))
        #expect(
            try KalshiWSDecoder.decode(#"{"id":123,"type":"ok","sid":456,"seq":222,"msg":{"market_tickers":["M-1"]}}"#)
                == .ok(id: 123, sid: 456, seq: 222))
        #expect(
            try KalshiWSDecoder.decode(#"{"id":102,"type":"unsubscribed","sid":2,"seq":7}"#)
                == .unsubscribed(id: 102, sid: 2, seq: 7))
        #expect(
            try KalshiWSDecoder.decode(
                #"{"id":127,"type":"error","msg":{"code":16,"msg":"Market not found","market_ticker":"INVALID-MARKET"}}"#)
                == .error(id: 127, code: 16, message: "Market not found", marketTicker: "INVALID-MARKET"))
        #expect(
            try KalshiWSDecoder.decode(#"{"type":"market_positions_v9","sid":21,"seq":7,"msg":{"event_type":"created"}}"#)
                == .other(type: "market_positions_v9", sid: 21, seq: 7))
    }

    /// Malformed frames: each gives a typed error naming the field, never a crash.
    @Test(arguments: [
        ("", FrameDecodingError.notJSON("")),
        ("not json", .notJSON("")),
        ("[1,2]", .notAnObject),
        (#"{"sid":1}"#, .missingField("type")),
        (#"{"type":5}"#, .wrongType(field: "type", expected: "a string")),
        (#"{"type":"orderbook_delta","sid":"1","msg":{}}"#, .wrongType(field: "sid", expected: "an integer")),
        (#"{"type":"orderbook_delta","sid":1,"seq":1.5,"msg":{}}"#, .wrongType(field: "seq", expected: "an integer")),
        (#"{"type":"orderbook_delta","sid":true,"msg":{}}"#, .wrongType(field: "sid", expected: "an integer")),
        (#"{"type":"orderbook_delta","seq":1,"msg":{}}"#, .missingField("sid")),
        (#"{"type":"orderbook_delta","sid":1,"seq":1}"#, .missingField("msg")),
        (#"{"type":"orderbook_delta","sid":1,"seq":1,"msg":[]}"#, .wrongType(field: "msg", expected: "an object")),
        (
            #"{"type":"orderbook_delta","sid":1,"seq":1,"msg":{"price_dollars":"0.5","delta_fp":"1.00","side":"yes"}}"#,
            .missingField("msg.market_ticker")
        ),
        (
            #"{"type":"orderbook_delta","sid":1,"seq":1,"msg":{"market_ticker":"","price_dollars":"0.5","delta_fp":"1.00","side":"yes"}}"#,
            .invalidValue(field: "msg.market_ticker", value: "", reason: "empty")
        ),
        (
            #"{"type":"orderbook_delta","sid":1,"seq":1,"msg":{"market_ticker":"X","price_dollars":"1.5","delta_fp":"1.00","side":"yes"}}"#,
            .invalidValue(field: "msg.price_dollars", value: "1.5", reason: "'1.5' is out of range (allowed: 0.0000...1.0000)")
        ),
        (
            #"{"type":"orderbook_delta","sid":1,"seq":1,"msg":{"market_ticker":"X","price_dollars":"0.5","delta_fp":"abc","side":"yes"}}"#,
            .invalidValue(field: "msg.delta_fp", value: "abc", reason: "'abc' is not a decimal number")
        ),
        (
            #"{"type":"orderbook_delta","sid":1,"seq":1,"msg":{"market_ticker":"X","price_dollars":"0.5","delta_fp":"1.001","side":"yes"}}"#,
            .invalidValue(field: "msg.delta_fp", value: "1.001", reason: "'1.001' has more than 2 decimal places")
        ),
        (
            #"{"type":"orderbook_delta","sid":1,"seq":1,"msg":{"market_ticker":"X","price_dollars":"0.5","delta_fp":"1.00","side":"maybe"}}"#,
            .invalidValue(field: "msg.side", value: "maybe", reason: "expected \"yes\" or \"no\"")
        ),
        (
            #"{"type":"orderbook_delta","sid":1,"seq":1,"msg":{"market_ticker":"X","delta_fp":"1.00","side":"yes"}}"#,
            .missingField("msg.price_dollars")
        ),
        (
            #"{"type":"orderbook_snapshot","sid":1,"seq":1,"msg":{"market_ticker":"X","yes_dollars_fp":[["0.5"]]}}"#,
            .wrongType(field: "msg.yes_dollars_fp[0]", expected: "a [price, count] pair")
        ),
        (
            #"{"type":"orderbook_snapshot","sid":1,"seq":1,"msg":{"market_ticker":"X","no_dollars_fp":[[0.5,"1.00"]]}}"#,
            .wrongType(field: "msg.no_dollars_fp[0]", expected: "a pair of strings")
        ),
        (
            #"{"type":"orderbook_snapshot","sid":1,"seq":1,"msg":{"market_ticker":"X","yes_dollars_fp":[["0.5","-1.00"]]}}"#,
            .invalidValue(
                field: "msg.yes_dollars_fp[0]", value: "-1.00",
                reason: "'-1.00' is negative where only non-negative values are allowed")
        ),
        (
            #"{"type":"orderbook_snapshot","sid":1,"seq":1,"msg":{"market_ticker":"X","yes":[[150,1]]}}"#,
            .invalidValue(field: "msg.yes[0]", value: "150", reason: "expected a dollar string or integer cents 0...100")
        ),
        (#"{"type":"error","msg":{"msg":"x"}}"#, .missingField("msg.code")),
    ])
    func malformedFramesGiveTypedErrors(frame: String, expected: FrameDecodingError) {
        let error = #expect(throws: FrameDecodingError.self) { try KalshiWSDecoder.decode(frame) }
        if case .notJSON = expected {
            guard case .notJSON = error else {
                Issue.record("expected notJSON, got \(String(describing: error))")
                return
            }
        } else {
            #expect(error == expected)
        }
    }

    @Test func unwrapsCaptureLines() throws {
        let wrapped = try RecordedFrame.parse(line: #"{"recv_ts_ns": 1776490453460692000, "raw": "{\"type\":\"ok\"}\n"}"#)
        #expect(wrapped == RecordedFrame(receivedAtNs: 1_776_490_453_460_692_000, text: "{\"type\":\"ok\"}\n"))
        let raw = try RecordedFrame.parse(line: #"{"type":"ok","sid":1}"#)
        #expect(raw.receivedAtNs == nil && raw.text == #"{"type":"ok","sid":1}"#)
        #expect(throws: FrameDecodingError.wrongType(field: "raw", expected: "a string")) {
            try RecordedFrame.parse(line: #"{"recv_ts_ns":1,"raw":5}"#)
        }
    }

    @Test(
        .enabled(
            if: Fixtures.exists(Fixtures.tickerCapture) && Fixtures.exists(Fixtures.tradeCapture), "needs ../shared/data/kalshi"))
    func realTickerAndTradeFramesDecode() throws {
        for line in try Fixtures.lines(Fixtures.tickerCapture) {
            guard case .ticker(_, let ticker) = try KalshiWSDecoder.decode(line) else {
                Issue.record("not a ticker: \(line.prefix(80))")
                continue
            }
            #expect(ticker.yesBidDollars != nil && ticker.yesAskDollars != nil)
        }
        for line in try Fixtures.lines(Fixtures.tradeCapture) {
            guard case .trade(_, let seq, let trade) = try KalshiWSDecoder.decode(line) else {
                Issue.record("not a trade: \(line.prefix(80))")
                continue
            }
            #expect(seq != nil)
            #expect(trade.countFp.units > 0)
            // Old frames carry only the deprecated taker_side; the direction must still resolve.
            #expect(trade.resolvedTakerBookSide != nil)
        }
    }

    @Test func channelMessagesDecodeWithFieldNamedErrors() throws {
        let fill =
            #"{"type":"fill","sid":13,"msg":{"trade_id":"t1","order_id":"o1","market_ticker":"M","is_taker":true,"outcome_side":"yes","book_side":"bid","yes_price_dollars":"0.750","count_fp":"278.00","fee_cost":"1.2345","post_position_fp":"500.00","client_order_id":"c1","ts_ms":1671899397000}}"#
        guard case .fill(13, let decoded) = try KalshiWSDecoder.decode(fill) else { throw DecodeMismatch() }
        #expect(decoded.yesPriceDollars.description == "0.7500" && decoded.feeCost.description == "1.2345")
        let order =
            #"{"type":"user_order","sid":22,"msg":{"order_id":"o1","ticker":"M","status":"resting","book_side":"bid","yes_price_dollars":"0.3500","fill_count_fp":"0.00","remaining_count_fp":"10.00"}}"#
        guard case .userOrder(22, let userOrder) = try KalshiWSDecoder.decode(order) else { throw DecodeMismatch() }
        #expect(userOrder.remainingCountFp.description == "10.00")
        let bad =
            #"{"type":"fill","sid":13,"msg":{"trade_id":"t1","order_id":"o1","market_ticker":"M","is_taker":true,"book_side":"bid","yes_price_dollars":"7.5","count_fp":"1.00","fee_cost":"0"}}"#
        let error = #expect(throws: FrameDecodingError.self) { try KalshiWSDecoder.decode(bad) }
        guard case .invalidValue(let field, _, _) = error else {
            Issue.record("expected invalidValue, got \(String(describing: error))")
            return
        }
        #expect(field == "msg.yes_price_dollars")
        let missing = #"{"type":"market_position","sid":1,"msg":{"market_ticker":"M"}}"#
        #expect(throws: FrameDecodingError.missingField("msg.position_fp")) { try KalshiWSDecoder.decode(missing) }
    }

    /// A `fill` with "ts":99999999999999999 and no ts_ms used to trap on `ts * 1_000` downstream.
    @Test func implausibleFillAndTradeTimesAreTypedErrors() {
        let fill =
            #"{"type":"fill","sid":13,"msg":{"trade_id":"t1","order_id":"o1","market_ticker":"M","is_taker":true,"book_side":"bid","yes_price_dollars":"0.75","count_fp":"1.00","fee_cost":"0","ts":99999999999999999}}"#
        #expect(
            throws: FrameDecodingError.invalidValue(
                field: "msg.ts", value: "99999999999999999", reason: "not a plausible Unix time in seconds")
        ) { try KalshiWSDecoder.decode(fill) }
        let trade =
            #"{"type":"trade","sid":2,"seq":1,"msg":{"market_ticker":"M","yes_price_dollars":"0.75","count_fp":"1.00","ts_ms":-1}}"#
        #expect(
            throws: FrameDecodingError.invalidValue(
                field: "msg.ts_ms", value: "-1", reason: "not a plausible Unix time in milliseconds")
        ) { try KalshiWSDecoder.decode(trade) }
        let ticker = #"{"type":"ticker","sid":2,"msg":{"market_ticker":"M","ts":9223372036854775807}}"#
        #expect(throws: FrameDecodingError.self) { try KalshiWSDecoder.decode(ticker) }
    }

    /// Legacy integer counts used to trap on `count * unitsPerContract`; both decoders refuse them.
    @Test func legacyCountsThatWouldOverflowAreTypedErrors() {
        let snapshot =
            #"{"type":"orderbook_snapshot","sid":3,"seq":1,"msg":{"market_ticker":"T","yes":[[50,92233720368547759]]}}"#
        let expected = FrameDecodingError.invalidValue(
            field: "msg.yes[0]", value: "92233720368547759", reason: "count out of range")
        #expect(throws: expected) { try KalshiWSDecoder.decode(snapshot) }
        #expect(throws: expected) { try KalshiFrameDecoder.decode(snapshot) }
        #expect(throws: expected) { try KalshiFrameDecoder.bookFeedEvent(snapshot) }
        for delta in ["92233720368547759", "-92233720368547759", "-9223372036854775808"] {
            let frame =
                #"{"type":"orderbook_delta","sid":3,"seq":2,"msg":{"market_ticker":"T","side":"yes","price":50,"delta":\#(delta)}}"#
            let error = FrameDecodingError.invalidValue(field: "msg.delta", value: delta, reason: "count out of range")
            #expect(throws: error) { try KalshiWSDecoder.decode(frame) }
            #expect(throws: error) { try KalshiFrameDecoder.decode(frame) }
        }
        // The largest count a `_fp` string may carry is still accepted.
        let largest = #"{"type":"orderbook_snapshot","sid":3,"seq":1,"msg":{"market_ticker":"T","yes":[[50,999999999999]]}}"#
        #expect(throws: Never.self) { try KalshiWSDecoder.decode(largest) }
    }
}
