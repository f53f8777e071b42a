import KalshiAPI
import KalshiClient
import KalshiCore
import LiveTrading
import Storage
import Testing
import TradingEngine

/// A market's terms changing mid-session: an early close moves the terminal exit with it; a new
/// price grid rebuilds the book, which waits for a snapshot on the new grid.
@Suite struct LiveTermsCoreTests {
    static let openMs: Int64 = 1_800_000_000_000
    static let market = MarketMetadata(
        ticker: "KXETHD-X-T3000", eventTicker: "KXETHD-X", strikeType: .greater, floorStrike: Money(cents: 300_000),
        openTimeMs: openMs, closeTimeMs: openMs + 3_600_000)

    static func started() -> LiveCore<LivePauseCoreTests.KeepsBidding> {
        var engine = TradingEngine(
            strategy: LivePauseCoreTests.KeepsBidding(), startingBalance: Money(cents: 100_000),
            limits: RiskLimits(minimumBalance: .zero, terminalExitTime: 60), sessionPrefix: "t")
        engine.addMarket(market, asset: nil)
        var configuration = LiveConfiguration(risk: RiskLimits(minimumBalance: .zero, terminalExitTime: 60))
        configuration.markets.ticker = market.ticker
        var core = LiveCore(
            configuration: configuration, sessionName: "t", runId: 1, engine: engine, bookedTrades: [:], journaledSettlements: [],
            startedMs: openMs, runtimeDeadlineMs: nil)
        _ = core.beginStartReconciliation(now: openMs, elapsedMs: 0)
        _ = core.handle(
            .account(
                ExchangeAccountView(
                    balance: Money(cents: 100_000), positions: [:], orders: [], fills: [], settlements: [:], fetchStartedMs: openMs,
                    isConsistent: true), trigger: "start"), now: openMs + 100, elapsedMs: 100)
        return core
    }

    static func lifecycle(_ type: String, _ change: (inout WSMarketLifecycle) -> Void) -> LiveInput {
        var message = WSMarketLifecycle(marketTicker: market.ticker, eventType: type)
        change(&message)
        return .feed(.message(.marketLifecycle(sid: 5, message)))
    }

    /// Makes the market's book tradable first, so that losing it is visible.
    static func snapshotted(_ core: inout LiveCore<LivePauseCoreTests.KeepsBidding>) throws {
        _ = core.handle(LiveCoreTests.book(market.ticker), now: openMs + 500, elapsedMs: 500)
        let id = try #require(core.engine.state.id(of: market.ticker))
        try #require(core.engine.state.market(id).book.isTradable)
    }

    static func risks(_ actions: [LiveAction]) -> [String] {
        actions.flatMap { action -> [String] in
            guard case .journal(let records) = action else { return [] }
            return records.compactMap { if case .risk(let risk) = $0 { risk.kind } else { nil } }
        }
    }

    @Test func anEarlyCloseMovesTheTerminalExitWithIt() throws {
        var core = Self.started()
        let newClose = Self.openMs + 600_000
        let moved = core.handle(Self.lifecycle("close_date_updated") { $0.closeTs = newClose / 1_000 }, now: Self.openMs + 1_000, elapsedMs: 1_000)
        #expect(Self.risks(moved) == ["close_moved"])
        let id = try #require(core.engine.state.id(of: Self.market.ticker))
        #expect(core.engine.state.market(id).metadata.closeTimeMs == newClose)
        // 59 s before the new close (terminal exit 60 s): out, though the old close is 59 minutes away.
        let tick = core.handle(.tick(LiveSurroundings()), now: newClose - 59_000, elapsedMs: 541_000)
        #expect(Self.risks(tick).contains("terminal_exit"))
    }

    @Test func anImplausibleCloseIsIgnoredAndSaid() throws {
        var core = Self.started()
        let actions = core.handle(Self.lifecycle("close_date_updated") { $0.closeTs = 5 }, now: Self.openMs + 1_000, elapsedMs: 1_000)
        #expect(actions.contains { if case .console(let line) = $0 { line.contains("without a usable close_ts") } else { false } })
        let id = try #require(core.engine.state.id(of: Self.market.ticker))
        #expect(core.engine.state.market(id).metadata.closeTimeMs == Self.market.closeTimeMs)
    }

    @Test func aNewGridRebuildsTheBookAndAsksTheFeedForOne() throws {
        var core = Self.started()
        try Self.snapshotted(&core)
        let actions = core.handle(
            Self.lifecycle("price_level_structure_updated") { $0.priceLevelStructure = "deci_cent" }, now: Self.openMs + 1_000,
            elapsedMs: 1_000)
        #expect(Self.risks(actions) == ["grid_changed"])
        let regrids = actions.compactMap { if case .regrid(let ticker, let grid) = $0 { (ticker, grid.structure) } else { nil } }
        #expect(regrids.count == 1 && regrids.first?.0 == Self.market.ticker && regrids.first?.1 == "deci_cent")
        let id = try #require(core.engine.state.id(of: Self.market.ticker))
        #expect(core.engine.state.market(id).metadata.priceGrid.structure == "deci_cent")
        #expect(!core.engine.state.market(id).book.isTradable)
    }

    @Test func anUnknownGridLeavesTheMarketUntradable() throws {
        var core = Self.started()
        try Self.snapshotted(&core)
        let actions = core.handle(
            Self.lifecycle("price_level_structure_updated") { $0.priceLevelStructure = "quantum_cent" }, now: Self.openMs + 1_000,
            elapsedMs: 1_000)
        #expect(Self.risks(actions) == ["grid_unknown"])
        let id = try #require(core.engine.state.id(of: Self.market.ticker))
        #expect(!core.engine.state.market(id).book.isTradable)
    }
}
