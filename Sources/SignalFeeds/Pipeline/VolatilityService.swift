import Pricing

/// Realized volatility from a candle store with the foundation's estimators (default
/// Rogers-Satchell over 24 five-minute bars), refreshed on every closed candle. The last good
/// estimate stays available while a refresh fails (too few bars after a restart); the failure
/// is kept so it can be shown.
public struct VolatilityService: Sendable {
    public struct Configuration: Sendable, Equatable {
        public var estimator: VolatilityEstimator
        public var window: Int
        public var interval: CandleInterval

        public init(
            estimator: VolatilityEstimator = .default, window: Int = 24,
            interval: CandleInterval = try! CandleInterval(seconds: 300)
        ) {
            self.estimator = estimator
            self.window = window
            self.interval = interval
        }

        /// One-minute candles needed: the window plus one bar of slack for the partial leading bucket.
        public var minutesNeeded: Int { (window + 1) * interval.seconds / 60 }
    }

    public let asset: SignalAsset
    public let venue: SignalVenue
    public let configuration: Configuration
    public private(set) var latest: VolatilityEstimate?
    public private(set) var lastFailure: PricingError?
    public private(set) var refreshes = 0

    public init(asset: SignalAsset, venue: SignalVenue, configuration: Configuration = Configuration()) {
        self.asset = asset
        self.venue = venue
        self.configuration = configuration
    }

    /// Recomputes from the store's closed candles; returns the new estimate when there is one.
    public mutating func refresh(from store: CandleStore) -> VolatilityEstimate? {
        refreshes += 1
        let candles = store.recent(configuration.minutesNeeded)
        guard let last = candles.last else {
            lastFailure = .tooFewBars(needed: configuration.window, available: 0)
            return nil
        }
        do {
            let sigma = try RealizedVolatility.annualized(
                candles: candles.map(\.pricingCandle), estimator: configuration.estimator, window: configuration.window,
                interval: configuration.interval)
            let estimate = VolatilityEstimate(
                asset: asset, venue: venue, sigma: sigma, estimator: configuration.estimator, window: configuration.window,
                interval: configuration.interval, lastCandleStartMs: last.startMs)
            latest = estimate
            lastFailure = nil
            return estimate
        } catch {
            lastFailure = error
            return nil
        }
    }
}
