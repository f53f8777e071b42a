import KalshiCore
import Testing

@testable import SignalFeeds

struct SignalPipelineTests {
    func tick(_ price: String, exchangeMs: Int64, receiveMs: Int64, kind: SignalTick.Kind = .mid) -> SignalTick {
        SignalTick(
            asset: .eth, venue: .cryptoCom, kind: kind, price: dollars(price), exchangeMs: exchangeMs, receiveMs: receiveMs)
    }

    @Test func staleAfterTheLimitOfSilenceAndFreshAgainOnData() {
        var pipeline = SignalPipeline(asset: .eth, venue: .cryptoCom, configuration: .init(stalenessLimitMs: 5_000))
        #expect(pipeline.isStale, "no data yet is stale")
        let first = pipeline.observe(tick("3000", exchangeMs: 1_000, receiveMs: 1_000))
        #expect(first.first == .fresh(.cryptoCom, .eth))
        #expect(pipeline.advance(nowMs: 6_000).isEmpty)
        #expect(pipeline.reading(nowMs: 6_000)?.isStale == false)
        #expect(pipeline.advance(nowMs: 6_001) == [.stale(.cryptoCom, .eth, ageMs: 5_001)])
        let reading = pipeline.reading(nowMs: 6_001)
        #expect(reading?.isStale == true && reading?.tradablePrice == nil && reading?.tick.price == dollars("3000"))
        #expect(pipeline.advance(nowMs: 7_000).isEmpty, "reported once")
        // An empty book delta proves the venue alive without changing the price.
        #expect(pipeline.noteData(receiveMs: 8_000) == [.fresh(.cryptoCom, .eth)])
        #expect(pipeline.reading(nowMs: 8_000)?.tradablePrice?.price == dollars("3000"))
    }

    @Test func headlinePriceFollowsThePreferredKind() {
        var pipeline = SignalPipeline(asset: .eth, venue: .cryptoCom)
        _ = pipeline.observe(tick("2999", exchangeMs: 1, receiveMs: 1, kind: .trade))
        #expect(pipeline.reading(nowMs: 1)?.tick.kind == .trade)
        _ = pipeline.observe(tick("3000", exchangeMs: 2, receiveMs: 2, kind: .index))
        _ = pipeline.observe(tick("3001", exchangeMs: 3, receiveMs: 3, kind: .trade))
        #expect(pipeline.reading(nowMs: 3)?.tick.kind == .index)
        _ = pipeline.observe(tick("3000.5", exchangeMs: 4, receiveMs: 4, kind: .mid))
        #expect(pipeline.reading(nowMs: 4)?.tick.price == dollars("3000.5"))
    }

    @Test func onlyTheCandleKindFormsCandles() {
        var pipeline = SignalPipeline(asset: .eth, venue: .cryptoCom)
        _ = pipeline.observe(tick("1", exchangeMs: 0, receiveMs: 0, kind: .trade))
        _ = pipeline.observe(tick("3000", exchangeMs: 1_000, receiveMs: 1_000, kind: .mid))
        let events = pipeline.observe(tick("3001", exchangeMs: 61_000, receiveMs: 61_000, kind: .mid))
        #expect(events.contains(.candleClosed(.cryptoCom, PriceCandle(startMs: 0, first: dollars("3000")))))
    }
}

struct CompositeMedianTests {
    func tick(_ venue: SignalVenue, _ price: String, kind: SignalTick.Kind = .mid, at ms: Int64 = 1_000) -> SignalEvent {
        .tick(SignalTick(asset: .eth, venue: venue, kind: kind, price: dollars(price), exchangeMs: ms, receiveMs: ms))
    }

    func compositeTicks(_ events: [SignalEvent]) -> [Money] {
        events.compactMap {
            if case .tick(let tick) = $0, tick.venue == .composite { return tick.price }
            return nil
        }
    }

    @Test(arguments: [
        (["100"], "100"), (["100", "102"], "101"), (["100", "101", "105"], "101"), (["1.000001", "1.000002"], "1.000001"),
        ([String](), nil),
    ])
    func medianOfPrices(prices: [String], expected: String?) {
        #expect(CompositeMedian.median(prices.map(dollars)) == expected.map(dollars))
    }

    @Test func medianOfFreshVenuesDroppingStaleOnes() {
        var composite = CompositeMedian(asset: .eth)
        #expect(compositeTicks(composite.observe(tick(.cryptoCom, "100"), nowMs: 1_000)) == [dollars("100")])
        #expect(compositeTicks(composite.observe(tick(.coinbase, "102"), nowMs: 1_001)) == [dollars("101")])
        #expect(compositeTicks(composite.observe(tick(.cfBenchmarks, "101.5", kind: .index), nowMs: 1_002)) == [dollars("101.5")])
        // A venue's trade does not replace its mid as its representative price.
        #expect(compositeTicks(composite.observe(tick(.coinbase, "90", kind: .trade), nowMs: 1_003)).isEmpty)
        // Coinbase goes stale: dropped from the median.
        let dropped = composite.observe(.stale(.coinbase, .eth, ageMs: 5_001), nowMs: 6_000)
        #expect(compositeTicks(dropped) == [dollars("100.75")])
        #expect(composite.constituents[.coinbase]?.fresh == false)
        #expect(compositeTicks(composite.observe(.fresh(.coinbase, .eth), nowMs: 7_000)) == [dollars("101.5")])
        // Another asset's events are none of its business.
        #expect(composite.observe(.stale(.cryptoCom, .btc, ageMs: 9_999), nowMs: 7_001).isEmpty)
    }

    @Test func staleWhenNoConstituentIsFresh() {
        var composite = CompositeMedian(asset: .eth)
        _ = composite.observe(tick(.cryptoCom, "100"), nowMs: 1_000)
        #expect(composite.advance(nowMs: 1_500).isEmpty)
        _ = composite.observe(.stale(.cryptoCom, .eth, ageMs: 5_001), nowMs: 6_000)
        #expect(composite.advance(nowMs: 6_500).isEmpty, "within the composite's own limit")
        #expect(composite.advance(nowMs: 7_001) == [.stale(.composite, .eth, ageMs: 1_001)])
        #expect(composite.reading(nowMs: 7_001)?.isStale == true)
        let back = composite.observe(.fresh(.cryptoCom, .eth), nowMs: 8_000)
        #expect(back.contains(.fresh(.composite, .eth)))
    }
}
