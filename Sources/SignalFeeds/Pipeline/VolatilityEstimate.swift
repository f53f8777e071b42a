import Pricing

/// Annualized realized volatility of one source's candles, as a strategy consumes it.
public struct VolatilityEstimate: Sendable, Equatable {
    public var asset: SignalAsset
    public var venue: SignalVenue
    /// Annualized σ (the pricing model's input; a model number, not money).
    public var sigma: Double
    public var estimator: VolatilityEstimator
    public var window: Int
    public var interval: CandleInterval
    /// Start of the newest one-minute candle used (venue clock).
    public var lastCandleStartMs: Int64

    public init(
        asset: SignalAsset, venue: SignalVenue, sigma: Double, estimator: VolatilityEstimator, window: Int,
        interval: CandleInterval, lastCandleStartMs: Int64
    ) {
        self.asset = asset
        self.venue = venue
        self.sigma = sigma
        self.estimator = estimator
        self.window = window
        self.interval = interval
        self.lastCandleStartMs = lastCandleStartMs
    }
}
