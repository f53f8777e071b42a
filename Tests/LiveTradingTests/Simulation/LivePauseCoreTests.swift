import KalshiAPI
import KalshiClient
import KalshiCore
import Storage
import Testing
import TradingEngine

@testable import LiveTrading

/// Trading pauses in the live core: a market's own (`market_lifecycle_v2`) and the exchange's
/// (`GET /exchange/status`). Paused, nothing is sent; resumed, the book is asked for afresh and
/// trading starts again on the fresh snapshot.
@Suite struct LivePauseCoreTests {
    /// Bids whenever it has no order in the market and the book is tradable.
    struct KeepsBidding: Strategy {
        let name = "keeps-bidding"
        mutating func onMarketUpdate(_ market: MarketID, state: EngineState, actions: inout StrategyActions) {
            guard state.market(market).book.isTradable, state.orders.activeOrders(in: market).isEmpty else { return }
            actions.buy(market, price: Price(uncheckedTicks: 4_000), count: Quantity(contracts: 2))
        }
    }

    typealias Core = LiveCore<KeepsBidding>
    static let ticker = LiveCoreTests.market.ticker

    static func started() -> Core { LiveCoreTests.started(KeepsBidding()) }

    static func lifecycle(_ type: String, deactivated: Bool?) -> LiveInput {
        var message = WSMarketLifecycle(marketTicker: ticker, eventType: type)
        message.isDeactivated = deactivated
        return .feed(.message(.marketLifecycle(sid: 5, message)))
    }

    static let snapshot = LiveCoreTests.book(ticker)

    static func sendsCreate(_ actions: [LiveAction]) -> Bool {
        actions.contains { if case .send(.create) = $0 { true } else { false } }
    }

    static func refreshed(_ actions: [LiveAction]) -> [[String]] {
        actions.compactMap { if case .refreshBooks(let tickers) = $0 { tickers } else { nil } }
    }

    static func journaledRisk(_ actions: [LiveAction]) -> [String] {
        actions.flatMap { action -> [String] in
            guard case .journal(let records) = action else { return [] }
            return records.compactMap { if case .risk(let risk) = $0 { risk.kind } else { nil } }
        }
    }

    @Test func aDeactivatedMarketTakesNoOrderUntilItIsActivatedAndFreshlySnapshotted() throws {
        var core = Self.started()
        let paused = core.handle(Self.lifecycle("deactivated", deactivated: true), now: 1_200, elapsedMs: 1_200)
        #expect(Self.journaledRisk(paused) == ["market_paused"])
        let id = try #require(core.engine.state.id(of: Self.ticker))
        #expect(core.engine.state.market(id).tradingPaused)
        // A tradable book while paused: the strategy wants to buy, the risk engine refuses.
        #expect(!Self.sendsCreate(core.handle(Self.snapshot, now: 1_300, elapsedMs: 1_300)))

        let resumed = core.handle(Self.lifecycle("activated", deactivated: false), now: 1_400, elapsedMs: 1_400)
        #expect(Self.refreshed(resumed) == [[Self.ticker]])
        #expect(Self.journaledRisk(resumed) == ["market_resumed"])
        #expect(!core.engine.state.market(id).book.isTradable, "the book before the pause is not trusted")
        #expect(Self.sendsCreate(core.handle(Self.snapshot, now: 1_500, elapsedMs: 1_500)))
    }

    @Test func anExchangePauseStopsEveryMarketAndIsReadAgainSoonerWhilePaused() throws {
        var core = Self.started()
        func statusReads(at ms: Int64) -> Int {
            core.handle(.tick(LiveSurroundings()), now: ms, elapsedMs: ms).filter { if case .readExchangeStatus = $0 { true } else { false } }
                .count
        }
        #expect(statusReads(at: 1_200) == 1, "read at the first tick")
        #expect(statusReads(at: 1_400) == 0, "one read at a time")
        let paused = core.handle(
            .exchangeStatus(tradingActive: false, detail: "trading_active false"), now: 1_500, elapsedMs: 1_500)
        #expect(Self.journaledRisk(paused) == ["exchange_paused"])
        #expect(!core.exchangeTradingActive)
        #expect(!Self.sendsCreate(core.handle(Self.snapshot, now: 1_600, elapsedMs: 1_600)))
        // Paused: read every 5 s (30 s otherwise).
        #expect(statusReads(at: 6_400) == 0)
        #expect(statusReads(at: 6_600) == 1)
        // A market's own activation does not end the exchange's pause.
        _ = core.handle(Self.lifecycle("activated", deactivated: false), now: 6_700, elapsedMs: 6_700)
        #expect(!Self.sendsCreate(core.handle(Self.snapshot, now: 6_800, elapsedMs: 6_800)))

        let resumed = core.handle(.exchangeStatus(tradingActive: true, detail: "trading_active true"), now: 7_000, elapsedMs: 7_000)
        #expect(Self.journaledRisk(resumed) == ["exchange_resumed"])
        #expect(Self.refreshed(resumed) == [[Self.ticker]])
        #expect(Self.sendsCreate(core.handle(Self.snapshot, now: 7_100, elapsedMs: 7_100)))
        #expect(statusReads(at: 36_000) == 0)
        #expect(statusReads(at: 37_100) == 1)
    }

    @Test func aFailedStatusReadKeepsTheLastKnownState() {
        var core = Self.started()
        _ = core.handle(.exchangeStatusFailed("connection refused"), now: 1_200, elapsedMs: 1_200)
        #expect(core.exchangeTradingActive)
        #expect(Self.sendsCreate(core.handle(Self.snapshot, now: 1_300, elapsedMs: 1_300)))
    }
}

/// `GET /exchange/status` read for the session's shards.
@Suite struct ExchangeTradingStateTests {
    static func state(_ input: LiveInput) -> (Bool, String)? {
        if case .exchangeStatus(let active, let detail) = input { (active, detail) } else { nil }
    }

    @Test func theExchangeAndTheTradedShardMustBothTrade() {
        let open = ExchangeStatusDTO(
            exchangeActive: true, tradingActive: true,
            exchangeIndexStatuses: [.init(exchangeIndex: 0, exchangeActive: true, tradingActive: false), .init(exchangeIndex: 2, exchangeActive: true, tradingActive: true)])
        // Shard 0 paused does not matter to markets on shard 2.
        #expect(Self.state(ExchangeTradingState.input(open, shards: [2]))?.0 == true)
        #expect(Self.state(ExchangeTradingState.input(open, shards: [0]))?.1 == "shard 0 not trading")
        let maintenance = ExchangeStatusDTO(
            exchangeActive: true, tradingActive: false, exchangeEstimatedResumeTime: "2026-12-03T10:00:00Z")
        let paused = Self.state(ExchangeTradingState.input(maintenance, shards: [2]))
        #expect(paused?.0 == false)
        #expect(paused?.1 == "trading_active false; expected back 2026-12-03T10:00:00Z")
    }
}
