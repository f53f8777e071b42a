import Foundation
import KalshiCore
import Testing

@testable import KalshiAPI

/// A rolling session's feed: the next event's markets are subscribed with their grids (Kalshi
/// adds them to the channel's existing sid), and a settled event's markets are deleted from
/// that sid (or the sid unsubscribed when nothing else is left) and not restored after a
/// reconnect.
struct FeedRollTests {
    let first = FeedSubscription(channels: ["orderbook_delta", "trade"], marketTickers: ["A1", "A2"])
    let next = FeedSubscription(channels: ["orderbook_delta", "trade"], marketTickers: ["B1"])

    /// What was sent, command ids blanked (a resync asked for on the way takes one).
    func sends(_ actions: [KalshiFeedSession.Action]) -> [String] {
        actions.compactMap { if case .send(let text) = $0 { text } else { nil } }.map {
            $0.replacingOccurrences(of: #"^\{"id":[0-9]+,"#, with: #"{"id":_,"#, options: .regularExpression)
        }
    }

    func subscribed(_ id: Int, _ channel: String, _ sid: Int) -> String {
        #"{"type":"subscribed","id":\#(id),"msg":{"channel":"\#(channel)","sid":\#(sid)}}"#
    }

    func snapshot(_ sid: Int, _ seq: Int, _ ticker: String, yes: String) -> String {
        #"{"type":"orderbook_snapshot","sid":\#(sid),"seq":\#(seq),"msg":{"market_ticker":"\#(ticker)","yes_dollars_fp":[["\#(yes)","10.00"]],"no_dollars_fp":[["0.50","5.00"]]}}"#
    }

    @Test func theNextEventJoinsTheSidAndASettledOneLeavesIt() {
        var session = KalshiFeedSession(subscriptions: [first, FeedSubscription(channels: ["fill"])])
        _ = session.handle(.connected(nowMs: 0))
        _ = session.handle(.received(subscribed(1, "orderbook_delta", 1), nowMs: 0))
        _ = session.handle(.received(subscribed(1, "trade", 2), nowMs: 0))
        _ = session.handle(.received(subscribed(2, "fill", 3), nowMs: 0))
        _ = session.handle(.received(snapshot(1, 1, "A1", yes: "0.40"), nowMs: 0))
        _ = session.handle(.received(snapshot(1, 2, "A2", yes: "0.40"), nowMs: 0))

        // Added while connected: sent at once; the exchange answers with the channel's sids.
        let added = sends(session.subscribe(next, grids: ["B1": .linearCent]))
        #expect(
            added == [#"{"id":_,"cmd":"subscribe","params":{"channels":["orderbook_delta","trade"],"market_tickers":["B1"],"use_yes_price":false}}"#])
        _ = session.handle(.received(subscribed(3, "orderbook_delta", 1), nowMs: 1))
        _ = session.handle(.received(subscribed(3, "trade", 2), nowMs: 1))
        _ = session.handle(.received(snapshot(1, 3, "B1", yes: "0.0450"), nowMs: 1))
        #expect(session.book("B1")?.isTradable == false, "a 0.0450 level is off the cent grid given (the default grid takes it)")
        #expect(session.book("A1")?.isTradable == true, "the first event's books are untouched")

        // The first event is over: its markets leave both sids, which still follow B1.
        let retired = sends(session.retire(marketTickers: ["A1", "A2"]))
        #expect(
            retired == [
                #"{"id":_,"cmd":"update_subscription","params":{"sids":[1],"market_tickers":["A1","A2"],"action":"delete_markets"}}"#,
                #"{"id":_,"cmd":"update_subscription","params":{"sids":[2],"market_tickers":["A1","A2"],"action":"delete_markets"}}"#,
            ])
        #expect(session.book("A1") == nil)
        #expect(session.subscriptions == [FeedSubscription(channels: ["fill"]), next])

        // B1 over too: now the sids follow nothing else and are unsubscribed.
        let all = sends(session.retire(marketTickers: ["B1"]))
        #expect(all == [#"{"id":_,"cmd":"unsubscribe","params":{"sids":[1,2]}}"#])
        #expect(session.subscriptions == [FeedSubscription(channels: ["fill"])])
    }

    @Test func aReconnectRestoresOnlyWhatIsStillFollowed() {
        var session = KalshiFeedSession(subscriptions: [first, FeedSubscription(channels: ["fill"])])
        _ = session.handle(.connected(nowMs: 0))
        _ = session.subscribe(next)
        #expect(sends(session.retire(marketTickers: ["A1", "A2"])).isEmpty, "no sid known yet: nothing to send")
        _ = session.handle(.disconnected(reason: "test", nowMs: 2))
        let restored = sends(session.handle(.connected(nowMs: 3)))
        #expect(restored.count == 2)
        #expect(!restored.contains { $0.contains("A1") })
        #expect(restored.contains { $0.contains(#""market_tickers":["B1"]"#) })
    }

    @Test func aSubscriptionKeepsItsOtherMarkets() {
        var session = KalshiFeedSession(subscriptions: [FeedSubscription(channels: ["orderbook_delta"], marketTickers: ["A1", "B1"])])
        _ = session.retire(marketTickers: ["A1", "Z"])
        #expect(session.subscriptions == [FeedSubscription(channels: ["orderbook_delta"], marketTickers: ["B1"])])
    }
}
