import KalshiAPI
import KalshiCore
import Storage
import Testing
import TradingEngine

@testable import LiveTrading

/// Every step asks for settlements to journal; the markets are scanned only when the engine
/// booked one, and each settlement is journaled once, whichever way it came.
struct SettlementJournalingTests {
    static func settlements(_ actions: [LiveAction]) -> [String] {
        actions.flatMap { action -> [String] in
            guard case .journal(let records) = action else { return [] }
            return records.compactMap { if case .settlement(let entry) = $0 { entry.ticker } else { nil } }
        }
    }

    static func started() -> LiveCore<LiveCoreTests.BuyOnce> {
        var core = LiveCoreTests.core()
        _ = core.beginStartReconciliation(now: 1_000, elapsedMs: 0)
        _ = core.handle(.account(LiveCoreTests.account, trigger: "start"), now: 1_100, elapsedMs: 1_100)
        return core
    }

    @Test func aSettlementFromTheFeedIsJournaledOnce() {
        var core = Self.started()
        let ticker = LiveCoreTests.market.ticker
        #expect(core.engine.settlementsBooked == 0)
        let settled = core.handle(LiveRollCoreTests.settle(ticker), now: 2_000, elapsedMs: 2_000)
        #expect(Self.settlements(settled) == [ticker])
        #expect(core.engine.settlementsBooked == 1)
        // Again from the feed, then steps of every kind: nothing journaled twice.
        #expect(Self.settlements(core.handle(LiveRollCoreTests.settle(ticker), now: 2_100, elapsedMs: 2_100)).isEmpty)
        for step in 0..<5 {
            let now = 2_200 + Int64(step) * 200
            #expect(Self.settlements(core.handle(.tick(LiveSurroundings()), now: now, elapsedMs: now)).isEmpty)
        }
        #expect(core.engine.settlementsBooked == 1)
    }

    @Test func aSettlementFromAReconciliationIsJournaledOnce() {
        var core = Self.started()
        let ticker = LiveCoreTests.market.ticker
        _ = core.handle(.tick(LiveSurroundings()), now: 1_200, elapsedMs: 1_200)
        let account = LiveRollCoreTests.account(settled: [ticker: .no], at: 3_000)
        _ = core.beginStartReconciliation(now: 3_000, elapsedMs: 3_000)
        let read = core.handle(.account(account, trigger: "periodic"), now: 3_100, elapsedMs: 3_100)
        #expect(Self.settlements(read) == [ticker])
        #expect(Self.settlements(core.handle(.account(account, trigger: "periodic"), now: 3_300, elapsedMs: 3_300)).isEmpty)
    }
}
