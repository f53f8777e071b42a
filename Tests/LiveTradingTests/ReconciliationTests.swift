import KalshiCore
import Storage
import Testing
import TradingEngine

@testable import LiveTrading

/// The pure side of live trading: absolute exchange views become engine reports, doubt is settled
/// by what the exchange has, corrections go to the exchange's truth (and to the strategy), and the
/// journal rebuilds an engine exactly.
@Suite struct ReconciliationTests {
    static let ticker = "KXETHD-26JAN0101-T2999.99"
    static let market = MarketMetadata(
        ticker: ticker, eventTicker: "KXETHD-26JAN0101", strikeType: .greater, floorStrike: Money(cents: 299_999), capStrike: nil,
        openTimeMs: 0, closeTimeMs: 10_000_000, fees: FeeSchedule())

    struct Recorder: Strategy {
        let name = "recorder"
        var corrections: [ReconciliationCorrection] = []
        var fills: [ExecutionFill] = []

        mutating func onReconciliation(
            _ corrections: [ReconciliationCorrection], state: EngineState, actions: inout StrategyActions
        ) {
            self.corrections += corrections
        }

        mutating func onFill(_ fill: ExecutionFill, order: ManagedOrder, state: EngineState, actions: inout StrategyActions) {
            fills.append(fill)
        }
    }

    static func engine() -> (TradingEngine<Recorder>, MarketID) {
        var engine = TradingEngine(
            strategy: Recorder(), startingBalance: Money(cents: 100_000), limits: RiskLimits(), sessionPrefix: "kt1")
        let id = engine.addMarket(market, asset: "ETH")
        return (engine, id)
    }

    static func spec(_ cid: String, _ market: MarketID, count: Int = 10, cents: Int = 40) -> OrderSpec {
        OrderSpec(
            clientOrderId: cid, market: market, ticker: ticker, side: .bid, price: try! Price(cents: cents),
            count: Quantity(contracts: count),
            timeInForce: .goodTillCanceled)
    }

    static func view(
        _ cid: String?, orderId: String = "o-1", cents: Int = 40, initial: Int = 10, filled: Int = 0, remaining: Int = 10,
        resting: Bool = true
    ) -> ExchangeOrderView {
        ExchangeOrderView(
            orderId: orderId, clientOrderId: cid, ticker: ticker, side: .bid, price: try! Price(cents: cents),
            initialCount: Quantity(contracts: initial), filledCount: Quantity(contracts: filled),
            remainingCount: Quantity(contracts: remaining),
            isResting: resting)
    }

    static func account(
        orders: [ExchangeOrderView] = [], fills: [ExchangeFillView] = [], positions: [String: Quantity] = [:],
        balance: Money = Money(cents: 100_000), consistent: Bool = true, startedMs: Int64 = 1_000
    ) -> ExchangeAccountView {
        ExchangeAccountView(
            balance: balance, positions: positions, orders: orders, fills: fills, settlements: [:], fetchStartedMs: startedMs,
            isConsistent: consistent)
    }

    @Test func absoluteViewsAreIdempotentAndNeverGoBackwards() {
        var (engine, market) = Self.engine()
        engine.restoreOrder(Self.spec("kt1-1", market), timeMs: 10)
        engine.restoreReport(.accepted(clientOrderId: "kt1-1", orderId: "o-1"), timeMs: 10)
        // 2 filled (fills still on their way), 3 canceled: only the cancel is a report.
        let first = engine.applyExchangeOrder(Self.view("kt1-1", filled: 2, remaining: 5), settled: false, nowMs: 20)
        #expect(first.reports == [.canceled(clientOrderId: "kt1-1", canceledCount: Quantity(contracts: 3), reason: "exchange")])
        #expect(engine.applyExchangeOrder(Self.view("kt1-1", filled: 2, remaining: 5), settled: false, nowMs: 21).reports.isEmpty)
        // An older view (nothing canceled yet) undoes nothing.
        #expect(engine.applyExchangeOrder(Self.view("kt1-1"), settled: false, nowMs: 22).reports.isEmpty)
        let order = engine.state.orders.order("kt1-1")!
        #expect(order.canceled == Quantity(contracts: 3) && order.remaining == Quantity(contracts: 7))
        // A price difference is corrected only when nothing of ours about the order is in flight.
        #expect(
            engine.applyExchangeOrder(Self.view("kt1-1", cents: 41, filled: 2, remaining: 5), settled: false, nowMs: 23).reports
                .isEmpty)
        let settled = engine.applyExchangeOrder(Self.view("kt1-1", cents: 41, filled: 2, remaining: 5), settled: true, nowMs: 24)
        // An amend's count is what the order may fill in all (2 filled + 5 remaining): the 3
        // canceled stay canceled on top, so the order keeps its total of 10 (7 remaining until the
        // 2 fills on their way are booked).
        #expect(
            settled.reports == [
                .amended(clientOrderId: "kt1-1", price: try! Price(cents: 41), totalCount: Quantity(contracts: 7))
            ])
        let amended = engine.state.orders.order("kt1-1")!
        #expect(amended.count == Quantity(contracts: 10) && amended.remaining == Quantity(contracts: 7))
    }

    @Test func anOrderInDoubtBlocksItsMarketUntilTheExchangeSettlesIt() {
        var (engine, market) = Self.engine()
        engine.restoreOrder(Self.spec("kt1-1", market), timeMs: 10)
        engine.restoreOrder(Self.spec("kt1-2", market), timeMs: 10)
        #expect(engine.markUnansweredOrdersUnknown(timeMs: 20) == ["kt1-1", "kt1-2"])
        #expect(engine.state.orders.hasUnknownOrder(in: market))
        // The exchange has the first (resting), not the second (it never arrived).
        let outcome = engine.reconcile(
            Self.account(orders: [Self.view("kt1-1")]), options: ReconciliationOptions(orphanPolicy: .cancel), nowMs: 2_000)
        #expect(engine.state.orders.order("kt1-1")?.status == .open)
        #expect(engine.state.orders.order("kt1-1")?.orderId == "o-1")
        #expect(engine.state.orders.order("kt1-2")?.status == .rejected)
        #expect(!engine.state.orders.hasUnknownOrder(in: market))
        #expect(outcome.corrections.contains { $0.kind == "order_not_found" })
        #expect(
            outcome.corrections.contains {
                $0.description.contains("local unknown") && $0.description.contains("exchange resting")
            })
    }

    @Test func ordersBusyWithARequestAreLeftForTheNextRound() {
        var (engine, market) = Self.engine()
        engine.restoreOrder(Self.spec("kt1-1", market), timeMs: 10)
        let outcome = engine.reconcile(
            Self.account(startedMs: 2_000), options: ReconciliationOptions(orphanPolicy: .cancel, busyOrders: ["kt1-1"]),
            nowMs: 2_000)
        #expect(outcome.corrections.isEmpty)
        #expect(engine.state.orders.order("kt1-1")?.status == .pendingNew)
    }

    @Test func missingFillsAreBookedAndTheStrategyIsTold() {
        var (engine, market) = Self.engine()
        engine.restoreOrder(Self.spec("kt1-1", market), timeMs: 10)
        engine.restoreReport(.accepted(clientOrderId: "kt1-1", orderId: "o-1"), timeMs: 10)
        let fill = ExchangeFillView(
            tradeId: "tr-1", orderId: "o-1", clientOrderId: nil, ticker: Self.ticker, side: .bid, yesPrice: try! Price(cents: 40),
            count: Quantity(contracts: 4), fee: .zero, isTaker: false, timeMs: 500)
        let account = Self.account(
            orders: [Self.view("kt1-1", filled: 4, remaining: 6)], fills: [fill],
            positions: [Self.ticker: Quantity(contracts: 4)],
            balance: Money(cents: 100_000 - 160))
        let outcome = engine.reconcile(account, options: ReconciliationOptions(orphanPolicy: .cancel), nowMs: 2_000)
        #expect(outcome.bookedFills.map(\.tradeId) == ["tr-1"] && outcome.bookedFills[0].clientOrderId == "kt1-1")
        #expect(engine.state.portfolio.position(Self.ticker) == Quantity(contracts: 4))
        #expect(engine.state.portfolio.cash == Money(cents: 100_000 - 160))
        #expect(!outcome.deferredAccountCheck, "with the fill booked, the account matches and is compared")
        #expect(outcome.corrections.map(\.kind) == ["missing_fill"], "no position or cash correction was needed")
        #expect(engine.strategy.corrections.map(\.kind) == ["missing_fill"])
        #expect(engine.strategy.fills.map(\.tradeId) == ["tr-1"])
        // The same read again books nothing twice.
        let again = engine.reconcile(
            account, options: ReconciliationOptions(orphanPolicy: .cancel, bookedTradeIds: ["tr-1": Self.ticker]), nowMs: 3_000)
        #expect(again.bookedFills.isEmpty && again.corrections.isEmpty)
    }

    @Test func positionsAndCashAreCorrectedOnlyFromAConsistentRead() {
        var (engine, _) = Self.engine()
        let moved = Self.account(
            positions: [Self.ticker: Quantity(contracts: 5)], balance: Money(cents: 99_000), consistent: false)
        let deferred = engine.reconcile(moved, options: ReconciliationOptions(orphanPolicy: .cancel), nowMs: 2_000)
        #expect(deferred.deferredAccountCheck && deferred.corrections.isEmpty)
        #expect(engine.state.portfolio.position(Self.ticker) == .zero)

        var still = moved
        still.isConsistent = true
        let corrected = engine.reconcile(still, options: ReconciliationOptions(orphanPolicy: .cancel), nowMs: 3_000)
        #expect(corrected.corrections.map(\.kind) == ["position", "cash"])
        #expect(corrected.corrections[0].description == "position \(Self.ticker): local 0.00, exchange 5.00")
        #expect(engine.state.portfolio.position(Self.ticker) == Quantity(contracts: 5))
        #expect(engine.state.portfolio.cash == Money(cents: 99_000))
        #expect(engine.state.portfolio.isConsistent, "the accounting identity holds through corrections")
        #expect(engine.state.risk.halted == nil)
    }

    @Test(arguments: OrphanPolicy.allCases)
    func orphansFollowThePolicy(policy: OrphanPolicy) {
        var (engine, _) = Self.engine()
        let outcome = engine.reconcile(
            Self.account(orders: [Self.view("kt1-57", orderId: "o-57")]), options: ReconciliationOptions(orphanPolicy: policy),
            nowMs: 2_000)
        let order = engine.state.orders.order("kt1-57")
        switch policy {
        case .adopt:
            #expect(order?.status == .open && outcome.commands.isEmpty)
        case .cancel:
            #expect(order?.status == .pendingCancel)
            #expect(outcome.commands.count == 1)
        case .ignore:
            #expect(order == nil && outcome.commands.isEmpty)
            #expect(outcome.corrections.map(\.kind) == ["orphan_ignored"])
        }
        // Our own prefix's numbers are never handed out again.
        #expect(engine.state.orders.nextSequence == 58)
    }

    @Test func theJournalRebuildsTheEngine() {
        var (engine, _) = Self.engine()
        let spec = { (cid: String) in
            JournalRecord.intent(
                OrderIntentEntry(
                    clientOrderId: cid, sequence: Int(cid.split(separator: "-").last!)!, ticker: Self.ticker, side: .bid,
                    price: try! Price(cents: 40), count: Quantity(contracts: 10), timeInForce: .goodTillCanceled, postOnly: false)
            )
        }
        let records: [JournalRecord] = [
            spec("kt1-1"),
            .orderEvent(OrderEventEntry(clientOrderId: "kt1-1", kind: .accepted, orderId: "o-1")),
            .fill(
                FillEntry(
                    tradeId: "tr-1", clientOrderId: "kt1-1", orderId: "o-1", ticker: Self.ticker, side: .bid,
                    price: try! Price(cents: 40),
                    count: Quantity(contracts: 4), fee: Money(cents: 3), isTaker: false, source: "ws")),
            .orderEvent(OrderEventEntry(clientOrderId: "kt1-1", kind: .cancelSent)),
            .orderEvent(
                OrderEventEntry(clientOrderId: "kt1-1", kind: .canceled, count: Quantity(contracts: 6), detail: "exchange")),
            spec("kt1-2"),
            .orderEvent(OrderEventEntry(clientOrderId: "kt1-2", kind: .accepted, orderId: "o-2")),
            spec("kt1-3"),
            .risk(RiskEventEntry(kind: "kill_switch", ticker: nil, detail: "SIGUSR1")),
        ]
        let entries = records.enumerated().map {
            JournalEntry(seq: Int64($0.offset + 1), timeMs: 100, runId: 1, record: $0.element)
        }
        let replay = JournalReplay.restore(entries, into: &engine, nowMs: 5_000)
        let state = engine.state
        #expect(state.orders.order("kt1-1")?.status == .cancelled)
        #expect(state.orders.order("kt1-1")?.filled == Quantity(contracts: 4))
        #expect(state.orders.order("kt1-2")?.status == .open)
        #expect(state.orders.order("kt1-3")?.status == .unknown, "sent, never answered: in doubt after the restart")
        #expect(replay.inDoubt == ["kt1-3"])
        #expect(state.orders.nextSequence == 4, "client order ids continue from the journal")
        #expect(state.portfolio.position(Self.ticker) == Quantity(contracts: 4))
        #expect(state.portfolio.cash == Money(cents: 100_000 - 160 - 3))
        #expect(state.risk.killSwitch, "a kill switch survives a restart")
        #expect(replay.bookedTrades == ["tr-1": Self.ticker])
        #expect(replay.fills == 1 && replay.orders == 3 && replay.skipped == 0)
    }

    /// A restart on a new event: the journal's earlier orders were in markets the exchange no
    /// longer lists, so nothing of them is rebuilt, but their ids stay used. (Numbering restarted
    /// at 1, the session's first order reused an id the journal holds and the journal refused it:
    /// the live session stopped on its first order after such a restart.)
    @Test func anOrderInAMarketNoLongerListedKeepsItsIdUsed() {
        var (engine, _) = Self.engine()
        let gone = "KXETHD-26DEC061520-T2999.99"
        let records: [JournalRecord] = (1...12).map { (number: Int) in
            .intent(
                OrderIntentEntry(
                    clientOrderId: "kt1-\(number)", sequence: number, ticker: gone, side: .bid, price: try! Price(cents: 40),
                    count: Quantity(contracts: 1), timeInForce: .immediateOrCancel, postOnly: false))
        }
        let entries = records.enumerated().map {
            JournalEntry(seq: Int64($0.offset + 1), timeMs: 100, runId: 1, record: $0.element)
        }
        #expect(engine.state.id(of: gone) == nil)
        let replay = JournalReplay.restore(entries, into: &engine, nowMs: 5_000)
        #expect(replay.orders == 0 && replay.skipped == 12)
        #expect(engine.state.orders.nextSequence == 13, "the next order is kt1-13, not kt1-1")
    }
}
