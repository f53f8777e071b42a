import KalshiCore
import Testing

@testable import KalshiAPI

struct BookFrameScannerTests {
    private func price(_ text: String) -> Price { try! Price(parsing: text) }
    private func count(_ text: String) -> Quantity { try! Quantity(parsingSigned: text) }

    @Test func decodesADeltaStraightIntoFixedPoint() throws {
        let frame = try BookFrameScanner.scan(
            #"{"type":"orderbook_delta","sid":1,"seq":9,"msg":{"market_ticker":"KXBTC-26APR1817-B76875","market_id":"40b9","price_dollars":"0.8100","delta_fp":"-51.88","side":"no","ts":"2026-04-18T05:34:49.816683Z","ts_ms":1776490489816,"client_order_id":"mine","subaccount":3}}"#
        )
        let update = OrderbookDeltaUpdate(
            marketTicker: "KXBTC-26APR1817-B76875", delta: BookDelta(side: .no, price: price("0.81"), delta: count("-51.88")),
            timestampMs: 1_776_490_489_816, clientOrderId: "mine")
        #expect(frame == .delta(sid: 1, seq: 9, update))
        #expect(frame?.bookFeedEvent == .delta(sid: 1, seq: 9, ticker: "KXBTC-26APR1817-B76875", update.delta))
    }

    @Test func decodesASnapshotIntoBookLevels() throws {
        let frame = try BookFrameScanner.scan(
            #"{"type":"orderbook_snapshot","sid":2,"seq":2,"msg":{"market_ticker":"FED-23DEC-T3.00","market_id":"9b0f","yes_dollars_fp":[["0.0800","300.00"],["0.2200","333.00"]],"no_dollars_fp":[]}}"#
        )
        let yes = [BookLevel(price: price("0.08"), size: count("300")), BookLevel(price: price("0.22"), size: count("333"))]
        #expect(
            frame
                == .snapshot(
                    sid: 2, seq: 2, OrderbookSnapshot(marketTicker: "FED-23DEC-T3.00", marketId: "9b0f", yes: yes, no: []))
        )
        #expect(frame?.bookFeedEvent == .snapshot(sid: 2, seq: 2, ticker: "FED-23DEC-T3.00", yes: yes, no: []))
    }

    @Test func keysComeInAnyOrderWithAnyWhitespace() throws {
        let frame = try BookFrameScanner.scan(
            " \r\n{ \"msg\" :\t{ \"side\":\"yes\" , \"delta_fp\" : \"2\", \"market_ticker\":\"X\",\"price_dollars\":\"1\" } ,\n \"sid\": 4 , \"type\" : \"orderbook_delta\" }\n "
        )
        #expect(
            frame
                == .delta(
                    sid: 4, seq: nil,
                    OrderbookDeltaUpdate(marketTicker: "X", delta: BookDelta(side: .yes, price: .one, delta: count("2")))))
    }

    @Test func nullOptionalMembersAreAbsent() throws {
        let frame = try BookFrameScanner.scan(
            #"{"type":"orderbook_delta","sid":1,"seq":null,"id":null,"msg":{"market_ticker":"X","price_dollars":"0.5","delta_fp":"1","side":"no","ts_ms":null,"client_order_id":null,"market_id":17}}"#
        )
        #expect(
            frame
                == .delta(
                    sid: 1, seq: nil,
                    OrderbookDeltaUpdate(marketTicker: "X", delta: BookDelta(side: .no, price: price("0.5"), delta: count("1")))))
    }

    @Test func nonASCIITextIsDecodedOnTheFastPath() throws {
        let text =
            #"{"type":"orderbook_delta","sid":1,"msg":{"market_ticker":"MKT-é€😀","price_dollars":"0.5","delta_fp":"1","side":"yes","note":"日本"}}"#
        guard case .delta(_, _, let update)? = try BookFrameScanner.scan(text) else {
            Issue.record("not decoded by the fast path")
            return
        }
        #expect(update.marketTicker == "MKT-é€😀")
        #expect(DifferentialCheck.check(text) == .decoded)
    }

    /// Other frame types, and frames the fast path leaves to the general decoder.
    @Test(arguments: [
        #"{"type":"subscribed","id":1,"msg":{"channel":"orderbook_delta","sid":1}}"#,
        #"{"id":123,"type":"ok","sid":456,"seq":222,"msg":{"market_tickers":["M-1"]}}"#,
        #"{"id":127,"type":"error","msg":{"code":16,"msg":"Market not found"}}"#,
        #"{"type":"ticker","sid":11,"msg":{"market_ticker":"X"}}"#,
        #"{"type":"trade","sid":11,"msg":{"market_ticker":"X"}}"#,
        #"{"sid":1,"msg":{}}"#,
        #"{"type":null,"sid":1,"msg":{}}"#,
        #"{"type":7,"sid":1,"msg":{}}"#,
        "[1,2]",
        #""orderbook_delta""#,
        "\u{FEFF}{\"type\":\"orderbook_delta\",\"sid\":1,\"msg\":{\"market_ticker\":\"X\",\"price_dollars\":\"0.5\",\"delta_fp\":\"1\",\"side\":\"yes\"}}",
        // An escape in a value the fast path uses, or in a member name.
        #"{"type":"orderbook_delta","sid":1,"msg":{"market_ticker":"A\/B","price_dollars":"0.5","delta_fp":"1","side":"yes"}}"#,
        #"{"type":"orderbook_delta","sid":1,"msg":{"market_ticker":"X","price_dollars":"0.5","delta_fp":"1","side":"y\u0065s"}}"#,
        #"{"type":"orderbook\u005fdelta","sid":1,"msg":{"market_ticker":"X","price_dollars":"0.5","delta_fp":"1","side":"yes"}}"#,
        #"{"type":"orderbook_delta","s\u0069d":1,"msg":{"market_ticker":"X","price_dollars":"0.5","delta_fp":"1","side":"yes"}}"#,
        // Surrogates anywhere, paired or not: Foundation decides.
        #"{"type":"orderbook_delta","sid":1,"x":"\ud83d\ude00","msg":{"market_ticker":"X","price_dollars":"0.5","delta_fp":"1","side":"yes"}}"#,
        #"{"type":"orderbook_delta","sid":1,"x":"\ud83d","msg":{"market_ticker":"X","price_dollars":"0.5","delta_fp":"1","side":"yes"}}"#,
        // Integers Foundation reads its own way.
        #"{"type":"orderbook_delta","sid":1,"seq":2.0,"msg":{"market_ticker":"X","price_dollars":"0.5","delta_fp":"1","side":"yes"}}"#,
        #"{"type":"orderbook_delta","sid":1,"seq":2e0,"msg":{"market_ticker":"X","price_dollars":"0.5","delta_fp":"1","side":"yes"}}"#,
        #"{"type":"orderbook_delta","sid":1,"seq":9223372036854775807,"msg":{"market_ticker":"X","price_dollars":"0.5","delta_fp":"1","side":"yes"}}"#,
        #"{"type":"orderbook_delta","sid":1,"x":1e999,"msg":{"market_ticker":"X","price_dollars":"0.5","delta_fp":"1","side":"yes"}}"#,
        // Duplicate members: Foundation keeps the last.
        #"{"type":"orderbook_delta","sid":1,"sid":2,"msg":{"market_ticker":"X","price_dollars":"0.5","delta_fp":"1","side":"yes"}}"#,
        #"{"type":"orderbook_delta","sid":1,"msg":{"market_ticker":"X","price_dollars":"0.5","delta_fp":"1","side":"yes","side":"no"}}"#,
        #"{"type":"orderbook_delta","type":"ticker","sid":1,"msg":{}}"#,
    ])
    func leavesOtherFramesToTheGeneralDecoder(frame: String) throws {
        #expect(try BookFrameScanner.scan(frame) == nil)
        #expect(DifferentialCheck.check(frame) == .fellBack)
    }

    @Test func fallBackDecodesEscapesAndDuplicatesAsFoundationDoes() throws {
        let escaped = try KalshiFrameDecoder.decode(
            #"{"type":"orderbook_delta","sid":1,"msg":{"market_ticker":"A\/B\u00e9","price_dollars":"0.5","delta_fp":"1","side":"yes"}}"#
        )
        guard case .orderbookDelta(_, _, let update) = escaped else {
            Issue.record("not a delta: \(escaped)")
            return
        }
        #expect(update.marketTicker == "A/Bé")
        let duplicate = try KalshiFrameDecoder.decode(
            #"{"type":"orderbook_delta","sid":1,"sid":2,"msg":{"market_ticker":"X","price_dollars":"0.5","delta_fp":"1","side":"yes"}}"#
        )
        guard case .orderbookDelta(let sid, _, _) = duplicate else {
            Issue.record("not a delta: \(duplicate)")
            return
        }
        #expect(sid == 2)
    }

    /// A frame that is not a book frame is not judged past its `type`: the general decoder does that.
    @Test func otherTypesStopTheScanEarly() throws {
        let frame = #"{"type":"ticker","sid":11,"msg":{"#
        #expect(try BookFrameScanner.scan(frame) == nil)
        #expect(throws: FrameDecodingError.self) { try KalshiFrameDecoder.decode(frame) }
    }

    @Test func bytesAndStringScanAlike() throws {
        let text =
            #"{"type":"orderbook_delta","sid":1,"seq":3,"msg":{"market_ticker":"X","price_dollars":"0.5","delta_fp":"-1","side":"yes"}}"#
        let fromBytes = try Array(text.utf8).withUnsafeBytes { bytes throws(FrameDecodingError) in
            try BookFrameScanner.scan(bytes)
        }
        #expect(fromBytes == (try BookFrameScanner.scan(text)))
        #expect(fromBytes != nil)
        #expect(try BookFrameScanner.scan(UnsafeRawBufferPointer(start: nil, count: 0)) == nil)
    }

    @Test func bookFeedEventMatchesTheGeneralPath() throws {
        let frames = [
            #"{"type":"orderbook_delta","sid":1,"seq":3,"msg":{"market_ticker":"X","price_dollars":"0.5","delta_fp":"-1","side":"yes"}}"#,
            #"{"type":"orderbook_snapshot","sid":1,"msg":{"market_ticker":"X","no_dollars_fp":[["0.1","2"]]}}"#,
            #"{"type":"subscribed","id":1,"msg":{"channel":"orderbook_delta","sid":1}}"#,
            #"{"id":123,"type":"ok","sid":1,"seq":4}"#,
        ]
        for frame in frames {
            let expected = try KalshiWSDecoder.decode(frame).bookFeedEvent
            #expect(try KalshiFrameDecoder.bookFeedEvent(frame) == expected, "\(frame)")
        }
    }
}
