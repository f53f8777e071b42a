import KalshiCore
import Testing

@testable import TradingEngine

/// What the order manager keeps over a long session: an index from the exchange's order ids,
/// and only the orders of markets that are not over.
struct OrderManagerRetentionTests {
    static func spec(_ id: String, _ market: Int) -> OrderSpec {
        OrderSpec(
            clientOrderId: id, market: MarketID(market), ticker: "M\(market)", side: .bid, price: price("0.50"), count: qty(10),
            timeInForce: .goodTillCanceled)
    }

    static func fill(_ id: String, _ contracts: Int) -> ExecutionReport {
        .fill(
            ExecutionFill(
                clientOrderId: id, tradeId: "tr-\(id)", side: .bid, yesPrice: price("0.50"), count: qty(contracts), fee: .zero,
                isTaker: false))
    }

    /// Three orders in market 0 (filled, resting, in doubt) and one refused in market 1.
    static func manager() -> OrderManager {
        var manager = OrderManager(sessionPrefix: "T")
        for (id, market) in [("T-1", 0), ("T-2", 0), ("T-3", 0), ("T-4", 1)] { _ = manager.register(spec(id, market), nowMs: 1) }
        _ = manager.apply(.accepted(clientOrderId: "T-1", orderId: "o-1"), nowMs: 2)
        _ = manager.apply(fill("T-1", 10), nowMs: 3)
        _ = manager.apply(.accepted(clientOrderId: "T-2", orderId: "o-2"), nowMs: 2)
        _ = manager.apply(.unknown(clientOrderId: "T-3", reason: "timeout"), nowMs: 2)
        _ = manager.apply(.rejected(clientOrderId: "T-4", reason: "no"), nowMs: 2)
        return manager
    }

    @Test func anExchangeOrderIdLeadsToItsClientOrderId() {
        let manager = Self.manager()
        #expect(manager.clientOrderId(ofOrder: "o-1") == "T-1")
        #expect(manager.clientOrderId(ofOrder: "o-2") == "T-2")
        #expect(manager.clientOrderId(ofOrder: "o-9") == nil, "an id the exchange never gave one of ours")
        // A report the manager refuses (an order it does not know) indexes nothing.
        var changed = manager
        guard case .failure = changed.apply(.accepted(clientOrderId: "T-9", orderId: "o-9"), nowMs: 4) else {
            Issue.record("an acknowledgement of an unknown order was accepted")
            return
        }
        #expect(changed.clientOrderId(ofOrder: "o-9") == nil)
    }

    @Test func onlyTheFinishedOrdersOfMarketsThatAreOverAreForgotten() {
        var manager = Self.manager()
        #expect(manager.forgetFinishedOrders(in: [MarketID(0)]) == 1)
        #expect(manager.order("T-1") == nil && manager.clientOrderId(ofOrder: "o-1") == nil, "filled, in a market that is over")
        #expect(manager.order("T-2")?.status == .open, "resting orders stay")
        #expect(manager.order("T-3")?.status == .unknown, "orders in doubt stay")
        #expect(manager.clientOrderId(ofOrder: "o-2") == "T-2")
        #expect(manager.order("T-4")?.status == .rejected, "another market's orders stay")
        #expect(manager.registeredCount == 4, "what was sent still counts")
        #expect(manager.activeOrders(in: MarketID(0)).map(\.clientOrderId) == ["T-2", "T-3"])

        // A report for a forgotten order is an anomaly, never a new order.
        let anomalies = manager.anomalies
        guard case .failure = manager.apply(Self.fill("T-1", 1), nowMs: 5) else {
            Issue.record("a fill of a forgotten order was applied")
            return
        }
        #expect(manager.anomalies == anomalies + 1 && manager.order("T-1") == nil)
    }
}
