import Testing
import TradingEngine

@testable import LiveTrading

/// The time of each order's last request is kept only while a reconciliation may need it: a
/// session of days sends hundreds of thousands of orders, and the map must not grow with them.
struct RequestTimesPruningTests {
    /// A core after its start reconciliation and one order sent at wall 1,200 ms, elapsed 1,200 ms.
    static func coreWithOneOrderSent() throws -> (LiveCore<LiveCoreTests.BuyOnce>, String) {
        var core = LiveCoreTests.core()
        _ = core.beginStartReconciliation(now: 1_000, elapsedMs: 0)
        _ = core.handle(.account(LiveCoreTests.account, trigger: "start"), now: 1_100, elapsedMs: 1_100)
        let actions = core.handle(LiveCoreTests.book(), now: 1_200, elapsedMs: 1_200)
        let cid = try #require(
            actions.lazy.compactMap { if case .send(.create(let spec)) = $0 { spec.clientOrderId } else { nil } }.first)
        #expect(core.lastRequest[cid] == RequestTime(wallMs: 1_200, elapsedMs: 1_200))
        return (core, cid)
    }

    static func read(startedMs: Int64) -> ExchangeAccountView {
        var account = LiveCoreTests.account
        account.fetchStartedMs = startedMs
        return account
    }

    @Test func aFinishedOrderIsForgottenAfterTheLateArrivalWindow() throws {
        var (core, cid) = try Self.coreWithOneOrderSent()
        _ = core.handle(
            .answer(VenueAnswer(request: .create, clientOrderIds: [cid], outcomes: [.refused(cid, code: "invalid_order")])),
            now: 1_300, elapsedMs: 1_300)
        // A read that began before the request, inside the window: still needed.
        _ = core.beginStartReconciliation(now: 1_150, elapsedMs: 1_150)
        _ = core.handle(.account(Self.read(startedMs: 1_150), trigger: "periodic"), now: 1_400, elapsedMs: 1_400)
        #expect(core.lastRequest[cid] != nil)
        // A read that began after it, past the window (2 × the request timeout): forgotten.
        let late = 1_200 + core.lateArrivalWindowMs + 1
        _ = core.beginStartReconciliation(now: late, elapsedMs: late)
        _ = core.handle(.account(Self.read(startedMs: late), trigger: "periodic"), now: late + 100, elapsedMs: late + 100)
        #expect(core.lastRequest.isEmpty)
    }

    @Test func aRequestInFlightIsKeptWhateverItsAge() throws {
        var (core, cid) = try Self.coreWithOneOrderSent()
        let late = 1_200 + 10 * core.lateArrivalWindowMs
        _ = core.beginStartReconciliation(now: late, elapsedMs: late)
        _ = core.handle(.account(Self.read(startedMs: late), trigger: "periodic"), now: late + 100, elapsedMs: late + 100)
        #expect(core.lastRequest[cid] != nil)
    }
}
