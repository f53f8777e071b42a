import KalshiAPI
import KalshiClient
import KalshiCore
import Storage
import Testing
import TradingEngine

@testable import LiveTrading

/// The session's order group: a trigger at the exchange halts the session like the kill switch;
/// a resume resets the group; another group's news is not ours.
@Suite struct LiveOrderGroupCoreTests {
    static func update(_ event: String, group: String) -> LiveInput {
        .feed(.message(.orderGroup(sid: 4, WSOrderGroupUpdate(eventType: event, orderGroupId: group, contractsLimitFp: Quantity(contracts: 75)))))
    }

    static func started() -> LiveCore<LivePauseCoreTests.KeepsBidding> {
        var core = LivePauseCoreTests.started()
        core.orderGroupId = "og_1"
        return core
    }

    @Test func aTriggeredGroupHaltsTheSessionAndAResumeResetsIt() {
        var core = Self.started()
        _ = core.handle(Self.update("triggered", group: "og_9"), now: 1_200, elapsedMs: 1_200)
        #expect(!core.engine.state.risk.killSwitch, "another group's trigger is not ours")

        let triggered = core.handle(Self.update("triggered", group: "og_1"), now: 1_300, elapsedMs: 1_300)
        #expect(core.engine.state.risk.killSwitch)
        #expect(LivePauseCoreTests.journaledRisk(triggered).contains("order_group_triggered"))
        #expect(triggered.contains { if case .console(let line) = $0 { line.contains("KILL SWITCH engaged") } else { false } })

        let resumed = core.handle(.operatorSignal(.sigusr2, LiveSurroundings()), now: 1_400, elapsedMs: 1_400)
        #expect(!core.engine.state.risk.killSwitch)
        #expect(resumed.contains { if case .resetOrderGroup("og_1") = $0 { true } else { false } })
    }

    @Test func aDeletedGroupIsDroppedFromOrders() {
        var core = Self.started()
        let deleted = core.handle(Self.update("deleted", group: "og_1"), now: 1_200, elapsedMs: 1_200)
        #expect(deleted.contains { if case .dropOrderGroup = $0 { true } else { false } })
        #expect(core.orderGroupId == nil)
    }

    @Test func theGroupLimitIsWhatTheSessionsOwnLimitsAllowIn15Seconds() {
        var risk = RiskLimits(maxOrderSize: Quantity(contracts: 2), maxOrdersPerSecond: 5)
        #expect(LiveLauncher.orderGroupLimit(risk) == Quantity(contracts: 150))
        risk.maxOrderSize = Quantity(units: .max / 2)
        #expect(LiveLauncher.orderGroupLimit(risk) == Quantity(contracts: 1_000_000), "saturates")
        risk.maxOrdersPerSecond = 0
        risk.maxOrderSize = .zero
        #expect(LiveLauncher.orderGroupLimit(risk) == Quantity(contracts: 15), "at least one contract a second")
    }
}
