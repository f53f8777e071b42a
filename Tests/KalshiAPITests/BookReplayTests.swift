import KalshiCore
import Testing

@testable import KalshiAPI

struct BookReplayTests {
    @Test(.enabled(if: Fixtures.exists(Fixtures.orderbookCapture), "needs ../shared/data/kalshi"))
    func realCaptureReplaysCleanly() throws {
        var replay = BookReplay()
        let lines = try Fixtures.lines(Fixtures.orderbookCapture)
        var exchangeErrors = 0
        for (index, line) in lines.enumerated() {
            for notice in replay.consume(line: line, number: index + 1) {
                #expect(notice.kind == .exchangeError, "line \(index + 1): \(notice.message)")
                exchangeErrors += 1
            }
            // Never crossed, never negative, never out of sequence: every book stays tradable.
            #expect(replay.synchronizer.books.values.allSatisfy { $0.isTradable }, "line \(index + 1)")
        }
        #expect(replay.summary == ReplaySummary(frames: 74, snapshots: 8, deltas: 61, gaps: 0, errors: 0))
        #expect(exchangeErrors == 3)
        let counters = replay.synchronizer.counters
        #expect(counters.negativeLevels == 0 && counters.crossedBooks == 0 && counters.resyncsRequested == 0)
        // Final tops of book, computed independently by a Python replay with decimal.Decimal
        // (snapshot, then size += delta_fp, level removed at zero; YES ask = 1 − best NO bid).
        let expected = [
            #"{"ticker":"KXBTC-26APR1817-B76125","state":"ok","yes_bid":"0.0200","yes_bid_size":"205.00","yes_ask":"0.0700","yes_ask_size":"5130.00","yes_levels":2,"no_levels":23}"#,
            #"{"ticker":"KXBTC-26APR1817-B76375","state":"ok","yes_bid":"0.0300","yes_bid_size":"5176.00","yes_ask":"0.0800","yes_ask_size":"174.00","yes_levels":1,"no_levels":22}"#,
            #"{"ticker":"KXBTC-26APR1817-B76625","state":"ok","yes_bid":"0.0400","yes_bid_size":"5206.00","yes_ask":"0.0900","yes_ask_size":"1.00","yes_levels":1,"no_levels":22}"#,
            #"{"ticker":"KXBTC-26APR1817-B76875","state":"ok","yes_bid":"0.1100","yes_bid_size":"5000.00","yes_ask":"0.1800","yes_ask_size":"67.00","yes_levels":1,"no_levels":21}"#,
            #"{"ticker":"KXBTC-26APR1817-B77375","state":"ok","yes_bid":"0.1600","yes_bid_size":"206.00","yes_ask":"0.2300","yes_ask_size":"5005.00","yes_levels":2,"no_levels":20}"#,
            #"{"ticker":"KXBTC-26APR1817-B77625","state":"ok","yes_bid":"0.1000","yes_bid_size":"12.00","yes_ask":"0.1600","yes_ask_size":"4999.00","yes_levels":3,"no_levels":19}"#,
            #"{"ticker":"KXBTC-26APR1817-B77875","state":"ok","yes_bid":"0.0400","yes_bid_size":"187.00","yes_ask":"0.0900","yes_ask_size":"5000.00","yes_levels":2,"no_levels":22}"#,
            #"{"ticker":"KXBTC-26APR1817-B78125","state":"ok","yes_bid":"0.0200","yes_bid_size":"197.00","yes_ask":"0.0700","yes_ask_size":"5000.00","yes_levels":2,"no_levels":24}"#,
        ]
        #expect(replay.markets.map(\.json) == expected)
    }

    @Test(.enabled(if: Fixtures.exists(Fixtures.orderbookCapture), "needs ../shared/data/kalshi"))
    func fractionalSizesInTheCaptureAreKeptExactly() throws {
        var replay = BookReplay()
        var fractionalLevels = 0
        for (index, line) in try Fixtures.lines(Fixtures.orderbookCapture).enumerated() {
            _ = replay.consume(line: line, number: index + 1)
            for book in replay.synchronizer.books.values {
                for side in OutcomeSide.allCases {
                    fractionalLevels += book.levels(side).filter { $0.size.units % 100 != 0 }.count
                }
            }
        }
        // The capture carries sizes such as "51.88"; they must survive as hundredths.
        #expect(fractionalLevels > 0)
    }

    @Test(.enabled(if: Fixtures.exists(Fixtures.orderbookCapture), "needs ../shared/data/kalshi"))
    func aDroppedDeltaIsAGapThatDistrustsTheWholeSubscription() throws {
        var lines = try Fixtures.lines(Fixtures.orderbookCapture)
        let firstDelta = lines.firstIndex { $0.contains(#"\"type\":\"orderbook_delta\""#) }!
        lines.remove(at: firstDelta + 5)
        var replay = BookReplay()
        for (index, line) in lines.enumerated() { _ = replay.consume(line: line, number: index + 1) }
        #expect(replay.summary.gaps == 1)
        #expect(replay.summary.deltas == 60)
        #expect(replay.markets.allSatisfy { !$0.tradable })
        #expect(replay.markets.allSatisfy { $0.json.contains(#""state":"needs_resync""#) })
    }

    @Test func malformedLinesAreCountedAndSkipped() {
        var replay = BookReplay()
        let lines = [
            #"{"type":"subscribed","id":1,"msg":{"channel":"orderbook_delta","sid":1}}"#,
            #"{"type":"orderbook_snapshot","sid":1,"seq":1,"msg":{"market_ticker":"M","yes_dollars_fp":[["0.40","10.00"]],"no_dollars_fp":[["0.50","3.00"]]}}"#,
            "garbage",
            "",
            #"{"type":"orderbook_delta","sid":1,"seq":2,"msg":{"market_ticker":"M","price_dollars":"0.41","delta_fp":"2.50","side":"yes"}}"#,
            #"{"type":"orderbook_delta","sid":1,"seq":3,"msg":{"market_ticker":"M","price_dollars":"x","delta_fp":"2.50","side":"yes"}}"#,
            #"{"recv_ts_ns":1,"raw":"{\"type\":\"orderbook_delta\",\"sid\":1,\"seq\":3,\"msg\":{\"market_ticker\":\"M\",\"price_dollars\":\"0.49\",\"delta_fp\":\"1.00\",\"side\":\"no\"}}"}"#,
        ]
        var malformed: [Int] = []
        for (index, line) in lines.enumerated() {
            malformed += replay.consume(line: line, number: index + 1).filter { $0.kind == .malformed }.map(\.line)
        }
        #expect(malformed == [3, 6])
        #expect(replay.summary == ReplaySummary(frames: 4, snapshots: 1, deltas: 2, gaps: 0, errors: 2))
        #expect(
            replay.markets.map(\.json) == [
                #"{"ticker":"M","state":"ok","yes_bid":"0.4100","yes_bid_size":"2.50","yes_ask":"0.5000","yes_ask_size":"3.00","yes_levels":2,"no_levels":2}"#
            ])
    }

    @Test func jsonWriterEscapesAndOrders() {
        var writer = JSONLineWriter()
        writer.add("a", "q\"b\\\n\u{01}")
        writer.add("n", nil as String?)
        writer.add("i", 3)
        writer.add("d", 1.23456, decimals: 3)
        #expect(writer.line == #"{"a":"q\"b\\\n\u0001","n":null,"i":3,"d":1.235}"#)
    }
}
