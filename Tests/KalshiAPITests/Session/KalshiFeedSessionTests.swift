import KalshiCore
import Testing

@testable import KalshiAPI

struct KalshiFeedSessionTests {
    let book = FeedSubscription(channels: ["orderbook_delta"], marketTickers: ["A", "B"])

    func sends(_ actions: [KalshiFeedSession.Action]) -> [String] {
        actions.compactMap { if case .send(let text) = $0 { text } else { nil } }
    }

    func snapshot(_ sid: Int, _ seq: Int, _ ticker: String) -> String {
        #"{"type":"orderbook_snapshot","sid":\#(sid),"seq":\#(seq),"msg":{"market_ticker":"\#(ticker)","yes_dollars_fp":[["0.40","10.00"]],"no_dollars_fp":[["0.50","5.00"]]}}"#
    }

    func delta(_ sid: Int, _ seq: Int, _ ticker: String, _ change: String = "1.00") -> String {
        #"{"type":"orderbook_delta","sid":\#(sid),"seq":\#(seq),"msg":{"market_ticker":"\#(ticker)","price_dollars":"0.40","delta_fp":"\#(change)","side":"yes"}}"#
    }

    func connected(_ subscriptions: [FeedSubscription]) -> (KalshiFeedSession, [String]) {
        var session = KalshiFeedSession(subscriptions: subscriptions)
        let sent = sends(session.handle(.connected(nowMs: 0)))
        return (session, sent)
    }

    @Test func connectingSubscribesEverything() {
        let (_, sent) = connected([book, FeedSubscription(channels: ["fill", "user_orders"])])
        #expect(
            sent == [
                #"{"id":1,"cmd":"subscribe","params":{"channels":["orderbook_delta"],"market_tickers":["A","B"],"use_yes_price":false}}"#,
                #"{"id":2,"cmd":"subscribe","params":{"channels":["fill","user_orders"]}}"#,
            ])
    }

    @Test func booksFollowSnapshotsAndDeltas() {
        var (session, _) = connected([book])
        _ = session.handle(.received(#"{"type":"subscribed","id":1,"msg":{"channel":"orderbook_delta","sid":7}}"#, nowMs: 1))
        #expect(session.channelBySid[7] == "orderbook_delta")
        _ = session.handle(.received(snapshot(7, 1, "A"), nowMs: 1))
        _ = session.handle(.received(snapshot(7, 2, "B"), nowMs: 1))
        let actions = session.handle(.received(delta(7, 3, "A"), nowMs: 2))
        #expect(sends(actions).isEmpty)
        #expect(session.book("A")?.bestYesBid?.size.description == "11.00")
        #expect(session.book("B")?.isTradable == true)
        guard case .deliver(.orderbookDelta) = actions.last else {
            Issue.record("the delta was not delivered: \(actions)")
            return
        }
    }

    @Test func aGapAsksForSnapshotsOfEveryMarketOnTheSubscription() {
        var (session, _) = connected([book])
        _ = session.handle(.received(#"{"type":"subscribed","id":1,"msg":{"channel":"orderbook_delta","sid":1}}"#, nowMs: 0))
        _ = session.handle(.received(snapshot(1, 1, "A"), nowMs: 0))
        _ = session.handle(.received(snapshot(1, 2, "B"), nowMs: 0))
        let actions = session.handle(.received(delta(1, 4, "A"), nowMs: 10))
        #expect(actions.contains(.booksUntrusted(["A", "B"])))
        #expect(
            sends(actions) == [
                #"{"id":2,"cmd":"update_subscription","params":{"sids":[1],"market_tickers":["A","B"],"action":"get_snapshot"}}"#
            ])
        #expect(session.book("A")?.isTradable == false)
        #expect(session.counters.resyncRequests == 1)
        // The exchange answers with ok (consuming a seq) and fresh snapshots.
        _ = session.handle(.received(#"{"id":2,"type":"ok","sid":1,"seq":5,"msg":{"market_tickers":["A","B"]}}"#, nowMs: 11))
        _ = session.handle(.received(snapshot(1, 6, "A"), nowMs: 11))
        _ = session.handle(.received(snapshot(1, 7, "B"), nowMs: 11))
        #expect(session.book("A")?.isTradable == true && session.book("B")?.isTradable == true)
        #expect(session.synchronizer.counters.gaps == 1)
        // Answered in time: the timeout does not rebuild anything.
        #expect(sends(session.handle(.tick(nowMs: 60_000))).isEmpty)
    }

    @Test func anUnansweredResyncRebuildsTheSubscription() {
        var (session, _) = connected([book])
        _ = session.handle(.received(#"{"type":"subscribed","id":1,"msg":{"channel":"orderbook_delta","sid":1}}"#, nowMs: 0))
        _ = session.handle(.received(snapshot(1, 1, "A"), nowMs: 0))
        _ = session.handle(.received(delta(1, 3, "A"), nowMs: 1_000))
        #expect(sends(session.handle(.tick(nowMs: 2_000))).isEmpty)
        let rebuilt = sends(session.handle(.tick(nowMs: 6_000)))
        #expect(
            rebuilt == [
                #"{"id":3,"cmd":"unsubscribe","params":{"sids":[1]}}"#,
                #"{"id":4,"cmd":"subscribe","params":{"channels":["orderbook_delta"],"market_tickers":["A","B"],"use_yes_price":false}}"#,
            ])
        #expect(session.counters.resubscribes == 1)
    }

    @Test func aRefusedGetSnapshotRebuildsTheSubscription() {
        var (session, _) = connected([book])
        _ = session.handle(.received(#"{"type":"subscribed","id":1,"msg":{"channel":"orderbook_delta","sid":1}}"#, nowMs: 0))
        _ = session.handle(.received(snapshot(1, 1, "A"), nowMs: 0))
        _ = session.handle(.received(delta(1, 2, "A", "-11.00"), nowMs: 0))  // negative level: resync
        let actions = session.handle(.received(#"{"id":2,"type":"error","msg":{"code":13,"msg":"Unsupported action"}}"#, nowMs: 1))
        #expect(sends(actions).count == 2)
        #expect(sends(actions).first?.contains(#""cmd":"unsubscribe""#) == true)
        #expect(session.counters.exchangeErrors == 1)
    }

    @Test func disconnectDistrustsBooksAndBacksOffWithJitter() {
        var (session, _) = connected([book])
        _ = session.handle(.received(#"{"type":"subscribed","id":1,"msg":{"channel":"orderbook_delta","sid":1}}"#, nowMs: 0))
        _ = session.handle(.received(snapshot(1, 1, "A"), nowMs: 0))
        var delays: [Int64] = []
        for attempt in 0..<6 {
            let actions = session.handle(.disconnected(reason: "test", nowMs: Int64(attempt)))
            if attempt == 0 { #expect(actions.contains(.booksUntrusted(["A"]))) }
            for case .reconnect(let delay) in actions { delays.append(delay) }
        }
        #expect(delays.count == 6)
        for (attempt, delay) in delays.enumerated() {
            let ceiling = min(30_000, Int64(250) << Int64(attempt))
            #expect(delay >= ceiling / 2 && delay <= ceiling, "attempt \(attempt): \(delay)")
        }
        #expect(session.book("A")?.isTradable == false)
        // After reconnecting, everything is subscribed again and sequence numbers restart.
        let resent = sends(session.handle(.connected(nowMs: 10)))
        #expect(resent.count == 1 && resent[0].contains(#""cmd":"subscribe""#))
        _ = session.handle(.received(#"{"type":"subscribed","id":2,"msg":{"channel":"orderbook_delta","sid":1}}"#, nowMs: 11))
        _ = session.handle(.received(snapshot(1, 1, "A"), nowMs: 11))
        #expect(session.book("A")?.isTradable == true)
        #expect(session.synchronizer.counters.gaps == 0)
    }

    @Test func malformedFramesAreReportedNotFatal() {
        var (session, _) = connected([book])
        let actions = session.handle(.received("{not json", nowMs: 0))
        guard case .malformed(.notJSON, let frame) = actions.first else {
            Issue.record("expected a malformed action: \(actions)")
            return
        }
        #expect(frame == "{not json")
        #expect(session.counters.malformedFrames == 1)
        _ = session.handle(.received(snapshot(1, 1, "A"), nowMs: 0))
        #expect(session.book("A")?.isTradable == true)
    }

    /// The feed client's entry for frames (`receive(_:nowMs:into:)`, one array kept for every
    /// frame) appends what `handle(.received)` returns, frame after frame: deltas, a gap and
    /// its resync, a malformed frame, the snapshot that heals the book.
    @Test func receivingIntoAKeptArrayActsAsHandleDoes() {
        let frames = [
            #"{"type":"subscribed","id":1,"msg":{"channel":"orderbook_delta","sid":1}}"#,
            snapshot(1, 1, "A"), delta(1, 2, "A"), snapshot(1, 3, "B"), delta(1, 4, "B", "-2.00"),
            delta(1, 6, "A"),  // a gap: both books untrusted, snapshots asked for
            "{not json", snapshot(1, 7, "A"), snapshot(1, 8, "B"), delta(1, 9, "A", "3.00"),
        ]
        var (byHandle, _) = connected([book])
        var (byReceive, _) = connected([book])
        var kept: [KalshiFeedSession.Action] = [.reconnect(afterMs: -1)]
        for (index, frame) in frames.enumerated() {
            let expected = byHandle.handle(.received(frame, nowMs: Int64(index)))
            byReceive.receive(frame, nowMs: Int64(index), into: &kept)
            #expect(Array(kept.dropFirst()) == expected, "frame \(index): \(frame)")
            #expect(kept.first == .reconnect(afterMs: -1), "what the array held stays")
            kept.removeSubrange(1...)
        }
        #expect(byReceive.book("A")?.touch == byHandle.book("A")?.touch && byReceive.book("A")?.isTradable == true)
        #expect(byReceive.counters == byHandle.counters && byReceive.counters.malformedFrames == 1)
        #expect(byReceive.synchronizer.counters.gaps == 1)
    }

    @Test func commandsRenderAsDocumented() {
        #expect(FeedCommand.unsubscribe(id: 124, sids: [1, 2]).json == #"{"id":124,"cmd":"unsubscribe","params":{"sids":[1,2]}}"#)
        #expect(
            FeedCommand.addMarkets(id: 125, sid: 456, marketTickers: ["M-1", "M-2"]).json
                == #"{"id":125,"cmd":"update_subscription","params":{"sids":[456],"market_tickers":["M-1","M-2"],"action":"add_markets"}}"#)
    }
}
