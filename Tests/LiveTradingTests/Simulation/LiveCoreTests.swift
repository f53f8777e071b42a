import KalshiAPI
import KalshiClient
import KalshiCore
import LiveSimulation
import LiveTrading
import Storage
import Testing
import TradingEngine

/// The live core without I/O: its actions for one input, in order.
@Suite struct LiveCoreTests {
    static let market = MarketMetadata(
        ticker: "KXT-1", eventTicker: "KXT", strikeType: .greater, floorStrike: Money(cents: 10_000),
        openTimeMs: 0, closeTimeMs: 10_000_000)

    /// A strategy that buys once, at the first update of the book.
    struct BuyOnce: Strategy {
        let name = "buy-once"
        var done = false
        mutating func onMarketUpdate(_ market: MarketID, state: EngineState, actions: inout StrategyActions) {
            guard !done, state.market(market).book.isTradable else { return }
            done = true
            actions.buy(market, price: Price(uncheckedTicks: 4_000), count: Quantity(contracts: 2))
        }
    }

    static func core() -> LiveCore<BuyOnce> { core(BuyOnce()) }

    /// A core trading `market` with `strategy`, not yet reconciled.
    static func core<S: Strategy>(_ strategy: S) -> LiveCore<S> {
        var engine = TradingEngine(
            strategy: strategy, startingBalance: Money(cents: 100_000), limits: RiskLimits(minimumBalance: .zero),
            sessionPrefix: "t")
        engine.addMarket(market, asset: nil)
        return LiveCore(
            configuration: LiveConfiguration(risk: RiskLimits(minimumBalance: .zero)), sessionName: "t", runId: 1, engine: engine,
            bookedTrades: [:], journaledSettlements: [], startedMs: 1_000, runtimeDeadlineMs: nil)
    }

    /// `core(strategy)` after its start reconciliation (an empty account).
    static func started<S: Strategy>(_ strategy: S) -> LiveCore<S> {
        var core = core(strategy)
        _ = core.beginStartReconciliation(now: 1_000, elapsedMs: 0)
        _ = core.handle(.account(account, trigger: "start"), now: 1_100, elapsedMs: 1_100)
        return core
    }

    static let account = ExchangeAccountView(
        balance: Money(cents: 100_000), positions: [:], orders: [], fills: [], settlements: [:], fetchStartedMs: 1_000,
        isConsistent: true)

    /// A tradable book (bid 0.38, ask 0.42) for a market: `BuyOnce` buys at its first sight of it.
    static func book(_ ticker: String = market.ticker) -> LiveInput {
        .feed(
            .message(
                .orderbookSnapshot(
                    sid: 1, seq: 1,
                    OrderbookSnapshot(
                        marketTicker: ticker, yes: [BookLevel(price: Price(uncheckedTicks: 3_800), size: Quantity(contracts: 10))],
                        no: [BookLevel(price: Price(uncheckedTicks: 5_800), size: Quantity(contracts: 10))]))))
    }

    @Test func anOrderIsJournaledBeforeItIsSent() throws {
        var core = Self.core()
        _ = core.beginStartReconciliation(now: 1_000, elapsedMs: 0)
        _ = core.handle(.account(Self.account, trigger: "start"), now: 1_100, elapsedMs: 1_100)
        let actions = core.handle(Self.book(), now: 1_200, elapsedMs: 1_200)
        let journalIndex = try #require(
            actions.firstIndex {
                if case .journal(let records) = $0 { records.contains { if case .intent = $0 { true } else { false } } } else { false }
            })
        let sendIndex = try #require(actions.firstIndex { if case .send(.create) = $0 { true } else { false } })
        #expect(journalIndex < sendIndex)
    }

    /// Places `count` bids, one cent apart, at its first sight of a tradable book.
    struct BuySeveral: Strategy {
        let name = "buy-several"
        let count: Int
        var done = false
        mutating func onMarketUpdate(_ market: MarketID, state: EngineState, actions: inout StrategyActions) {
            guard !done, state.market(market).book.isTradable else { return }
            done = true
            for step in 0..<count {
                actions.buy(market, price: Price(uncheckedTicks: 3_000 + Int64(step) * 100), count: Quantity(contracts: 1))
            }
        }
    }

    /// One create goes out as a create; two or more of one step as one batch, in the
    /// strategy's order, after the journal action that holds every intent.
    @Test(arguments: [1, 2, 3, 5])
    func theOrdersOfOneStepLeaveAsOneRequest(count: Int) throws {
        var core = Self.started(BuySeveral(count: count))
        let actions = core.handle(Self.book(), now: 1_200, elapsedMs: 1_200)

        let sends = actions.compactMap { if case .send(let request) = $0 { request } else { nil } }
        #expect(sends.count == 1)
        let sent: [OrderSpec]
        switch try #require(sends.first) {
        case .create(let spec) where count == 1: sent = [spec]
        case .createBatch(let specs) where count > 1: sent = specs
        case let other: Issue.record("\(count) orders went out as \(other)"); return
        }
        #expect(sent.map(\.price.ticks) == (0..<count).map { 3_000 + Int64($0) * 100 })
        #expect(core.ordersSent == count)
        let journalIndex = try #require(actions.firstIndex { if case .journal = $0 { true } else { false } })
        let sendIndex = try #require(actions.firstIndex { if case .send = $0 { true } else { false } })
        #expect(journalIndex < sendIndex)
        guard case .journal(let records) = actions[journalIndex] else { return }
        let intents = records.compactMap { if case .intent(let intent) = $0 { intent.clientOrderId } else { nil } }
        #expect(intents == sent.map(\.clientOrderId))
    }

    @Test func theKillSwitchFileIsAnInputNotALookup() {
        var core = Self.core()
        _ = core.beginStartReconciliation(now: 1_000, elapsedMs: 0)
        _ = core.handle(.account(Self.account, trigger: "start"), now: 1_100, elapsedMs: 1_100)
        let quiet = core.handle(.tick(LiveSurroundings(killSwitchFilePresent: false)), now: 1_300, elapsedMs: 1_300)
        #expect(!quiet.contains { if case .console(let line) = $0 { line.contains("KILL SWITCH") } else { false } })
        let engaged = core.handle(.tick(LiveSurroundings(killSwitchFilePresent: true)), now: 1_500, elapsedMs: 1_500)
        #expect(engaged.contains { if case .console(let line) = $0 { line.contains("KILL SWITCH engaged") } else { false } })
        #expect(core.engine.state.risk.killSwitch)
    }
}
