/// Everything a signal source reports, in the order it happened. A trading engine consumes
/// these from one stream; nothing in here calls back into it.
public enum SignalEvent: Sendable, Equatable {
    case connected(SignalVenue)
    case disconnected(SignalVenue, reason: String)
    /// The venue confirmed our subscriptions.
    case subscribed(SignalVenue, channels: [String])
    case tick(SignalTick)
    /// The source went silent past its limit: its prices must not be traded on.
    case stale(SignalVenue, SignalAsset, ageMs: Int64)
    /// The source delivers again after being stale.
    case fresh(SignalVenue, SignalAsset)
    case candleClosed(SignalVenue, PriceCandle)
    case volatility(VolatilityEstimate)
    /// The venue's book broke its sequence; it is untrusted until the requested snapshot lands.
    case resync(SignalVenue, channel: String, reason: String)
    /// A server heartbeat, answered when the protocol asks for an answer.
    case heartbeat(SignalVenue, id: Int64)
    case malformed(SignalVenue, SignalFeedError, frame: String)
    /// Candle history loaded at start (REST), before live candles.
    case historyLoaded(SignalVenue, candles: Int)
    /// An error reply from the venue (a refused subscription, a rate limit).
    case venueError(SignalVenue, code: Int, message: String)
}
