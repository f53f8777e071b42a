import KalshiCore

/// What the engine knows about one underlying: the latest usable spot and volatility.
public struct AssetState: Sendable, Equatable {
    public var spot: Money?
    public var spotKind: SpotObservation.Kind?
    public var spotVenue: String?
    /// Engine time at which the spot arrived.
    public var spotReceivedMs: Int64?
    /// The source's own time of the spot (`SpotObservation.exchangeTimeMs`).
    public var spotExchangeTimeMs: Int64?
    /// The signal pipeline's own staleness verdict on the latest spot.
    public var spotFlaggedStale = false
    public var volatility: Double?

    public init() {}

    mutating func record(_ observation: SpotObservation, receivedMs: Int64) {
        spot = observation.price
        spotKind = observation.kind
        spotVenue = observation.venue
        spotReceivedMs = receivedMs
        spotExchangeTimeMs = observation.exchangeTimeMs
        spotFlaggedStale = observation.isStale
    }

    /// True when no spot is known, the source flagged it stale, or it is older than `limitMs`.
    public func isSpotStale(nowMs: Int64, limitMs: Int64) -> Bool {
        guard spot != nil, let received = spotReceivedMs, !spotFlaggedStale else { return true }
        return nowMs - received > limitMs
    }
}
