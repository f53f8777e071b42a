import KalshiCore
import Testing

@testable import TradingEngine

/// The order lifecycle state machine: (state reached by a history, report) → new state or anomaly.
struct OrderLifecycleTests {
    /// One step of an order's history: a venue report, or our own cancel request.
    enum Step: Sendable, CustomStringConvertible {
        case ack
        case reject
        case fill(Int)
        case canceled(Int)
        case amended(String, Int)
        case unknown
        case cancelRequested

        var description: String {
            switch self {
            case .ack: "ack"
            case .reject: "reject"
            case .fill(let n): "fill \(n)"
            case .canceled(let n): "canceled \(n)"
            case .amended(let p, let n): "amended \(p)×\(n)"
            case .unknown: "unknown"
            case .cancelRequested: "cancel requested"
            }
        }

        func report(_ id: String) -> ExecutionReport? {
            switch self {
            case .ack: .accepted(clientOrderId: id, orderId: "ex-1")
            case .reject: .rejected(clientOrderId: id, reason: "test")
            case .fill(let n):
                .fill(
                    ExecutionFill(
                        clientOrderId: id, tradeId: "t", side: .bid, yesPrice: price("0.50"), count: qty(n), fee: .zero,
                        isTaker: false))
            case .canceled(let n): .canceled(clientOrderId: id, canceledCount: qty(n), reason: "test")
            case .amended(let p, let n): .amended(clientOrderId: id, price: price(p), totalCount: qty(n))
            case .unknown: .unknown(clientOrderId: id, reason: "timeout")
            case .cancelRequested: nil
            }
        }
    }

    enum Outcome: Equatable, Sendable {
        case status(OrderStatus, filled: Int)
        case anomaly
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var history: [Step]
        var report: Step
        var expected: Outcome
        var testDescription: String { "\(history) + \(report) → \(expected)" }
    }

    static let cases: [Case] = [
        // The happy paths.
        Case(history: [], report: .ack, expected: .status(.open, filled: 0)),
        Case(history: [], report: .reject, expected: .status(.rejected, filled: 0)),
        Case(history: [.ack], report: .fill(4), expected: .status(.partiallyFilled, filled: 4)),
        Case(history: [.ack, .fill(4)], report: .fill(6), expected: .status(.filled, filled: 10)),
        Case(history: [.ack], report: .canceled(10), expected: .status(.cancelled, filled: 0)),
        Case(history: [.ack, .fill(4)], report: .canceled(6), expected: .status(.cancelled, filled: 4)),
        // Fills that arrive before the acknowledgement.
        Case(history: [], report: .fill(4), expected: .status(.partiallyFilled, filled: 4)),
        Case(history: [.fill(4)], report: .ack, expected: .status(.partiallyFilled, filled: 4)),
        Case(history: [.fill(10)], report: .ack, expected: .status(.filled, filled: 10)),
        // Fills after a cancel request: the order stays pending cancel until the venue answers.
        Case(history: [.ack, .cancelRequested], report: .fill(3), expected: .status(.pendingCancel, filled: 3)),
        Case(history: [.ack, .cancelRequested], report: .fill(10), expected: .status(.filled, filled: 10)),
        Case(history: [.ack, .cancelRequested, .fill(3)], report: .canceled(7), expected: .status(.cancelled, filled: 3)),
        Case(history: [.cancelRequested], report: .ack, expected: .status(.pendingCancel, filled: 0)),
        // A cancel the venue refused: the order stands (or was already finished by fills).
        Case(history: [.ack, .cancelRequested], report: .reject, expected: .status(.open, filled: 0)),
        Case(history: [.ack, .fill(2), .cancelRequested], report: .reject, expected: .status(.partiallyFilled, filled: 2)),
        Case(history: [.ack, .cancelRequested, .fill(10)], report: .reject, expected: .status(.filled, filled: 10)),
        // Cancel requested before the ack, then the order itself is rejected.
        Case(history: [.cancelRequested], report: .reject, expected: .status(.rejected, filled: 0)),
        // Amends: new price and total; an amend down to the filled count finishes the order.
        Case(history: [.ack], report: .amended("0.48", 6), expected: .status(.open, filled: 0)),
        Case(history: [.ack, .fill(4)], report: .amended("0.50", 4), expected: .status(.filled, filled: 4)),
        Case(history: [.ack], report: .reject, expected: .status(.open, filled: 0)),  // an amend refused
        // Unknown outcome, resolved by a later report.
        Case(history: [], report: .unknown, expected: .status(.unknown, filled: 0)),
        Case(history: [.ack], report: .unknown, expected: .status(.unknown, filled: 0)),
        Case(history: [.unknown], report: .ack, expected: .status(.open, filled: 0)),
        Case(history: [.unknown], report: .reject, expected: .status(.rejected, filled: 0)),
        Case(history: [.unknown], report: .fill(10), expected: .status(.filled, filled: 10)),
        Case(history: [.unknown], report: .fill(3), expected: .status(.partiallyFilled, filled: 3)),
        Case(history: [.ack, .unknown], report: .canceled(10), expected: .status(.cancelled, filled: 0)),
        // Reports that do not fit: anomalies.
        Case(history: [.ack], report: .fill(11), expected: .anomaly),
        Case(history: [.ack, .fill(6)], report: .fill(5), expected: .anomaly),
        Case(history: [.ack], report: .fill(0), expected: .anomaly),
        Case(history: [.ack, .fill(10)], report: .fill(1), expected: .anomaly),
        Case(history: [.ack, .canceled(10)], report: .fill(1), expected: .anomaly),
        Case(history: [.reject], report: .fill(1), expected: .anomaly),
        Case(history: [.ack, .fill(10)], report: .canceled(1), expected: .anomaly),
        Case(history: [.ack, .canceled(10)], report: .amended("0.40", 10), expected: .anomaly),
        Case(history: [.ack, .fill(10)], report: .unknown, expected: .anomaly),
    ]

    @Test(arguments: cases)
    func transition(_ testCase: Case) throws {
        var manager = OrderManager(sessionPrefix: "T")
        let id = manager.nextClientOrderId()
        let spec = OrderSpec(
            clientOrderId: id, market: MarketID(0), ticker: "M", side: .bid, price: price("0.50"), count: qty(10),
            timeInForce: .goodTillCanceled)
        _ = manager.register(spec, nowMs: 0)
        #expect(manager.order(id)?.status == .pendingNew)
        for (time, step) in testCase.history.enumerated() {
            if let report = step.report(id) {
                guard case .success = manager.apply(report, nowMs: Int64(time + 1)) else {
                    Issue.record("history step \(step) was an anomaly")
                    return
                }
            } else {
                manager.markCancelRequested(id, nowMs: Int64(time + 1))
            }
        }
        let before = try #require(manager.order(id))
        let result = manager.apply(try #require(testCase.report.report(id)), nowMs: 100)
        switch (result, testCase.expected) {
        case (.success(let order), .status(let status, let filled)):
            #expect(order.status == status)
            #expect(order.filled == qty(filled))
            #expect(manager.order(id) == order)
            #expect(order.filled.units + order.canceled.units <= order.count.units)
            // Terminal orders leave the active list; active ones stay in it.
            #expect(manager.activeOrders(in: MarketID(0)).contains { $0.clientOrderId == id } == status.isActive)
            #expect(manager.hasUnknownOrder(in: MarketID(0)) == (status == .unknown))
            #expect(manager.anomalies == 0)
        case (.failure(let anomaly), .anomaly):
            #expect(anomaly.clientOrderId == id)
            #expect(manager.anomalies == 1)
            // An anomaly leaves the tracked order untouched.
            #expect(manager.order(id) == before)
        default:
            Issue.record("got \(result), expected \(testCase.expected)")
        }
    }

    @Test func reportForAnUnknownIdIsAnAnomaly() {
        var manager = OrderManager(sessionPrefix: "T")
        guard case .failure(let anomaly) = manager.apply(.accepted(clientOrderId: "nobody", orderId: "x"), nowMs: 0) else {
            Issue.record("expected an anomaly")
            return
        }
        #expect(anomaly.clientOrderId == "nobody")
        #expect(manager.anomalies == 1)
    }

    @Test func clientOrderIdsAreDeterministic() {
        var a = OrderManager(sessionPrefix: "S1")
        var b = OrderManager(sessionPrefix: "S1", nextSequence: 1)
        #expect((0..<3).map { _ in a.nextClientOrderId() } == ["S1-1", "S1-2", "S1-3"])
        #expect(b.nextClientOrderId() == "S1-1")
        var resumed = OrderManager(sessionPrefix: "S1", nextSequence: 4)
        #expect(resumed.nextClientOrderId() == "S1-4")
    }

    // MARK: Engine-level consequences

    func engineWithRestingOrders() -> (TradingEngine<ScriptedStrategy>, MarketID, [VenueCommand]) {
        let id = MarketID(0)
        let plan: [Int64: [StrategyActions.Request]] = [
            t0 + 2_000: [.buy(id, "0.40", 5), .buy(id, "0.41", 5), .sell(id, "0.60", 5)]
        ]
        var engine = TradingEngine(
            strategy: ScriptedStrategy(plan: plan), startingBalance: dollars("1000"), limits: RiskLimits(minimumBalance: .zero),
            sessionPrefix: "L")
        engine.addMarket(ethMarket("M"), asset: "ETH")
        _ = engine.process(TimedEvent(timeMs: t0 + 1_000, .bookSnapshot(id, yes: bids([("0.39", 10)]), no: asks([("0.61", 10)]))))
        _ = engine.process(TimedEvent(timeMs: t0 + 1_000, spot("3000", atMs: t0 + 1_000)))
        let commands = engine.process(TimedEvent(timeMs: t0 + 2_000, .timer))
        return (engine, id, commands)
    }

    @Test func aFillOnAFinishedOrderHaltsTheEngineAndCancelsEverything() throws {
        var (engine, id, commands) = engineWithRestingOrders()
        #expect(commands.compactMap(\.placed).map(\.clientOrderId) == ["L-1", "L-2", "L-3"])
        for order in ["L-1", "L-2", "L-3"] {
            _ = engine.process(TimedEvent(timeMs: t0 + 2_100, .execution(.accepted(clientOrderId: order, orderId: "x-\(order)"))))
        }
        let fill = ExecutionFill(
            clientOrderId: "L-1", tradeId: "t1", side: .bid, yesPrice: price("0.40"), count: qty(5), fee: .zero, isTaker: false)
        #expect(engine.process(TimedEvent(timeMs: t0 + 2_200, .execution(.fill(fill)))).isEmpty)
        #expect(engine.state.orders.order("L-1")?.status == .filled)
        #expect(engine.state.risk.halted == nil)

        // The same order filled again: our view is wrong. Halt, cancel every active order.
        var again = fill
        again.tradeId = "t2"
        let after = engine.process(TimedEvent(timeMs: t0 + 2_300, .execution(.fill(again))))
        #expect(engine.state.risk.halted == .marketInDoubt)
        #expect(after.compactMap(\.canceledId) == ["L-2", "L-3"])
        #expect(engine.state.orders.anomalies == 1)
        #expect(engine.drainRecords().states.contains { $0.kind == "anomaly" })
        // The money moved anyway: the portfolio books it and stays consistent.
        #expect(engine.state.portfolio.position("M") == qty(10))
        #expect(engine.state.portfolio.isConsistent)
        // The order never shows more filled than its size.
        #expect(engine.state.orders.order("L-1")?.filled == qty(5))
        // Nothing new goes out after the halt.
        let spec = OrderSpec(
            clientOrderId: "probe", market: id, ticker: "M", side: .bid, price: price("0.40"), count: qty(1),
            timeInForce: .goodTillCanceled)
        #expect(engine.state.risk.check(spec, state: engine.state) == .reject(.marketInDoubt))
    }

    @Test func unknownOutcomeBlocksItsMarketUntilALaterReportResolvesIt() throws {
        var (engine, id, _) = engineWithRestingOrders()
        _ = engine.process(TimedEvent(timeMs: t0 + 2_100, .execution(.unknown(clientOrderId: "L-2", reason: "timeout"))))
        #expect(engine.state.orders.hasUnknownOrder(in: id))
        let spec = OrderSpec(
            clientOrderId: "probe", market: id, ticker: "M", side: .bid, price: price("0.40"), count: qty(1),
            timeInForce: .goodTillCanceled)
        #expect(engine.state.risk.check(spec, state: engine.state) == .reject(.marketInDoubt))
        _ = engine.process(TimedEvent(timeMs: t0 + 2_200, .execution(.accepted(clientOrderId: "L-2", orderId: "x"))))
        #expect(!engine.state.orders.hasUnknownOrder(in: id))
        #expect(engine.state.risk.check(spec, state: engine.state) == .accept)
        #expect(engine.state.risk.halted == nil)
    }
}
