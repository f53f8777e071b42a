import KalshiCore
import Testing

@testable import TradingEngine

/// Limits are the account's: what other sessions on the same key and manual trades hold counts
/// against the inventory limits, the balance floor and the loss limit as soon as a
/// reconciliation reads it from the exchange.
struct AccountLevelRiskTests {
    static let start = t0 + 1_000

    /// The exchange's record: our session has no fills, another one on the key sold 84 YES.
    static func accountWithForeignFills(position: Int = -84, balance: String = "1040") -> ExchangeAccountView {
        let foreign = ExchangeFillView(
            tradeId: "other-1", orderId: "someone-else", clientOrderId: "other-session-1", ticker: "M1", side: .ask,
            yesPrice: price("0.50"), count: qty(abs(position)), fee: .zero, isTaker: true, timeMs: t0)
        return ExchangeAccountView(
            balance: dollars(balance), positions: ["M1": qty(position)], orders: [], fills: [foreign], settlements: [:],
            fetchStartedMs: start, isConsistent: true)
    }

    @Test func foreignFillsNoLongerDeferThePositionAndCashCheck() {
        var h = RiskHarness(plan: [:], limits: looseLimits(maxInventory: 20))
        h.refresh(at: Self.start)
        let outcome = h.engine.reconcile(
            Self.accountWithForeignFills(), options: ReconciliationOptions(orphanPolicy: .ignore), nowMs: Self.start + 10)
        #expect(!outcome.deferredAccountCheck, "the account holds fills this session did not make: still compared")
        #expect(outcome.corrections.map(\.kind) == ["position", "cash"])
        #expect(h.state.portfolio.position("M1") == qty(-84))
        #expect(h.state.portfolio.cash == dollars("1040"))
    }

    @Test func whatOtherSessionsLoseCountsAgainstTheLossLimit() {
        var h = RiskHarness(plan: [:], limits: looseLimits(maxBalanceDev: "5"))
        h.refresh(at: Self.start)
        #expect(h.state.risk.halted == nil)
        // Another session bought 100 YES at 0.50 (cash 950); the market is at 0.44: the account is down 6.
        let account = ExchangeAccountView(
            balance: dollars("950"), positions: ["M1": qty(100)], orders: [],
            fills: [
                ExchangeFillView(
                    tradeId: "other-3", orderId: "x", clientOrderId: nil, ticker: "M1", side: .bid, yesPrice: price("0.50"),
                    count: qty(100), fee: .zero, isTaker: true, timeMs: t0)
            ], settlements: [:], fetchStartedMs: Self.start, isConsistent: true)
        h.send(.bookSnapshot(h.ids[0], yes: bids([("0.43", 100)]), no: asks([("0.45", 100)])), at: Self.start + 5)
        _ = h.engine.reconcile(account, options: ReconciliationOptions(orphanPolicy: .ignore), nowMs: Self.start + 10)
        #expect(h.state.risk.halted == .sessionLoss)
    }

    @Test func theInventoryLimitCountsWhatOtherSessionsHold() {
        var h = RiskHarness(plan: [:], limits: looseLimits(maxInventory: 20))
        h.refresh(at: Self.start)
        _ = h.engine.reconcile(
            Self.accountWithForeignFills(), options: ReconciliationOptions(orphanPolicy: .ignore), nowMs: Self.start + 10)
        h.refresh(at: Self.start + 20)
        // Already short 84 against a limit of 20: no more selling; buying back is what is left.
        #expect(h.decide(h.ids[0], .ask, "0.50", qty(1)) == .reject(.maxInventory))
        #expect(h.decide(h.ids[0], .bid, "0.50", qty(10)) == .accept)
    }

    @Test func theBalanceFloorIsTheAccountsBalance() {
        var h = RiskHarness(plan: [:], limits: looseLimits(minimumBalance: "990"))
        h.refresh(at: Self.start)
        // Another session spent 9.50 of the account's 1000: 0.50 is left above the floor.
        let account = ExchangeAccountView(
            balance: dollars("990.50"), positions: ["M2": qty(19)], orders: [],
            fills: [
                ExchangeFillView(
                    tradeId: "other-2", orderId: "x", clientOrderId: nil, ticker: "M2", side: .bid, yesPrice: price("0.50"),
                    count: qty(19), fee: .zero, isTaker: true, timeMs: t0)
            ], settlements: [:], fetchStartedMs: Self.start, isConsistent: true)
        _ = h.engine.reconcile(account, options: ReconciliationOptions(orphanPolicy: .ignore), nowMs: Self.start + 10)
        h.refresh(at: Self.start + 20)
        // One YES at 0.49 costs 0.49 + fee: nothing more fits.
        #expect(h.decide(h.ids[0], .bid, "0.49", qty(5)) == .reject(.minimumBalance))
    }

    @Test func aPositionBookedBeforeItsMarketHasAPriceIsNotALoss() {
        // The start reconciliation runs before market data: 100 YES the account holds are booked
        // at $0.50 for want of a price; the market then shows 0.10. That is the account's state
        // at start, not a loss of 40.
        var h = RiskHarness(plan: [:], limits: looseLimits(maxBalanceDev: "5"))
        let account = ExchangeAccountView(
            balance: dollars("1000"), positions: ["M1": qty(100)], orders: [],
            fills: [
                ExchangeFillView(
                    tradeId: "manual-1", orderId: "m", clientOrderId: nil, ticker: "M1", side: .bid, yesPrice: price("0.30"),
                    count: qty(100), fee: .zero, isTaker: true, timeMs: t0 - 100_000)
            ], settlements: [:], fetchStartedMs: t0, isConsistent: true)
        _ = h.engine.reconcile(
            account, options: ReconciliationOptions(orphanPolicy: .ignore, establishesBaseline: true), nowMs: t0 + 10)
        h.send(.bookSnapshot(h.ids[0], yes: bids([("0.09", 100)]), no: asks([("0.11", 100)])), at: Self.start)
        #expect(h.state.risk.halted == nil)
        // From then on, what the market does to the position counts: a fall to 0.04 is a loss of 6.
        h.send(.bookSnapshot(h.ids[0], yes: bids([("0.03", 100)]), no: asks([("0.05", 100)])), at: Self.start + 1_000)
        #expect(h.state.risk.halted == .sessionLoss)
    }
}
