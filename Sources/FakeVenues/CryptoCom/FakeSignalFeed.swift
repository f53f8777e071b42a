import Foundation
import KalshiCore
import Logging
import SignalFeeds

/// The fake signal venues' state: the Crypto.com market-data connections and the minimal
/// Coinbase ones, the price path (the exchange's scenario, or a replayed candle file) on the
/// exchange's clock, fault injection and counters a test can read. Every connection is driven
/// by its own task in `SignalRoutes` (read, write, publish every `publishIntervalMs`).
public actor FakeSignalFeed {
    public let configuration: FakeSignalConfiguration
    public nonisolated let clock: ScenarioClock
    let exchange: FakeKalshiExchange
    let logger: Logger
    var overrideFaults: FaultPlan?
    var faultRandom: SplitMix
    var history: [SignalAsset: SyntheticHistory] = [:]
    var replay: [SignalAsset: CandleReplayPath] = [:]
    var cryptoCom: [Int: CryptoComConnection] = [:]
    var coinbase: [Int: CoinbaseConnection] = [:]
    var nextConnectionId = 1
    /// Test control: the next book delta of every connection carries a wrong `pu`.
    var breakNextBookDelta = false
    public internal(set) var stats = FakeSignalStats()

    init(exchange: FakeKalshiExchange, configuration: FakeSignalConfiguration, logger: Logger) {
        self.exchange = exchange
        self.configuration = configuration
        self.clock = exchange.scenarioClock
        self.logger = logger
        self.faultRandom = SplitMix(seed: (configuration.faults ?? FaultPlan()).seed &+ 17)
        for (symbol, candles) in configuration.replay {
            guard let asset = SignalAsset(symbol: symbol),
                let path = CandleReplayPath(
                    candles: candles, scenarioStartMs: clock.startMs, historyMinutes: configuration.replayHistoryMinutes)
            else { continue }
            replay[asset] = path
        }
    }

    // MARK: Test controls

    /// Replaces the fault plan of the signal feeds (nil: back to the configured one).
    public func setFaults(_ plan: FaultPlan?) { overrideFaults = plan }

    /// Makes the next book delta (on whichever connection sends one first) break the `u`/`pu` chain.
    public func breakBookSequence() { breakNextBookDelta = true }

    /// Drops every signal connection, as a server restart would.
    public func disconnectAll(reason: String = "server restarting") {
        for id in cryptoCom.keys.sorted() { closeCryptoCom(id, reason: reason) }
        for id in coinbase.keys.sorted() { closeCoinbase(id, reason: reason) }
    }

    public var connectionCount: (cryptoCom: Int, coinbase: Int) { (cryptoCom.count, coinbase.count) }

    func effectiveFaults() async -> FaultPlan {
        if let overrideFaults { return overrideFaults }
        if let configured = configuration.faults { return configured }
        return await exchange.faultPlan
    }

    func draw(_ rate: Double) -> Bool { rate > 0 && faultRandom.uniform() < rate }

    static func wallMs() -> Int64 { Int64((Date().timeIntervalSince1970 * 1_000).rounded(.down)) }

    // MARK: Prices

    /// One value per scenario second from `fromSecond`, in cents (as an index publishes them);
    /// nil when the asset is not in the scenario.
    func secondPrices(_ asset: SignalAsset, fromSecond: Int64, count: Int) async -> [Money]? {
        guard count > 0 else { return [] }
        if let path = replay[asset] {
            return (0..<Int64(count)).map { Self.cents(path.price(atMs: (fromSecond + $0) * 1_000)) }
        }
        guard let parameters = await exchange.underlyingParameters(asset: asset.symbol) else { return nil }
        let startSecond = clock.startMs / 1_000
        var values: [Double] = []
        values.reserveCapacity(count)
        if fromSecond < startSecond {
            if history[asset] == nil {
                history[asset] = SyntheticHistory(
                    startSecond: startSecond, initialPrice: parameters.initialPrice, volatility: parameters.volatility,
                    seed: parameters.seed)
            }
            for second in fromSecond..<min(startSecond, fromSecond + Int64(count)) {
                values.append(history[asset]!.price(second: second))
            }
        }
        let liveFrom = max(fromSecond, startSecond)
        let liveCount = count - values.count
        if liveCount > 0 {
            guard let live = await exchange.underlyingPath(asset: asset.symbol, fromSecond: liveFrom, count: liveCount) else {
                return nil
            }
            values += live
        }
        return values.map(Self.cents)
    }

    static func cents(_ dollars: Double) -> Money { Money(cents: Int64((dollars * 100).rounded())) }

    /// The last `window` seconds up to scenario time `nowMs` (inclusive), for one step's publishing.
    func recent(_ asset: SignalAsset, nowMs: Int64, window: Int = 601) async -> MarketSample? {
        let second = FakeSignalFeed.floorDiv(nowMs, 1_000)
        guard let prices = await secondPrices(asset, fromSecond: second - Int64(window) + 1, count: window) else { return nil }
        return MarketSample(asset: asset, nowMs: nowMs, firstSecond: second - Int64(window) + 1, prices: prices)
    }

    /// Candles of `intervalMs` starting in [fromMs, toMs), the last one possibly still forming at `nowMs`.
    func candles(_ asset: SignalAsset, intervalMs: Int64, fromMs: Int64, toMs: Int64, nowMs: Int64) async -> [PriceCandle]? {
        let first = FakeSignalFeed.floorDiv(fromMs + intervalMs - 1, intervalMs) * intervalMs
        let endMs = min(toMs, nowMs + 1)
        guard first < endMs else { return [] }
        let lastStart = FakeSignalFeed.floorDiv(endMs - 1, intervalMs) * intervalMs
        let lastSecond = FakeSignalFeed.floorDiv(min(lastStart + intervalMs - 1, nowMs), 1_000)
        let firstSecond = FakeSignalFeed.floorDiv(first, 1_000)
        guard let prices = await secondPrices(asset, fromSecond: firstSecond, count: Int(max(0, lastSecond - firstSecond + 1)))
        else { return nil }
        let sample = MarketSample(asset: asset, nowMs: nowMs, firstSecond: firstSecond, prices: prices)
        var result: [PriceCandle] = []
        var start = first
        while start < endMs {
            if let candle = sample.candle(startMs: start, intervalMs: intervalMs) { result.append(candle) }
            start += intervalMs
        }
        return result
    }

    static func floorDiv(_ value: Int64, _ divisor: Int64) -> Int64 {
        value >= 0 ? value / divisor : -((-value + divisor - 1) / divisor)
    }

    /// Deterministic trade of a scenario second: at the ask when the price rose, else at the bid.
    func trade(second: Int64, sample: MarketSample) -> FakeTrade? {
        guard let price = sample.price(second: second) else { return nil }
        let previous = sample.price(second: second - 1) ?? price
        let buys = price >= previous
        let traded = buys ? price + configuration.halfSpread : price - configuration.halfSpread
        return FakeTrade(
            id: second, timeMs: second * 1_000 + 500, price: traded, quantity: AssetAmount(units: (1 + second % 17) * 1_000_000),
            takerBuys: buys)
    }
}

/// What a test can check about the fake signal venues.
public struct FakeSignalStats: Sendable, Equatable {
    public var cryptoComConnections = 0
    public var coinbaseConnections = 0
    public var heartbeatsSent = 0
    public var heartbeatsAnswered = 0
    /// Connections closed because a heartbeat went unanswered.
    public var heartbeatDisconnects = 0
    /// Coinbase connections closed for not subscribing in time.
    public var subscribeTimeouts = 0
    /// Requests refused with 42901 because they came inside `earlyRequestWindowMs`.
    public var earlyRequestsRefused = 0
    /// Requests refused with 42901 for exceeding the per-second allowance (pro-rated in the
    /// socket's first second).
    public var rateLimitedRequests = 0
    public var subscribeRequests = 0
    /// Book subscriptions requested again on a connection that already had them (client resyncs).
    public var bookResubscribes = 0
    public var framesSent = 0

    public init() {}
}

/// Per-second prices around a moment, from which one publishing step reads everything.
struct MarketSample: Sendable {
    let asset: SignalAsset
    let nowMs: Int64
    let firstSecond: Int64
    let prices: [Money]

    var second: Int64 { FakeSignalFeed.floorDiv(nowMs, 1_000) }
    var current: Money { prices.last! }

    func price(second: Int64) -> Money? {
        let index = Int(second - firstSecond)
        return prices.indices.contains(index) ? prices[index] : nil
    }

    /// OHLC over the seconds of [startMs, startMs + intervalMs) that are not after `nowMs`.
    func candle(startMs: Int64, intervalMs: Int64) -> PriceCandle? {
        let from = FakeSignalFeed.floorDiv(startMs, 1_000)
        let to = min(FakeSignalFeed.floorDiv(startMs + intervalMs, 1_000) - 1, second)
        guard from <= to, let open = price(second: from) else { return nil }
        var candle = PriceCandle(startMs: startMs, first: open)
        if from < to {
            for s in (from + 1)...to {
                if let value = price(second: s) { candle.fold(value) }
            }
        }
        return candle
    }
}
