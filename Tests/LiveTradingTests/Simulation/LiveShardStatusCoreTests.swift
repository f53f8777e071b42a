import KalshiAPI
import KalshiClient
import KalshiCore
import LiveTrading
import Storage
import Testing
import TradingEngine

/// Cash per shard: in the status line when the account holds cash on more than one shard, and in
/// the journal at the first read and whenever the cash off the traded shard changes.
@Suite struct LiveShardStatusCoreTests {
    static let market = MarketMetadata(
        ticker: "KXETHD-S-T3000", eventTicker: "KXETHD-S", strikeType: .greater, floorStrike: Money(cents: 300_000), openTimeMs: 0,
        closeTimeMs: 10_000_000, exchangeIndex: 2)

    static func account(_ shards: [Int: Money], at ms: Int64) -> ExchangeAccountView {
        var view = ExchangeAccountView(
            balance: shards.values.reduce(.zero, +), positions: [:], orders: [], fills: [], settlements: [:], fetchStartedMs: ms,
            isConsistent: true)
        view.shardBalances = shards
        return view
    }

    static func shardRecords(_ actions: [LiveAction]) -> [String] {
        actions.flatMap { action -> [String] in
            guard case .journal(let records) = action else { return [] }
            return records.compactMap { if case .risk(let risk) = $0, risk.kind == "shard_balances" { risk.detail } else { nil } }
        }
    }

    @Test func shardCashIsShownAndJournaledWhenItMovesOffTheTradedShard() {
        var engine = TradingEngine(
            strategy: LiveCoreTests.BuyOnce(), startingBalance: Money(cents: 100_000), limits: RiskLimits(minimumBalance: .zero),
            sessionPrefix: "t")
        engine.addMarket(Self.market, asset: nil)
        var configuration = LiveConfiguration(risk: RiskLimits(minimumBalance: .zero))
        configuration.markets.ticker = Self.market.ticker
        var core = LiveCore(
            configuration: configuration, sessionName: "t", runId: 1, engine: engine, bookedTrades: [:], journaledSettlements: [],
            startedMs: 1_000, runtimeDeadlineMs: nil)
        _ = core.beginStartReconciliation(now: 1_000, elapsedMs: 0)
        let first = core.handle(
            .account(Self.account([0: Money(cents: 10_000), 2: Money(cents: 90_000)], at: 1_000), trigger: "start"), now: 1_100,
            elapsedMs: 1_100)
        #expect(Self.shardRecords(first) == ["shard 0 100.00, shard 2 900.00"])

        let status = core.handle(.tick(LiveSurroundings()), now: 7_000, elapsedMs: 7_000).compactMap {
            if case .console(let line) = $0, line.hasPrefix("status") { line } else { nil }
        }
        #expect(status.count == 1 && status[0].contains("shard 0 100.00, shard 2 900.00"), "\(status)")

        // The traded shard's cash moves with trading: not journaled again.
        let traded = core.handle(
            .account(Self.account([0: Money(cents: 10_000), 2: Money(cents: 89_000)], at: 8_000), trigger: "periodic"), now: 8_100,
            elapsedMs: 8_100)
        #expect(Self.shardRecords(traded).isEmpty)
        // Cash moved off shard 0 (a transfer): journaled.
        let moved = core.handle(
            .account(Self.account([0: .zero, 2: Money(cents: 99_000)], at: 9_000), trigger: "periodic"), now: 9_100, elapsedMs: 9_100)
        #expect(Self.shardRecords(moved) == ["shard 0 0.00, shard 2 990.00"])
    }
}
