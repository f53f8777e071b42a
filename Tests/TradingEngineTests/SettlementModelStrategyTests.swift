import KalshiCore
import Pricing
import Strategies
import Testing

@testable import TradingEngine

/// The default pricing model through the engine: inside the settlement minute the index values
/// already published are part of the price, as Kalshi's sixty-second average settles it.
extension BinaryEdgeStrategyTests {
    @Test func theSettlementModelPricesThePublishedPartOfTheMinute() throws {
        var configuration = Self.configuration()
        configuration.model = .settlementAverage
        var engine = Self.engine([ethMarket("T3005", strike: "3005", closeMs: Self.close)], configuration: configuration)
        _ = Self.book(&engine, MarketID(0), bid: 40, ask: 45, at: Self.close - 90_000)
        _ = engine.process(TimedEvent(timeMs: Self.close - 90_000, .volatility(asset: "ETH", sigma: Self.sigma)))
        // The index sits at 3000 through the first forty seconds of the window, then jumps.
        for second in stride(from: Int64(80), to: 20, by: -1) {
            _ = engine.process(TimedEvent(timeMs: Self.close - second * 1_000, spot("3000", atMs: Self.close - second * 1_000)))
        }
        _ = engine.drainRecords()
        let now = Self.close - 20_000
        _ = engine.process(TimedEvent(timeMs: now, spot("3010", atMs: now)))
        let decision = try #require(engine.drainRecords().decisions.last)
        let expected = try SettlementAverageBinary.yesProbability(
            spot: 3010, strike: 3005, volatility: Self.sigma, secondsToClose: 20, observedSum: 40 * 3000)
        let plain = try BinaryOption.yesProbability(
            spot: 3010, strike: 3005, volatility: Self.sigma, yearsToExpiry: BinaryOption.years(fromSeconds: 20))
        #expect(decision.fair == expected)
        // 40 seconds at 3000 and 20 near 3010 average about 3003.3: below the strike, although
        // the spot is above it, which plain N(d2) on the spot cannot see.
        #expect(expected < 0.05 && plain > 0.95, "settlement model \(expected), plain \(plain)")
    }

    @Test func beforeTheWindowTheSettlementModelUsesNoPublishedValue() throws {
        var configuration = Self.configuration()
        configuration.model = .settlementAverage
        var engine = Self.engine([ethMarket("T3000", strike: "3000", closeMs: Self.close)], configuration: configuration)
        _ = Self.book(&engine, MarketID(0), bid: 40, ask: 45, at: Self.now - 500)
        _ = engine.process(TimedEvent(timeMs: Self.now - 500, .volatility(asset: "ETH", sigma: Self.sigma)))
        _ = engine.process(TimedEvent(timeMs: Self.now, spot("3001", atMs: Self.now)))
        let decision = try #require(engine.drainRecords().decisions.last)
        let expected = try SettlementAverageBinary.yesProbability(
            spot: 3001, strike: 3000, volatility: Self.sigma, secondsToClose: 1_800, observedSum: nil)
        #expect(decision.fair == expected)
    }
}
