import KalshiAPI
import KalshiClient
import KalshiCore
import SignalFeeds
import Storage
import Testing
import TradingEngine

@testable import LiveTrading

/// Terms the exchange changes under a running session: an event's fees (`event_fee_update`,
/// re-read from REST before trading on), scheduled maintenance (`GET /exchange/schedule`), and
/// which spot the model prices on when it is a composite of venues.
@Suite struct LiveFeesAndMaintenanceCoreTests {
    typealias P = LivePauseCoreTests
    static let ticker = P.ticker
    static let event = LiveCoreTests.market.eventTicker

    static func feeUpdate(multiplier: Double?) -> LiveInput {
        .feed(.message(.eventFeeUpdate(sid: 5, WSEventFeeUpdate(eventTicker: event, feeTypeOverride: "quadratic", feeMultiplierOverride: multiplier))))
    }

    static func feeReads(_ actions: [LiveAction]) -> [String] {
        actions.compactMap { if case .readEventFees(let event, _) = $0 { event } else { nil } }
    }

    static func readNumbers(_ actions: [LiveAction]) -> [Int] {
        actions.compactMap { if case .readEventFees(_, let read) = $0 { read } else { nil } }
    }

    @Test func aFeeChangeStopsOrdersUntilTheFeesAreReadAndThenTradesOnThem() throws {
        var core = P.started()
        let id = try #require(core.engine.state.id(of: Self.ticker))
        let changing = core.handle(Self.feeUpdate(multiplier: 2), now: 1_200, elapsedMs: 1_200)
        #expect(Self.feeReads(changing) == [Self.event])
        let read = try #require(Self.readNumbers(changing).first)
        #expect(P.journaledRisk(changing) == ["fees_changing"])
        #expect(core.feesInDoubt == [Self.event])
        #expect(core.engine.state.market(id).tradingPaused)
        // The strategy would buy on a tradable book; the fees are unknown, so nothing goes out.
        #expect(!P.sendsCreate(core.handle(P.snapshot, now: 1_300, elapsedMs: 1_300)))

        let doubled = FeeSchedule(type: .quadratic, multiplierTicks: 20_000)
        let answered = core.handle(.eventFees(eventTicker: Self.event, read: read, doubled), now: 1_400, elapsedMs: 1_400)
        #expect(P.journaledRisk(answered).contains("fees_changed"))
        #expect(core.engine.state.market(id).metadata.fees == doubled)
        #expect(core.feesInDoubt.isEmpty)
        #expect(P.refreshed(answered) == [[Self.ticker]])
        #expect(P.sendsCreate(core.handle(P.snapshot, now: 1_500, elapsedMs: 1_500)))
    }

    @Test func aFailedFeeReadIsRetriedAndTradingWaitsForIt() throws {
        var core = P.started()
        let read = try #require(Self.readNumbers(core.handle(Self.feeUpdate(multiplier: nil), now: 1_200, elapsedMs: 1_200)).first)
        _ = core.handle(.eventFeesFailed(eventTicker: Self.event, read: read, "503"), now: 1_300, elapsedMs: 1_300)
        #expect(Self.feeReads(core.handle(.tick(LiveSurroundings()), now: 6_000, elapsedMs: 6_000)).isEmpty, "not before 5 s")
        #expect(Self.feeReads(core.handle(.tick(LiveSurroundings()), now: 6_400, elapsedMs: 6_400)) == [Self.event])
        #expect(!P.sendsCreate(core.handle(P.snapshot, now: 6_500, elapsedMs: 6_500)))
        let id = try #require(core.engine.state.id(of: Self.ticker))
        #expect(core.engine.state.market(id).tradingPaused)
    }

    @Test func anAnswerToAnOlderReadDoesNotEndTheDoubt() throws {
        var core = P.started()
        let first = try #require(Self.readNumbers(core.handle(Self.feeUpdate(multiplier: 2), now: 1_200, elapsedMs: 1_200)).first)
        let second = try #require(Self.readNumbers(core.handle(Self.feeUpdate(multiplier: 3), now: 1_250, elapsedMs: 1_250)).first)
        #expect(second != first)
        let id = try #require(core.engine.state.id(of: Self.ticker))
        // The first read may have been answered before the second change: it does not count.
        _ = core.handle(.eventFees(eventTicker: Self.event, read: first, FeeSchedule(type: .quadratic, multiplierTicks: 20_000)), now: 1_300, elapsedMs: 1_300)
        #expect(core.feesInDoubt == [Self.event])
        #expect(core.engine.state.market(id).metadata.fees == FeeSchedule())
        let tripled = FeeSchedule(type: .quadratic, multiplierTicks: 30_000)
        _ = core.handle(.eventFees(eventTicker: Self.event, read: second, tripled), now: 1_400, elapsedMs: 1_400)
        #expect(core.feesInDoubt.isEmpty)
        #expect(core.engine.state.market(id).metadata.fees == tripled)
    }

    @Test func anotherEventsFeeChangeIsIgnored() {
        var core = P.started()
        let other = LiveInput.feed(.message(.eventFeeUpdate(sid: 5, WSEventFeeUpdate(eventTicker: "KXOTHER", feeMultiplierOverride: 3))))
        #expect(Self.feeReads(core.handle(other, now: 1_200, elapsedMs: 1_200)).isEmpty)
        #expect(P.sendsCreate(core.handle(P.snapshot, now: 1_300, elapsedMs: 1_300)))
    }

    // MARK: Maintenance

    static func scheduleReads(_ actions: [LiveAction]) -> Int {
        actions.filter { if case .readExchangeSchedule = $0 { true } else { false } }.count
    }

    @Test func noOrdersGoOutInsideAMaintenanceWindowAndTradingResumesAfterIt() throws {
        var core = P.started()
        #expect(Self.scheduleReads(core.handle(.tick(LiveSurroundings()), now: 1_200, elapsedMs: 1_200)) == 1)
        _ = core.handle(.exchangeStatus(tradingActive: true, detail: "trading_active true"), now: 1_250, elapsedMs: 1_250)
        let window = MaintenanceWindow(startMs: 10_000, endMs: 20_000)
        _ = core.handle(.exchangeSchedule([window, MaintenanceWindow(startMs: 100, endMs: 900)]), now: 1_300, elapsedMs: 1_300)
        #expect(core.maintenanceWindows == [window], "a window already over is dropped")
        #expect(P.sendsCreate(core.handle(P.snapshot, now: 1_400, elapsedMs: 1_400)), "trading before the window")

        let entered = core.handle(.tick(LiveSurroundings()), now: 10_000, elapsedMs: 10_000)
        #expect(P.journaledRisk(entered).contains("maintenance_started"))
        #expect(core.inMaintenance)
        let id = try #require(core.engine.state.id(of: Self.ticker))
        #expect(core.engine.state.market(id).tradingPaused)
        #expect(!P.sendsCreate(core.handle(P.snapshot, now: 10_100, elapsedMs: 10_100)))

        let left = core.handle(.tick(LiveSurroundings()), now: 20_000, elapsedMs: 20_000)
        #expect(P.journaledRisk(left).contains("maintenance_ended"))
        #expect(!core.inMaintenance)
        #expect(P.refreshed(left) == [[Self.ticker]])
        #expect(left.contains { if case .readExchangeStatus = $0 { true } else { false } }, "the status is asked at once")
    }

    @Test func theScheduleIsReadAgainEveryTenMinutesAndSoonerAfterAFailure() {
        var core = P.started()
        #expect(Self.scheduleReads(core.handle(.tick(LiveSurroundings()), now: 1_200, elapsedMs: 1_200)) == 1)
        _ = core.handle(.exchangeScheduleFailed("503"), now: 1_300, elapsedMs: 1_300)
        #expect(Self.scheduleReads(core.handle(.tick(LiveSurroundings()), now: 31_000, elapsedMs: 31_000)) == 0)
        #expect(Self.scheduleReads(core.handle(.tick(LiveSurroundings()), now: 31_300, elapsedMs: 31_300)) == 1)
        _ = core.handle(.exchangeSchedule([]), now: 31_400, elapsedMs: 31_400)
        #expect(Self.scheduleReads(core.handle(.tick(LiveSurroundings()), now: 600_000, elapsedMs: 600_000)) == 0)
        #expect(Self.scheduleReads(core.handle(.tick(LiveSurroundings()), now: 631_300, elapsedMs: 631_300)) == 1)
    }

    @Test func scheduleWindowsParseAndABadOneIsNamed() throws {
        let good = ExchangeScheduleDTO(maintenanceWindows: [.init(startDatetime: "2026-12-03T08:00:00Z", endDatetime: "2026-12-03T10:00:00Z")])
        let windows = try good.windows()
        #expect(windows.count == 1)
        #expect(windows[0].endMs - windows[0].startMs == 7_200_000)
        let backwards = ExchangeScheduleDTO(maintenanceWindows: [.init(startDatetime: "2026-12-03T10:00:00Z", endDatetime: "2026-12-03T08:00:00Z")])
        #expect(throws: ExchangeScheduleError.self) { try backwards.windows() }
        let garbage = ExchangeScheduleDTO(maintenanceWindows: [.init(startDatetime: "soon", endDatetime: "later")])
        do {
            _ = try garbage.windows()
            Issue.record("a window that does not parse was accepted")
        } catch {
            #expect(error.description.contains("maintenance_windows[0]"))
        }
    }

    // MARK: Composite spot

    static func tick(_ venue: SignalVenue, kind: SignalTick.Kind, dollars: Int64) -> LiveInput {
        .signal(
            .tick(
                SignalTick(
                    asset: .eth, venue: venue, kind: kind, price: Money(cents: dollars * 100), exchangeMs: 1_000, receiveMs: 1_000)))
    }

    @Test func withACompositeSpotOnlyTheMedianReachesTheModel() throws {
        var configuration = LiveConfiguration(risk: RiskLimits(minimumBalance: .zero))
        configuration.markets.asset = "ETH"
        configuration.signals.settlementIndex = false
        #expect(configuration.signals.venue == .composite, "the composite is the default")
        var engine = TradingEngine(
            strategy: P.KeepsBidding(), startingBalance: Money(cents: 100_000), limits: RiskLimits(minimumBalance: .zero), sessionPrefix: "t")
        engine.addMarket(LiveCoreTests.market, asset: "ETH")
        var core = LiveCore(
            configuration: configuration, sessionName: "t", runId: 1, engine: engine, bookedTrades: [:], journaledSettlements: [],
            startedMs: 1_000, runtimeDeadlineMs: nil)
        func spot() -> Money? { core.engine.state.asset("ETH")?.spot }
        _ = core.handle(Self.tick(.cryptoCom, kind: .index, dollars: 3_000), now: 1_100, elapsedMs: 1_100)
        _ = core.handle(Self.tick(.coinbase, kind: .mid, dollars: 3_010), now: 1_200, elapsedMs: 1_200)
        #expect(spot() == nil, "a constituent's price is not the model's")
        _ = core.handle(Self.tick(.composite, kind: .index, dollars: 3_005), now: 1_300, elapsedMs: 1_300)
        #expect(spot() == Money(cents: 300_500))
        _ = core.handle(.signal(.stale(.coinbase, .eth, ageMs: 5_000)), now: 1_400, elapsedMs: 1_400)
        #expect(core.engine.state.asset("ETH")?.spotFlaggedStale == false, "one constituent going stale is the composite's business")
    }
}
