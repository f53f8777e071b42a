/// What a transport feeds into a signal session.
public enum SignalSessionEvent: Sendable, Equatable {
    case connected(nowMs: Int64)
    case disconnected(reason: String, nowMs: Int64)
    case received(String, nowMs: Int64)
    /// Periodic clock tick (every ~100 ms): drives delayed subscribes, timeouts, staleness and candle closes.
    case tick(nowMs: Int64)
}

/// What a signal session asks its transport to do.
public enum SignalSessionAction: Sendable, Equatable {
    case send(String)
    /// Open a new connection after this delay.
    case reconnect(afterMs: Int64)
    /// Drop the current connection (the watchdog saw nothing for too long); a `disconnected` event follows.
    case close(reason: String)
    case emit(SignalEvent)
}

/// A venue's protocol as a sans-I/O state machine (DESIGN principle 1): events in, actions
/// out, no sockets or timers. The transport (`SignalFeedClient`) is the same for every venue.
public protocol SignalSession: Sendable {
    var venue: SignalVenue { get }
    var asset: SignalAsset { get }
    var counters: SignalCounters { get }
    var pipeline: SignalPipeline { get }

    mutating func handle(_ event: SignalSessionEvent) -> [SignalSessionAction]
    /// Candle history loaded at start (e.g. Crypto.com REST `get-candlestick`).
    mutating func fill(history: [PriceCandle], nowMs: Int64) -> [SignalSessionAction]
}

extension SignalCounters {
    /// Keeps the tick and candle counts in step with what is emitted.
    public mutating func count(_ events: [SignalEvent]) {
        for event in events {
            switch event {
            case .tick(let tick): ticks[tick.kind, default: 0] += 1
            case .candleClosed: candlesClosed += 1
            default: break
            }
        }
    }
}
