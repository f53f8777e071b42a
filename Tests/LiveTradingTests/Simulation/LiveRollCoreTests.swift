import KalshiAPI
import KalshiClient
import KalshiCore
import LiveTrading
import SignalFeeds
import Storage
import Testing
import TradingEngine

/// A rolling session's core, input by input: it looks for the next event a lead before the
/// latest close, follows what it finds, retires an event once it is over, and keeps going where
/// a one-event session stops.
@Suite struct LiveRollCoreTests {
    static func market(_ event: String, strike: Int, openMs: Int64, closeMs: Int64) -> MarketMetadata {
        MarketMetadata(
            ticker: "\(event)-T\(strike)", eventTicker: event, seriesTicker: "KXETHD", strikeType: .greater,
            floorStrike: Money(cents: Int64(strike) * 100), openTimeMs: openMs, closeTimeMs: closeMs, exchangeIndex: 2)
    }

    static let first = market("KXETHD-A", strike: 3_000, openMs: 0, closeMs: 600_000)
    static let next = [
        market("KXETHD-B", strike: 3_000, openMs: 600_000, closeMs: 1_200_000),
        market("KXETHD-B", strike: 3_020, openMs: 600_000, closeMs: 1_200_000),
    ]

    /// Terminal exit 30 s: the next event is looked for from 90 s before the close.
    static func core(roll: Bool) -> LiveCore<LiveCoreTests.BuyOnce> {
        let limits = RiskLimits(minimumBalance: .zero, terminalExitTime: 30)
        var engine = TradingEngine(
            strategy: LiveCoreTests.BuyOnce(), startingBalance: Money(cents: 100_000), limits: limits, sessionPrefix: "t")
        engine.addMarket(first, asset: "ETH")
        var configuration = LiveConfiguration(risk: limits)
        configuration.markets.roll = roll
        configuration.operations.settlementWaitSeconds = 60
        var core = LiveCore(
            configuration: configuration, sessionName: "t", runId: 1, engine: engine, bookedTrades: [:], journaledSettlements: [],
            startedMs: 1_000, runtimeDeadlineMs: nil)
        _ = core.beginStartReconciliation(now: 1_000, elapsedMs: 0)
        _ = core.handle(.account(account(settled: [:], at: 1_000), trigger: "start"), now: 1_100, elapsedMs: 1_100)
        return core
    }

    static func account(settled: [String: OutcomeSide], at ms: Int64) -> ExchangeAccountView {
        ExchangeAccountView(
            balance: Money(cents: 100_000), positions: [:], orders: [], fills: [], settlements: settled, fetchStartedMs: ms,
            isConsistent: true)
    }

    static func tick(_ core: inout LiveCore<LiveCoreTests.BuyOnce>, at ms: Int64) -> [LiveAction] {
        core.handle(.tick(LiveSurroundings()), now: ms, elapsedMs: ms)
    }

    static func discoveries(_ actions: [LiveAction]) -> [Int64] {
        actions.compactMap { if case .discoverNextEvent(let after) = $0 { after } else { nil } }
    }

    static func settle(_ ticker: String) -> LiveInput {
        var lifecycle = WSMarketLifecycle(marketTicker: ticker, eventType: "determined")
        lifecycle.result = "yes"
        return .feed(.message(.marketLifecycle(sid: 9, lifecycle)))
    }

    /// A reconciliation at 640 s reads the first event's settlement on the exchange's list; the
    /// tick after it retires what is over. Returns the tickers of each `.retireMarkets`.
    static func retireAfterTheExchangeListsTheFirstSettlement(_ core: inout LiveCore<LiveCoreTests.BuyOnce>) -> [[String]] {
        _ = core.handle(
            .account(account(settled: [first.ticker: .yes], at: 640_000), trigger: "periodic"), now: 640_500, elapsedMs: 640_500)
        return tick(&core, at: 640_700).compactMap { if case .retireMarkets(let tickers) = $0 { tickers } else { nil } }
    }

    static func said(_ actions: [LiveAction], _ text: String) -> Bool {
        actions.contains { if case .console(let line) = $0 { line.contains(text) } else { false } }
    }

    @Test func theNextEventIsLookedForBeforeTheCloseThenFollowed() throws {
        var core = Self.core(roll: true)
        #expect(Self.discoveries(Self.tick(&core, at: 400_000)).isEmpty, "too early: 200 s before the close")
        #expect(Self.discoveries(Self.tick(&core, at: 515_000)) == [600_000])
        #expect(Self.discoveries(Self.tick(&core, at: 515_200)).isEmpty, "one look at a time")

        // Not listed yet: looked for again 10 s later, not sooner.
        let missing = core.handle(.nextEvent([]), now: 516_000, elapsedMs: 516_000)
        #expect(Self.said(missing, "not listed yet"))
        #expect(Self.discoveries(Self.tick(&core, at: 520_000)).isEmpty)
        #expect(Self.discoveries(Self.tick(&core, at: 526_100)) == [600_000])

        // Found: its markets join the engine, the journal and the feed, in that order.
        let found = core.handle(.nextEvent(Self.next), now: 527_000, elapsedMs: 527_000)
        #expect(core.tickers == [Self.first.ticker] + Self.next.map(\.ticker))
        #expect(core.eventsRolled == 1)
        let journaled = try #require(
            found.firstIndex {
                if case .journal(let records) = $0 {
                    records.contains { if case .risk(let risk) = $0 { risk.kind == "roll" } else { false } }
                } else {
                    false
                }
            })
        let followed = try #require(found.firstIndex { if case .followMarkets = $0 { true } else { false } })
        #expect(journaled < followed)
        if case .followMarkets(let markets) = found[followed] { #expect(markets.map(\.ticker) == Self.next.map(\.ticker)) }

        // Its books reach the engine by ticker.
        let snapshot = LiveInput.feed(
            .message(
                .orderbookSnapshot(
                    sid: 3, seq: 1,
                    OrderbookSnapshot(
                        marketTicker: Self.next[0].ticker,
                        yes: [BookLevel(price: Price(uncheckedTicks: 4_000), size: Quantity(contracts: 5))],
                        no: [BookLevel(price: Price(uncheckedTicks: 5_000), size: Quantity(contracts: 5))]))))
        _ = core.handle(snapshot, now: 528_000, elapsedMs: 528_000)
        let id = try #require(core.engine.state.id(of: Self.next[0].ticker))
        #expect(core.engine.state.market(id).book.isTradable)

        // The next look is for the event after the new latest close, a lead before it.
        #expect(Self.discoveries(Self.tick(&core, at: 1_000_000)).isEmpty)
        #expect(Self.discoveries(Self.tick(&core, at: 1_115_000)) == [1_200_000])
    }

    @Test func aSettledEventIsRetiredOnceTheExchangeListsItsSettlementAndTheSessionGoesOn() {
        var core = Self.core(roll: true)
        _ = Self.tick(&core, at: 515_000)
        // Whatever read that tick began: answered, nothing settled yet.
        _ = core.handle(.account(Self.account(settled: [:], at: 515_000), trigger: "periodic"), now: 515_500, elapsedMs: 515_500)
        _ = core.handle(.nextEvent(Self.next), now: 516_000, elapsedMs: 516_000)
        _ = core.handle(Self.settle(Self.first.ticker), now: 601_000, elapsedMs: 601_000)
        let afterSettlement = Self.tick(&core, at: 601_200)
        #expect(!Self.said(afterSettlement, "stopping"), "a rolling session goes on after an event settles")
        #expect(core.finished == nil)
        #expect(
            !afterSettlement.contains { if case .retireMarkets = $0 { true } else { false } }, "not before the exchange lists it")

        // A reconciliation sees the settlement on the exchange's list: the market is retired from
        // the feed and from later reads.
        #expect(core.readTickers == [Self.first.ticker] + Self.next.map(\.ticker))
        let retired = Self.retireAfterTheExchangeListsTheFirstSettlement(&core)
        #expect(retired == [[Self.first.ticker]])
        #expect(core.readTickers == Self.next.map(\.ticker))
    }

    /// A retired market's orders and fills leave the session's memory (a session of days would
    /// otherwise hold all it ever sent), and a late copy of one of its fills is still not booked.
    @Test func aRetiredMarketsOrdersAndFillsAreForgottenAndALateCopyOfAFillIsNotBooked() throws {
        var core = Self.core(roll: true)
        let index = SignalTick(
            asset: .eth, venue: .cfBenchmarks, kind: .index, price: Money(cents: 300_000), exchangeMs: 1_900, receiveMs: 1_900)
        _ = core.handle(.signal(.tick(index)), now: 1_900, elapsedMs: 1_900)
        let placed = core.handle(LiveCoreTests.book(Self.first.ticker), now: 2_000, elapsedMs: 2_000)
        let spec = try #require(
            placed.compactMap { if case .send(.create(let spec)) = $0 { spec } else { nil } }.first, "\(placed)")
        let view = ExchangeOrderView(
            orderId: "o-1", clientOrderId: spec.clientOrderId, ticker: Self.first.ticker, side: spec.side, price: spec.price,
            initialCount: spec.count, filledCount: .zero, remainingCount: spec.count, isResting: true)
        let answer = VenueAnswer(
            request: .create, clientOrderIds: [spec.clientOrderId], outcomes: [.view(spec.clientOrderId, view, settled: true)])
        _ = core.handle(.answer(answer), now: 2_100, elapsedMs: 2_100)
        // The fill names only the exchange's order id.
        let fill = ExchangeFillView(
            tradeId: "tr-1", orderId: "o-1", clientOrderId: nil, ticker: Self.first.ticker, side: spec.side, yesPrice: spec.price,
            count: spec.count, fee: .zero, isTaker: false, timeMs: 2_200)
        _ = core.handle(.fill(fill), now: 2_200, elapsedMs: 2_200)
        _ = core.handle(.fill(fill), now: 2_300, elapsedMs: 2_300)
        #expect(core.fillsBooked == 1 && core.duplicateFills == 1)
        #expect(core.engine.state.orders.order(spec.clientOrderId)?.status == .filled)
        #expect(core.engine.state.portfolio.position(Self.first.ticker) == spec.count)

        _ = core.handle(Self.settle(Self.first.ticker), now: 601_000, elapsedMs: 601_000)
        #expect(core.engine.state.portfolio.position(Self.first.ticker) == .zero)
        let cash = core.engine.state.portfolio.cash
        _ = Self.tick(&core, at: 601_200)
        let retired = Self.retireAfterTheExchangeListsTheFirstSettlement(&core)
        #expect(retired == [[Self.first.ticker]])
        #expect(core.engine.state.orders.order(spec.clientOrderId) == nil)
        #expect(core.engine.state.orders.clientOrderId(ofOrder: "o-1") == nil)
        #expect(core.engine.state.orders.registeredCount == 1 && core.ordersSent == 1, "what was sent still counts")

        // The exchange sends the fill again: its order is gone, so it waits for a reconciliation
        // instead of being booked a second time.
        _ = core.handle(.fill(fill), now: 641_000, elapsedMs: 641_000)
        #expect(core.fillsBooked == 1)
        #expect(core.engine.state.portfolio.position(Self.first.ticker) == .zero)
        #expect(core.engine.state.portfolio.cash == cash)
    }

    @Test func aLateSettlementIsNotedOnceAndDoesNotStopARollingSession() {
        var core = Self.core(roll: true)
        let late = Self.tick(&core, at: 661_000)
        #expect(Self.said(late, "no settlement 60 s after the close"))
        #expect(!Self.said(late, "stopping"))
        #expect(!Self.said(Self.tick(&core, at: 662_000), "no settlement"), "said once per market")
        #expect(core.finished == nil)
    }

    @Test func aSessionThatDoesNotRollStopsOnceItsEventSettlesAndNeverLooksAhead() {
        var core = Self.core(roll: false)
        #expect(Self.discoveries(Self.tick(&core, at: 590_000)).isEmpty)
        _ = core.handle(Self.settle(Self.first.ticker), now: 601_000, elapsedMs: 601_000)
        #expect(Self.said(Self.tick(&core, at: 601_200), "stopping (all markets settled)"))
    }

    @Test func anExplicitTickerNeverRolls() {
        var configuration = LiveConfiguration(risk: RiskLimits())
        #expect(configuration.markets.rolls)
        configuration.markets.ticker = "KXETHD-A-T3000"
        #expect(!configuration.markets.rolls)
    }
}
