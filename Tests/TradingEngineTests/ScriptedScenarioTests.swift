import KalshiCore
import Pricing
import Strategies
import Testing

@testable import TradingEngine

/// A scripted hour-end of one ETH market replayed through `SimulationRunner` (engine +
/// simulated exchange + BinaryEdgeStrategy), with every order, fill, fee and the P&L worked
/// out by hand below; and the runner's latency and close handling.
struct ScriptedScenarioTests {
    static let close = t0 + 3_600_000
    static let start = close - 600_000
    static let ticker = "KXETHD-26JAN0101-T3000"

    struct Outcome: Equatable {
        var records: [EngineRecord]
        var cash: Money
        var position: Quantity
        var fees: Money
        var realized: Money
        var premium: Money
        var redemptions: Money
        var settlements: [String: Money]
        var settlementValue: Money?
    }

    /// The script. Latency 50 ms each way, so a decision at t is filled at t + 50 and heard of at t + 100.
    ///
    /// | time        | event                                   | what happens
    /// |-------------|-----------------------------------------|-------------------------------------------------------
    /// | S           | vol 0.5; book 0.40 bid / asks 0.60×3, 0.62×4, 0.70×10 |
    /// | S+100       | ETH index 3100 (fair ≈ 1)               | buy 5 @ 0.60 IOC (R-1)
    /// | S+150/200   | R-1 meets 3 at 0.60; 2 canceled         | fee ceil(0.07×3×0.6×0.4 = 0.0504); cash 1000 − 1.80 − 0.0504 = 998.1496
    /// | S+1000      | feed removes the 3 at 0.60 → ask 0.62   | edge, but cooldown (0.9 s < 2 s)
    /// | S+2100      | ETH index 3100                          | buy 5 @ 0.62 IOC (R-2)
    /// | S+2200      | R-2 meets 4 at 0.62; 1 canceled         | fee 0.07×4×0.62×0.38 = 0.065968 → 0.0660; cash 995.6036; +7
    /// | S+3000      | feed removes the 4 → ask 0.70           | cooldown
    /// | S+5000      | ETH index 2900 (fair ≈ 0)               | sell 5 @ 0.40 IOC (R-3)
    /// | S+5100      | R-3 hits 5 at 0.40                      | NO at 0.60 nets 5 YES: −3.00 − 0.0840 + 5.00; cash 997.5196; +2
    /// | C−60 s      | ETH index 3050                          | buy refused: terminal_exit_time (60 s)
    /// | C−30 s      | ETH index 3150                          | buy refused again
    /// | C+1 s       | timer: settlement                       | average (30×3050 + 30×3150)/60 = 3100 > 3000: YES; +2 × $1
    ///
    /// Final cash 999.5196 = 1000 − premium 7.28 (1.80 + 2.48 + 3.00) + redemptions 5 − fees 0.2004 + payout 2.
    /// Realized (fees excluded): the 5 netted carried 5/7 of the 4.28 cost = 3.057142 (floored),
    /// 5 − 3.00 − 3.057142 = −1.057142; settlement 2 − 1.222858 = 0.777142; total −0.28.
    static func run() -> Outcome {
        let strategy = BinaryEdgeStrategy(
            configuration: BinaryEdgeConfiguration(
                tradeSize: qty(5), minimumEdge: dollars("0.03"), strikes: .nearest, nearestStrikes: 1, cooldownSeconds: 2,
                orderTimeoutSeconds: 10))
        let engine = TradingEngine(strategy: strategy, startingBalance: dollars("1000"), limits: RiskLimits(), sessionPrefix: "R")
        var runner = SimulationRunner(
            engine: engine,
            exchange: SimulatedExchange(
                configuration: SimulatedExchangeConfiguration(entryLatencyMs: 50, acknowledgementLatencyMs: 50)))
        let id = runner.addMarket(ethMarket(ticker, strike: "3000", closeMs: close), asset: "ETH")
        let events: [TimedEvent] = [
            TimedEvent(timeMs: start, .volatility(asset: "ETH", sigma: 0.5)),
            TimedEvent(
                timeMs: start,
                .bookSnapshot(id, yes: bids([("0.40", 10), ("0.38", 10)]), no: asks([("0.60", 3), ("0.62", 4), ("0.70", 10)]))),
            TimedEvent(timeMs: start + 100, spot("3100", atMs: start + 100)),
            TimedEvent(timeMs: start + 1_000, .bookDelta(id, BookDelta(side: .no, price: price("0.40"), delta: qty(-3)))),
            TimedEvent(timeMs: start + 2_100, spot("3100", atMs: start + 2_100)),
            TimedEvent(timeMs: start + 3_000, .bookDelta(id, BookDelta(side: .no, price: price("0.38"), delta: qty(-4)))),
            TimedEvent(timeMs: start + 5_000, spot("2900", atMs: start + 5_000)),
            TimedEvent(timeMs: close - 60_000, spot("3050", atMs: close - 60_000)),
            TimedEvent(timeMs: close - 30_000, spot("3150", atMs: close - 30_000)),
            TimedEvent(timeMs: close + 1_000, .timer),
        ]
        for event in events { runner.feed(event) }
        runner.finish()
        let state = runner.engine.state
        return Outcome(
            records: runner.drainRecords(), cash: state.portfolio.cash, position: state.portfolio.position(ticker),
            fees: state.portfolio.fees, realized: state.portfolio.realizedPnL, premium: state.portfolio.premiumPaid,
            redemptions: state.portfolio.redemptions, settlements: state.portfolio.settlementPayouts,
            settlementValue: runner.exchange.settlementValue(id))
    }

    @Test func scriptedHourEndGivesExactOrdersFillsAndPnL() throws {
        let outcome = Self.run()
        let s = Self.start
        let orders = outcome.records.orders.map {
            "\($0.timeMs - s) \($0.clientOrderId) \($0.event) \($0.side) \($0.price)×\($0.count) \($0.reason ?? "")"
        }
        #expect(
            orders == [
                "100 R-1 sent bid 0.6000×5.00 ",
                "200 R-1 accepted bid 0.6000×5.00 ",
                "200 R-1 filled bid 0.6000×5.00 ",
                "200 R-1 canceled bid 0.6000×5.00 immediate_or_cancel",
                "2100 R-2 sent bid 0.6200×5.00 ",
                "2200 R-2 accepted bid 0.6200×5.00 ",
                "2200 R-2 filled bid 0.6200×5.00 ",
                "2200 R-2 canceled bid 0.6200×5.00 immediate_or_cancel",
                "5000 R-3 sent ask 0.4000×5.00 ",
                "5100 R-3 accepted ask 0.4000×5.00 ",
                "5100 R-3 filled ask 0.4000×5.00 ",
                "540000 R-4 rejected_by_risk bid 0.7000×5.00 terminal_exit_time",
                "570000 R-5 rejected_by_risk bid 0.7000×5.00 terminal_exit_time",
            ])
        let fills = outcome.records.fills.map {
            "\($0.timeMs - s) \($0.clientOrderId) \($0.side) \($0.price)×\($0.count) fee \($0.fee) \($0.isTaker ? "taker" : "maker") → \($0.position)"
        }
        #expect(
            fills == [
                "200 R-1 bid 0.6000×3.00 fee 0.0504 taker → 3.00",
                "2200 R-2 bid 0.6200×4.00 fee 0.0660 taker → 7.00",
                "5100 R-3 ask 0.4000×5.00 fee 0.0840 taker → 2.00",
            ])
        // The fees, independently of FeeSchedule.
        #expect(takerFeeByHand(cents: 60, contracts: 3) == dollars("0.0504"))
        #expect(takerFeeByHand(cents: 62, contracts: 4) == dollars("0.0660"))
        #expect(takerFeeByHand(cents: 40, contracts: 5) == dollars("0.0840"))
        #expect(
            outcome.records.decisions.map { "\($0.timeMs - s) \($0.action)" } == [
                "100 buy", "1000 cooldown", "2100 buy", "3000 cooldown", "5000 sell", "540000 buy", "570000 buy",
            ])
        #expect(outcome.settlementValue == dollars("3100"))
        #expect(outcome.records.states.contains { $0.kind == "settlement" && $0.ticker == Self.ticker })
        #expect(outcome.cash == dollars("999.5196"))
        #expect(outcome.position == .zero)
        #expect(outcome.fees == dollars("0.2004"))
        #expect(outcome.premium == dollars("7.28"))
        #expect(outcome.redemptions == dollars("5"))
        #expect(outcome.settlements == [Self.ticker: dollars("2")])
        #expect(outcome.realized == dollars("-0.28"))
        #expect(outcome.cash == dollars("1000") - dollars("7.28") + dollars("5") - dollars("0.2004") + dollars("2"))
    }

    @Test func replayingTheScriptGivesIdenticalRecords() {
        let first = Self.run()
        let second = Self.run()
        #expect(first == second)
        #expect(first.records.count > 20)
    }

    // MARK: Latency and the close, through the runner

    static func runner(plan: [Int64: [StrategyActions.Request]], entry: Int64 = 50, ack: Int64 = 70)
        -> SimulationRunner<ScriptedStrategy>
    {
        let engine = TradingEngine(
            strategy: ScriptedStrategy(plan: plan), startingBalance: dollars("1000"), limits: looseLimits(), sessionPrefix: "L")
        var runner = SimulationRunner(
            engine: engine,
            exchange: SimulatedExchange(
                configuration: SimulatedExchangeConfiguration(entryLatencyMs: entry, acknowledgementLatencyMs: ack)))
        runner.addMarket(ethMarket("M"), asset: "ETH")
        runner.feed(
            TimedEvent(
                timeMs: t0 + 1_000, .bookSnapshot(MarketID(0), yes: bids([("0.49", 10)]), no: asks([("0.50", 3), ("0.52", 4)]))))
        runner.feed(TimedEvent(timeMs: t0 + 1_000, spot("3000", atMs: t0 + 1_000)))
        return runner
    }

    @Test func entryAndAcknowledgementLatencyAreHonoured() {
        let m = MarketID(0)
        var runner = Self.runner(plan: [t0 + 2_000: [.buy(m, "0.53", 10, .immediateOrCancel)]])
        runner.feed(TimedEvent(timeMs: t0 + 2_000, .timer))
        // Someone else lifts the 0.50 offer while our order is on its way (it arrives at +50).
        runner.feed(TimedEvent(timeMs: t0 + 2_030, .bookDelta(m, BookDelta(side: .no, price: price("0.50"), delta: qty(-3)))))
        runner.feed(TimedEvent(timeMs: t0 + 2_119, .timer))
        #expect(runner.engine.state.orders.order("L-1")?.status == .pendingNew)  // reports come at +50 +70
        runner.feed(TimedEvent(timeMs: t0 + 3_000, .timer))
        let records = runner.drainRecords()
        #expect(
            records.orders.map { "\($0.timeMs - t0) \($0.event)" } == [
                "2000 sent", "2120 accepted", "2120 filled", "2120 canceled",
            ])
        #expect(records.fills.map { "\($0.price)×\($0.count)" } == ["0.5200×4.00"])
        #expect(runner.engine.state.orders.order("L-1")?.status == .cancelled)
    }

    @Test func fillsWhileACancelIsInFlightAreBooked() {
        let m = MarketID(0)
        var runner = Self.runner(plan: [t0 + 2_000: [.buy(m, "0.49", 5)], t0 + 3_000: [.cancel(clientOrderId: "L-1")]])
        runner.feed(TimedEvent(timeMs: t0 + 2_000, .timer))
        runner.feed(TimedEvent(timeMs: t0 + 3_000, .timer))
        #expect(runner.engine.state.orders.order("L-1")?.status == .pendingCancel)
        // Before the cancel arrives (+50), a sale through our price fills 2.
        runner.feed(TimedEvent(timeMs: t0 + 3_020, .publicTrade(m, yesPrice: price("0.45"), count: qty(2), takerSide: .ask)))
        runner.feed(TimedEvent(timeMs: t0 + 4_000, .timer))
        let order = runner.engine.state.orders.order("L-1")
        #expect(order?.status == .cancelled)
        #expect(order?.filled == qty(2))
        #expect(order?.canceled == qty(3))
        #expect(runner.engine.state.portfolio.position("M") == qty(2))
        #expect(runner.engine.state.risk.halted == nil)
        let events = runner.drainRecords().orders.filter { $0.clientOrderId == "L-1" }.map { "\($0.timeMs - t0) \($0.event)" }
        #expect(events == ["2000 sent", "2120 accepted", "3000 cancel_sent", "3090 filled", "3120 canceled"])
    }

    @Test func aCancelThatMissesAFilledOrderIsNotAnAnomaly() {
        let m = MarketID(0)
        var runner = Self.runner(plan: [t0 + 2_000: [.buy(m, "0.49", 5)], t0 + 3_000: [.cancel(clientOrderId: "L-1")]])
        runner.feed(TimedEvent(timeMs: t0 + 2_000, .timer))
        runner.feed(TimedEvent(timeMs: t0 + 3_000, .timer))
        // The whole order fills before the cancel arrives; the venue then answers "not found".
        runner.feed(TimedEvent(timeMs: t0 + 3_020, .publicTrade(m, yesPrice: price("0.45"), count: qty(9), takerSide: .ask)))
        runner.feed(TimedEvent(timeMs: t0 + 4_000, .timer))
        #expect(runner.engine.state.orders.order("L-1")?.status == .filled)
        #expect(runner.engine.state.orders.anomalies == 0)
        #expect(runner.engine.state.risk.halted == nil)
        let last = runner.drainRecords().orders.last
        #expect(last?.event == "rejected")
        #expect(last?.reason == "order_not_found")
    }

    @Test func restingOrdersDieAtTheCloseAndNeverFillAfterIt() {
        let m = MarketID(0)
        var runner = Self.runner(plan: [t0 + 2_000: [.buy(m, "0.49", 5)]])
        runner.feed(TimedEvent(timeMs: t0 + 2_000, .timer))
        runner.feed(TimedEvent(timeMs: t0 + 3_000, .timer))
        #expect(runner.engine.state.orders.order("L-1")?.status == .open)
        // The first data after the close is a sale through our bid: the market is closed, no fill.
        runner.feed(TimedEvent(timeMs: Self.close + 10, .publicTrade(m, yesPrice: price("0.45"), count: qty(9), takerSide: .ask)))
        runner.finish()
        let order = runner.engine.state.orders.order("L-1")
        #expect(order?.status == .cancelled)
        #expect(order?.filled == .zero)
        let canceled = runner.drainRecords().orders.last
        #expect(canceled?.event == "canceled")
        #expect(canceled?.reason == "market_closed")
        #expect(canceled?.timeMs == Self.close + 10 + 70)
    }
}
