import KalshiCore
import Pricing
import Testing

@testable import SignalFeeds

struct CandleStoreTests {
    /// A series checked by hand: four prices in minute 1, one in minute 2, a late one, then minute 5.
    @Test func formsAndClosesCandlesOnTime() {
        var store = CandleStore()
        #expect(store.observe(dollars("100.00"), atMs: 60_000).isEmpty)
        #expect(store.observe(dollars("101.50"), atMs: 75_000).isEmpty)
        #expect(store.observe(dollars("99.25"), atMs: 90_000).isEmpty)
        #expect(store.observe(dollars("100.75"), atMs: 119_999).isEmpty)
        #expect(
            store.forming
                == PriceCandle(
                    startMs: 60_000, open: dollars("100"), high: dollars("101.5"), low: dollars("99.25"),
                    close: dollars("100.75"), observations: 4))

        let first = store.observe(dollars("100.80"), atMs: 120_500)
        #expect(
            first == [
                PriceCandle(
                    startMs: 60_000, open: dollars("100"), high: dollars("101.5"), low: dollars("99.25"),
                    close: dollars("100.75"), observations: 4)
            ])

        // The clock closes a minute at its end, without waiting for the next price.
        #expect(store.advance(toMs: 179_999).isEmpty)
        #expect(store.advance(toMs: 180_000) == [PriceCandle(startMs: 120_000, first: dollars("100.80"))])
        #expect(store.forming == nil)

        // A price for a minute already closed changes nothing.
        #expect(store.observe(dollars("50"), atMs: 150_000).isEmpty)
        #expect(store.lateObservations == 1)

        // Quiet minutes get no invented candle.
        #expect(store.observe(dollars("102"), atMs: 300_000).isEmpty)
        #expect(store.closed.map(\.startMs) == [60_000, 120_000])
        #expect(store.forming?.startMs == 300_000)
    }

    @Test func venueCandlesOnlyFillMissingFinishedMinutes() {
        var store = CandleStore()
        _ = store.observe(dollars("100"), atMs: 60_000)
        _ = store.observe(dollars("101"), atMs: 300_000)  // closes minute 1, forms minute 5
        let venue = [60_000, 180_000, 240_000, 300_000, 360_000, 90_000].map {
            PriceCandle(startMs: Int64($0), open: dollars("1"), high: dollars("1"), low: dollars("1"), close: dollars("1"))
        }
        #expect(store.fill(with: venue, before: 400_000) == 2)
        #expect(store.closed.map(\.startMs) == [60_000, 180_000, 240_000])
        #expect(store.closed[0].open == dollars("100"), "our own minute is kept")
    }

    @Test func keepsAtMostItsCapacity() {
        var store = CandleStore(capacity: 8)
        for minute in 0..<40 { _ = store.observe(dollars("\(100 + minute)"), atMs: Int64(minute) * 60_000) }
        #expect(store.closed.count <= 10)
        #expect(store.closed.last?.startMs == Int64(38 * 60_000))
        #expect(zip(store.closed, store.closed.dropFirst()).allSatisfy { $0.startMs < $1.startMs })
    }

    @Test func pricingCandleConvertsExactly() {
        let candle = PriceCandle(
            startMs: 0, open: dollars("3000.123456"), high: dollars("3001"), low: dollars("2999.5"), close: dollars("3000"),
            observations: 3)
        #expect(
            candle.pricingCandle == Candle(timestampMs: 0, open: 3000.123456, high: 3001, low: 2999.5, close: 3000, volume: 3))
    }
}

struct VolatilityServiceTests {
    /// 130 one-minute candles of a zig-zag path, 5-minute aligned.
    func store(minutes: Int) -> CandleStore {
        var store = CandleStore()
        var price = 3_000.0
        for minute in 0..<minutes {
            let start = Int64(minute) * 60_000
            for second in stride(from: 0, to: 60, by: 15) {
                price *= (minute + second / 15) % 3 == 0 ? 1.0007 : 0.99971
                _ = store.observe(Money(micros: Int64((price * 1_000_000).rounded())), atMs: start + Int64(second) * 1_000)
            }
        }
        _ = store.advance(toMs: Int64(minutes) * 60_000)
        return store
    }

    @Test func matchesTheFoundationEstimatorOnTheSameCandles() throws {
        let candles = store(minutes: 130)
        var service = VolatilityService(asset: .eth, venue: .cryptoCom)
        let refreshed = service.refresh(from: candles)
        let estimate = try #require(refreshed)
        let expected = try RealizedVolatility.annualized(
            candles: candles.closed.map(\.pricingCandle), estimator: .rogersSatchell, window: 24,
            interval: try CandleInterval(seconds: 300))
        #expect(abs(estimate.sigma - expected) < 1e-12)
        #expect(estimate.sigma > 0)
        #expect(estimate.lastCandleStartMs == 129 * 60_000)
        #expect(service.latest == estimate)
    }

    @Test func tooFewCandlesGiveNoEstimateAndSayWhy() {
        var service = VolatilityService(asset: .eth, venue: .cryptoCom)
        #expect(service.refresh(from: store(minutes: 30)) == nil)
        #expect(service.lastFailure == .tooFewBars(needed: 24, available: 6))
        #expect(service.latest == nil)
    }
}
