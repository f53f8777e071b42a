import FakeVenues
import Foundation
import KalshiCore
import Pricing
import SignalClient
import SignalFeeds
import Testing

@Suite(.serialized)
struct CoinbaseAndCompositeTests {
    @Test func coinbaseTicksAndHeartbeatsArriveInOrder() async throws {
        let harness = try await SignalHarness.start()
        defer { Task { await harness.stop() } }
        let client = harness.coinbase()
        let log = EventLog()
        try await withSource(client) {
            try #require(
                await waitUntil(client) { event in
                    await log.append(event)
                    let trades = await log.ticks.filter { $0.kind == .trade }.count
                    let beats = await log.count { if case .heartbeat = $0 { return true } else { return false } }
                    return trades >= 10 && beats >= 2
                })
        }
        let ticks = await log.ticks
        for kind in [SignalTick.Kind.mid, .trade] {
            let times = ticks.filter { $0.kind == kind }.map(\.exchangeMs)
            #expect(!times.isEmpty && zip(times, times.dropFirst()).allSatisfy { $0 <= $1 }, "\(kind)")
        }
        // One trade per scenario second, at the scenario's price ± the half spread.
        var checked = 0
        for trade in ticks where trade.kind == .trade {
            guard let price = await harness.scenarioPrice(atMs: trade.exchangeMs) else { continue }
            #expect(abs(trade.price.micros - price.micros) == Money(cents: 5).micros, "\(trade)")
            checked += 1
        }
        #expect(checked >= 8)
        // No assertion on the number of connections: on a loaded machine the client's own
        // staleness watchdog may rightly reconnect once; what matters is that nothing was malformed.
        let counters = await client.counters()
        #expect(counters.malformedFrames == 0 && counters.connects >= 1)
    }

    @Test func duplicatedCoinbaseFramesAreDropped() async throws {
        let harness = try await SignalHarness.start()
        defer { Task { await harness.stop() } }
        var plan = FaultPlan()
        plan.duplicateRate = 1
        await harness.feed.setFaults(plan)
        let client = harness.coinbase()
        let log = EventLog()
        try await withSource(client) {
            try #require(
                await waitUntil(client) { event in
                    await log.append(event)
                    return await log.ticks.filter { $0.kind == .trade }.count >= 5
                })
        }
        let trades = await log.ticks.filter { $0.kind == .trade }.map(\.exchangeMs)
        #expect(Set(trades).count == trades.count, "each trade once")
        #expect(await client.counters().duplicates >= 5)
    }

    @Test func aCoinbaseClientThatNeverSubscribesIsDropped() async throws {
        let harness = try await SignalHarness.start { $0.coinbaseSubscribeTimeoutMs = 200 }
        defer { Task { await harness.stop() } }
        let client = SignalFeedClient(
            session: NeverSubscribesSession(inner: CoinbaseSession(configuration: .init(asset: .eth))),
            transport: .init(url: harness.endpoints.coinbaseWebSocketURL), logger: SignalHarness.quietLogger)
        let reason = ReasonBox()
        try await withSource(client) {
            try #require(
                await waitUntil(client) { event in
                    guard case .disconnected(_, let text) = event else { return false }
                    await reason.set(text)
                    return true
                })
        }
        let text = await reason.value ?? ""
        #expect(text.contains("no subscribe within 200 ms"), "\(text)")
        #expect(await harness.feed.stats.subscribeTimeouts >= 1)
    }

    /// The composite's every tick is the median of its constituents' latest fresh prices, as the
    /// stream itself shows them (constituent events are forwarded before the composite's own).
    @Test func compositeIsTheMedianOfFreshVenues() async throws {
        let harness = try await SignalHarness.start()
        defer { Task { await harness.stop() } }
        let composite = SignalSources.composite(asset: .eth, constituents: [harness.cryptoCom(), harness.coinbase()])
        let log = EventLog()
        try await withSource(composite) {
            try #require(
                await waitUntil(composite, what: "ten composite ticks after both venues ticked") { event in
                    await log.append(event)
                    // Wait for what the test asserts: under load one venue can still be connecting
                    // while the composite already ticks as the median of the other alone.
                    var seen: Set<SignalVenue> = []
                    var compositeAfterBoth = 0
                    for tick in await log.ticks {
                        if tick.venue != .composite {
                            seen.insert(tick.venue)
                        } else if seen.isSuperset(of: [.cryptoCom, .coinbase]) {
                            compositeAfterBoth += 1
                        }
                    }
                    return compositeAfterBoth >= 10
                })
        }
        var latest: [SignalVenue: [SignalTick.Kind: Money]] = [:]
        var fresh: Set<SignalVenue> = []
        var checked = 0
        for event in await log.events {
            switch event {
            case .fresh(let venue, _) where venue != .composite: fresh.insert(venue)
            case .stale(let venue, _, _) where venue != .composite: fresh.remove(venue)
            case .tick(let tick) where tick.venue == .composite:
                let prices = fresh.sorted { $0.rawValue < $1.rawValue }.compactMap { venue in
                    CompositeMedian.representativeKinds.lazy.compactMap { latest[venue]?[$0] }.first
                }
                #expect(tick.price == CompositeMedian.median(prices), "\(tick) vs \(prices)")
                #expect(tick.kind == .index)
                checked += 1
            case .tick(let tick):
                latest[tick.venue, default: [:]][tick.kind] = tick.price
                fresh.insert(tick.venue)
            default: break
            }
        }
        #expect(checked >= 10)
        #expect(Set(await log.ticks.map(\.venue)) == [.cryptoCom, .coinbase, .composite])
        #expect(await composite.reading()?.tick.venue == .composite)
    }

    @Test func compositeGoesStaleWhenEveryVenueFreezes() async throws {
        let harness = try await SignalHarness.start()
        defer { Task { await harness.stop() } }
        let composite = SignalSources.composite(
            asset: .eth,
            constituents: [
                harness.cryptoCom { $0.pipeline.stalenessLimitMs = 300 }, harness.coinbase { $0.pipeline.stalenessLimitMs = 300 },
            ])
        try await withSource(composite) {
            // Both venues must be up before the freeze: one is enough for a fresh composite, and a
            // venue still subscribing would get its snapshot (and turn fresh) after the freeze.
            try #require(
                await waitUntil(composite, what: "both constituents fresh") { _ in
                    let prices = await composite.constituentPrices
                    return prices.count == 2 && prices.values.allSatisfy(\.fresh)
                })
            var frozen = FaultPlan()
            frozen.frozen = true
            await harness.feed.setFaults(frozen)
            try #require(
                await waitUntil(composite) { if case .stale(.composite, .eth, _) = $0 { return true } else { return false } })
            #expect(await composite.reading()?.isStale == true)
            let prices = await composite.constituentPrices
            #expect(prices.values.allSatisfy { !$0.fresh }, "both venues dropped")
        }
    }

    /// Replay mode: the path stays inside every candle's range and passes through its open and close.
    @Test func candleReplayPathInterpolatesWithinEachMinute() throws {
        let candles = [
            Candle(timestampMs: 0, open: 100, high: 104, low: 98, close: 103, volume: 1),
            Candle(timestampMs: 60_000, open: 103, high: 103.5, low: 99, close: 100, volume: 1),
        ]
        let path = try #require(CandleReplayPath(candles: candles, scenarioStartMs: 1_000_000, historyMinutes: 0))
        #expect(path.price(atMs: 1_000_000) == 100)
        #expect(path.price(atMs: 1_020_000) == 98, "an up candle visits its low first")
        #expect(path.price(atMs: 1_040_000) == 104)
        #expect(abs(path.price(atMs: 1_059_999) - 103) < 0.01)
        #expect(path.price(atMs: 1_080_000) == 103.5, "a down candle visits its high first")
        for offset in stride(from: Int64(0), to: 120_000, by: 997) {
            let candle = candles[Int(offset / 60_000)]
            let price = path.price(atMs: 1_000_000 + offset)
            #expect(price >= candle.low && price <= candle.high, "\(offset): \(price)")
        }
        #expect(path.price(atMs: 1_120_000) == 100, "wraps to the start")
    }

    @Test func replayedCandlesDriveTheFeed() async throws {
        var candles: [Candle] = []
        for minute in 0..<400 {
            let base = 2_000.0 + Double(minute % 7)
            candles.append(
                Candle(timestampMs: Int64(minute) * 60_000, open: base, high: base + 3, low: base - 2, close: base + 1, volume: 1)
            )
        }
        let harness = try await SignalHarness.start { $0.replay = ["ETH": candles] }
        defer { Task { await harness.stop() } }
        let client = harness.cryptoCom()
        let log = EventLog()
        try await withSource(client) {
            try #require(
                await waitUntil(client) { event in
                    await log.append(event)
                    return await log.ticks.filter { $0.kind == .index }.count >= 5
                })
        }
        for tick in await log.ticks where tick.kind == .index {
            #expect(tick.price >= Money(cents: 199_800) && tick.price <= Money(cents: 201_000), "\(tick)")
        }
    }
}
