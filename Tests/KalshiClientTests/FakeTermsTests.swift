import FakeVenues
import Foundation
import KalshiAPI
import KalshiClient
import KalshiCore
import Testing

/// The fake exchange changes terms as the real one announces them: an event's fee override
/// (`event_fee_update` and `GET /events/{ticker}`), a market's price grid
/// (`price_level_structure_updated` and the market object), and the maintenance windows of
/// `GET /exchange/schedule`.
struct FakeTermsTests {
    @Test func theTermFaultsParse() throws {
        let plan = try FaultPlan(parsing: "maintenance=3600-3630,fee-change=60,regrid=90")
        #expect(plan.maintenanceWindowSeconds == 3_600..<3_630)
        #expect(plan.feeChangeSeconds == 60)
        #expect(plan.regridSeconds == 90)
        for bad in ["maintenance=30-10", "fee-change=0", "regrid=x"] {
            #expect(throws: FaultPlanError.self, "\(bad)") { try FaultPlan(parsing: bad) }
        }
    }

    @Test func aFeeOverrideIsAnnouncedServedAndCharged() async throws {
        let harness = try await Harness.start()
        defer { Task { await harness.stop() } }
        let ticker = try #require(await harness.thresholdTickers().first)
        let event = try #require(await harness.venue.exchange.metadata(ticker)).eventTicker
        let feed = harness.feed(harness.alice, [FeedSubscription(channels: ["market_lifecycle_v2"])])
        try await withFeed(feed) {
            await waitUntil(feed, seconds: 10, what: "the lifecycle subscription") { event in
                if case .message(.subscribed(_, "market_lifecycle_v2", _)) = event { true } else { false }
            }
            await harness.venue.exchange.changeEventFees(eventTicker: event, type: .quadratic, multiplier: 2)
            await waitUntil(feed, seconds: 10, what: "event_fee_update") { message in
                guard case .message(.eventFeeUpdate(_, let update)) = message else { return false }
                return update.eventTicker == event && update.feeMultiplierOverride == 2 && update.feeTypeOverride == "quadratic"
            }
            let served = try await harness.aliceREST.event(event, withNestedMarkets: false).event
            #expect(served.feeMultiplierOverride == 2)
            let doubled = FeeSchedule(type: .quadratic, multiplierTicks: 20_000)
            #expect(await harness.venue.exchange.engine(ticker)?.fees == doubled, "new fills pay the override")
            // Discovery reads the override with the markets.
            let markets = try await MarketDiscovery(client: harness.aliceREST).openMarkets(series: "KXETHD")
            let ofEvent = markets.filter { $0.eventTicker == event }
            #expect(!ofEvent.isEmpty)
            #expect(ofEvent.allSatisfy { $0.fees == doubled })

            // Both null: the override is gone, the series' fees apply again.
            await harness.venue.exchange.changeEventFees(eventTicker: event, type: nil, multiplier: nil)
            #expect(try await harness.aliceREST.event(event, withNestedMarkets: false).event.feeMultiplierOverride == nil)
            #expect(await harness.venue.exchange.engine(ticker)?.fees == FeeSchedule(type: .quadratic, multiplierTicks: 10_000))
        }
    }

    @Test func aNewGridIsAnnouncedServedAndEnforced() async throws {
        let harness = try await Harness.start()
        defer { Task { await harness.stop() } }
        let ticker = try #require(await harness.thresholdTickers().first)
        let halfCent = Price(uncheckedTicks: 4_050)
        let order = OrderRequest(owner: "someone", side: .bid, price: halfCent, count: Quantity(contracts: 1))
        guard case .failure(.invalidPrice) = await harness.venue.exchange.submit(order, ticker: ticker) else {
            Issue.record("a half-cent price was accepted on a one-cent grid")
            return
        }
        let feed = harness.feed(harness.alice, [FeedSubscription(channels: ["market_lifecycle_v2"])])
        try await withFeed(feed) {
            await waitUntil(feed, seconds: 10, what: "the lifecycle subscription") { event in
                if case .message(.subscribed(_, "market_lifecycle_v2", _)) = event { true } else { false }
            }
            #expect(await harness.venue.exchange.changeGrid(ticker: ticker, structure: "deci_cent"))
            await waitUntil(feed, seconds: 10, what: "price_level_structure_updated") { message in
                guard case .message(.marketLifecycle(_, let lifecycle)) = message else { return false }
                return lifecycle.marketTicker == ticker && lifecycle.eventType == "price_level_structure_updated"
                    && lifecycle.priceLevelStructure == "deci_cent" && lifecycle.priceRanges?.first?.step == "0.0010"
            }
            let market = try await harness.aliceREST.market(ticker)
            #expect(market.priceLevelStructure == "deci_cent")
            #expect(try market.metadata(fees: FeeSchedule()).priceGrid.isOnGrid(halfCent))
            guard case .success = await harness.venue.exchange.submit(order, ticker: ticker) else {
                Issue.record("a half-cent price was refused on the deci-cent grid")
                return
            }
            #expect(!(await harness.venue.exchange.changeGrid(ticker: ticker, structure: "no_such_grid")))
        }
    }

    @Test func theMaintenanceFaultIsListedInTheSchedule() async throws {
        let harness = try await Harness.start(faults: try FaultPlan(parsing: "maintenance=3600-3630"))
        defer { Task { await harness.stop() } }
        let windows = try await harness.aliceREST.exchangeSchedule().windows()
        let start = harness.venue.exchange.clock.startMs
        // RFC 3339 in whole seconds: the window starts at the start's second plus an hour.
        #expect(windows.count == 1)
        #expect(windows.first?.startMs == (start / 1_000) * 1_000 + 3_600_000)
        #expect(windows.first.map { $0.endMs - $0.startMs } == 30_000)
    }

    @Test func theMaintenanceWindowPausesTrading() async throws {
        var configuration = FakeKalshiConfiguration()
        configuration.assets = [.eth]
        configuration.scenarioStartMs = 1_800_000_000_000
        configuration.firstCloseMs = 1_800_000_000_000 + 1_800_000
        configuration.startPaused = true
        configuration.backgroundFlow = false
        configuration.faults = try FaultPlan(parsing: "maintenance=60-90")
        let exchange = try await FakeKalshiExchange(configuration: configuration)
        let start = exchange.clock.startMs
        await exchange.step(nowMs: start + 59_000)
        #expect(!(await exchange.isTradingPaused))
        await exchange.step(nowMs: start + 60_000)
        #expect(await exchange.isTradingPaused)
        await exchange.step(nowMs: start + 90_000)
        #expect(!(await exchange.isTradingPaused))
    }
}
