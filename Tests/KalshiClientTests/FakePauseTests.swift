import FakeVenues
import Foundation
import KalshiAPI
import KalshiClient
import KalshiCore
import Testing

/// The fake exchange's trading pause: on a schedule (`--faults pause=FROM-TO`) or on demand.
struct FakePauseTests {
    @Test func thePauseFaultIsAWindowOfSecondsAfterTheStart() throws {
        #expect(try FaultPlan(parsing: "pause=60-90").pauseWindowSeconds == 60..<90)
        for bad in ["pause=90-60", "pause=60", "pause=a-b", "pause=-5-10", "pause=10-10"] {
            #expect(throws: FaultPlanError.self, "\(bad)") { try FaultPlan(parsing: bad) }
        }
    }

    @Test func theEarlyCloseFaultMovesTheOpenEventsClose() async throws {
        #expect(try FaultPlan(parsing: "early-close=120").earlyCloseSeconds == 120)
        #expect(throws: FaultPlanError.self) { try FaultPlan(parsing: "early-close=0") }
        var configuration = FakeKalshiConfiguration()
        configuration.assets = [.eth]
        configuration.scenarioStartMs = 1_800_000_000_000
        configuration.firstCloseMs = 1_800_000_000_000 + 1_800_000
        configuration.startPaused = true
        configuration.backgroundFlow = false
        configuration.faults = try FaultPlan(parsing: "early-close=120")
        let exchange = try await FakeKalshiExchange(configuration: configuration)
        let start = exchange.clock.startMs
        let tickers = await exchange.listedTickers
        #expect(!tickers.isEmpty)
        await exchange.step(nowMs: start)
        for ticker in tickers { #expect(await exchange.metadata(ticker)?.closeTimeMs == start + 120_000, "\(ticker)") }
        // The markets settle at the new close.
        await exchange.step(nowMs: start + 121_000)
        for ticker in tickers { #expect(await exchange.isSettled(ticker), "\(ticker)") }
    }

    @Test func aScheduledPauseRefusesOrdersAndEndsByItself() async throws {
        var configuration = FakeKalshiConfiguration()
        configuration.assets = [.eth]
        configuration.scenarioStartMs = 1_800_000_000_000
        configuration.firstCloseMs = 1_800_000_000_000 + 1_800_000
        configuration.startPaused = true
        configuration.backgroundFlow = false
        configuration.faults = try FaultPlan(parsing: "pause=60-90")
        let exchange = try await FakeKalshiExchange(configuration: configuration)
        let start = exchange.clock.startMs
        let ticker = try #require(await exchange.listedTickers.first { $0.hasPrefix("KXETHD-") })
        let order = OrderRequest(owner: "someone", side: .bid, price: Price(uncheckedTicks: 4_000), count: Quantity(contracts: 1))

        await exchange.step(nowMs: start + 59_000)
        #expect(!(await exchange.isTradingPaused))
        await exchange.step(nowMs: start + 60_000)
        #expect(await exchange.isTradingPaused)
        guard case .failure(.tradingPaused) = await exchange.submit(order, ticker: ticker) else {
            Issue.record("an order was accepted while trading was paused")
            return
        }
        await exchange.step(nowMs: start + 90_000)
        #expect(!(await exchange.isTradingPaused))
        guard case .success = await exchange.submit(order, ticker: ticker) else {
            Issue.record("the order was refused after the pause")
            return
        }
    }
}
