import SignalFeeds

/// A source of price signals for one asset: a venue's feed, or the composite of several.
/// A trading engine consumes `events` (one ordered stream: ticks, staleness changes, closed
/// candles, volatility updates, connection changes) and may ask for the current state at any
/// time. Sources never call back into their consumer.
public protocol SignalSource: Sendable {
    var venue: SignalVenue { get }
    var asset: SignalAsset { get }
    /// Every event in order; one consumer. Finishes when `run()` returns.
    var events: AsyncStream<SignalEvent> { get }
    /// Connects (and reconnects) until the surrounding task is cancelled. Run it once.
    func run() async
    /// The headline price now, flagged stale when the source is silent past its limit.
    func reading() async -> SignalReading?
    /// The latest realized volatility (refreshed on every closed candle), nil until there are enough candles.
    func volatility() async -> VolatilityEstimate?
    /// Closed one-minute candles, oldest first.
    func candles() async -> [PriceCandle]
    func counters() async -> SignalCounters
}
