import KalshiCore
import Testing

@testable import KalshiAPI

/// A rolling session's feed: the next event's markets are added with their grids, and a settled
/// event's subscription is dropped, unsubscribed and not restored after a reconnect.
struct FeedRollTests {
    let first = FeedSubscription(channels: ["orderbook_delta", "trade"], marketTickers: ["A1", "A2"])
    let next = FeedSubscription(channels: ["orderbook_delta", "trade"], marketTickers: ["B1"])

    func sends(_ actions: [KalshiFeedSession.Action]) -> [String] {
        actions.compactMap { if case .send(let text) = $0 { text } else { nil } }
    }

    func subscribed(_ id: Int, _ channel: String, _ sid: Int) -> String {
        #"{"type":"subscribed","id":\#(id),"msg":{"channel":"\#(channel)","sid":\#(sid)}}"#
    }

    @Test func aNewEventIsSubscribedWithItsGridAndASettledOneIsUnsubscribed() {
        var session = KalshiFeedSession(subscriptions: [first, FeedSubscription(channels: ["fill"])])
        _ = session.handle(.connected(nowMs: 0))
        _ = session.handle(.received(subscribed(1, "orderbook_delta", 1), nowMs: 0))
        _ = session.handle(.received(subscribed(1, "trade", 2), nowMs: 0))
        _ = session.handle(.received(subscribed(2, "fill", 3), nowMs: 0))

        // Added while connected: sent at once, its market on the grid given.
        let added = sends(session.subscribe(next, grids: ["B1": .linearCent]))
        #expect(
            added == [#"{"id":3,"cmd":"subscribe","params":{"channels":["orderbook_delta","trade"],"market_tickers":["B1"],"use_yes_price":false}}"#])
        _ = session.handle(.received(subscribed(3, "orderbook_delta", 4), nowMs: 1))
        _ = session.handle(
            .received(
                #"{"type":"orderbook_snapshot","sid":4,"seq":1,"msg":{"market_ticker":"B1","yes_dollars_fp":[["0.0450","10.00"]],"no_dollars_fp":[["0.50","5.00"]]}}"#,
                nowMs: 1))
        #expect(session.book("B1")?.isTradable == false, "a 0.0450 level is off the cent grid given (the default grid takes it)")

        // The first event is over: both of its sids are unsubscribed, its books forgotten.
        let retired = sends(session.retire(marketTickers: ["A1", "A2"]))
        #expect(retired == [#"{"id":4,"cmd":"unsubscribe","params":{"sids":[1,2]}}"#])
        #expect(session.book("A1") == nil)
        #expect(session.subscriptions == [FeedSubscription(channels: ["fill"]), next])

        // A reconnect restores what is still followed, and only that.
        _ = session.handle(.disconnected(reason: "test", nowMs: 2))
        let restored = sends(session.handle(.connected(nowMs: 3)))
        #expect(restored.count == 2)
        #expect(!restored.contains { $0.contains("A1") })
        #expect(restored.contains { $0.contains(#""market_tickers":["B1"]"#) })
    }

    @Test func retiringWhileDisconnectedSendsNothingAndDropsTheSubscription() {
        var session = KalshiFeedSession(subscriptions: [first, next])
        #expect(sends(session.retire(marketTickers: ["A1", "A2"])).isEmpty)
        #expect(session.subscriptions == [next])
        // A subscription that still names a live market is kept.
        #expect(sends(session.retire(marketTickers: ["Z"])).isEmpty)
        #expect(session.subscriptions == [next])
    }
}
