import KalshiCore
import Testing

@testable import TradingEngine

/// A restart rebuilds the engine from the journal and from reconciliation; positions reached that
/// way must be valued like positions reached by live fills, or the session-loss rule sees a loss
/// that is not there (or misses one that is).
struct RestoreHeldPositionTests {
    static let start = t0 + 1_000

    static let fee = FeeSchedule().tradeFee(price: price("0.50"), count: qty(20), role: .taker)

    /// 20 YES bought at 0.50 before the restart: cash 990 less the fee, the position worth 10 at the mid.
    static func restoredHarness() -> RiskHarness {
        var h = RiskHarness(plan: [:], limits: looseLimits(maxBalanceDev: "5"))
        let spec = OrderSpec(
            clientOrderId: "R-1", market: h.ids[0], ticker: "M1", side: .bid, price: price("0.50"), count: qty(20),
            timeInForce: .immediateOrCancel)
        h.engine.restoreOrder(spec, timeMs: t0)
        h.engine.restoreReport(.accepted(clientOrderId: "R-1", orderId: "x-1"), timeMs: t0)
        h.engine.restoreReport(
            .fill(
                ExecutionFill(
                    clientOrderId: "R-1", tradeId: "t-1", side: .bid, yesPrice: price("0.50"), count: qty(20), fee: Self.fee,
                    isTaker: true)), timeMs: t0)
        return h
    }

    @Test func aRestoredPositionIsValuedAtItsMarkNotAsCash() {
        var h = Self.restoredHarness()
        #expect(h.state.portfolio.cash == dollars("990") - Self.fee)
        h.refresh(at: Self.start)
        #expect(h.state.risk.halted == nil, "a position bought before the restart is not a loss")
        #expect(h.engine.currentEquity() == dollars("1000") - Self.fee)
    }

    @Test func aRealLossOnARestoredPositionStillHalts() {
        var h = Self.restoredHarness()
        h.refresh(at: Self.start)
        h.send(.bookSnapshot(h.ids[0], yes: bids([("0.24", 100)]), no: asks([("0.26", 100)])), at: Self.start + 1_000)
        #expect(h.state.risk.halted == .sessionLoss)
    }

    @Test func aRestoredSettlementLeavesNothingHeld() {
        var h = Self.restoredHarness()
        h.engine.restoreSettlement(ticker: "M1", result: .yes, timeMs: t0 + 10)
        #expect(h.engine.heldMarkets.isEmpty)
        #expect(h.engine.currentEquity() == h.state.portfolio.cash)
    }

    @Test func aPositionCorrectedByReconciliationIsValued() {
        var h = RiskHarness(plan: [:], limits: looseLimits(maxBalanceDev: "5"))
        h.refresh(at: Self.start)
        // The exchange says we hold 20 YES that no journal knows of, bought for 10.
        let account = ExchangeAccountView(
            balance: dollars("990"), positions: ["M1": qty(20)], orders: [], fills: [], settlements: [:],
            fetchStartedMs: Self.start, isConsistent: true)
        _ = h.engine.reconcile(account, options: ReconciliationOptions(orphanPolicy: .cancel), nowMs: Self.start + 10)
        #expect(h.state.portfolio.position("M1") == qty(20))
        #expect(h.engine.heldMarkets == [h.ids[0].index])
        #expect(h.engine.currentEquity() == dollars("1000"))
        #expect(h.state.risk.halted == nil)
    }
}
