/// The plumbing every venue session shares around its own protocol: connection bookkeeping
/// (`ConnectionLifecycle`), the signal pipeline and the counters. A session states its parts;
/// these steps then read the same in every venue.
protocol LifecycleSession: SignalSession {
    var counters: SignalCounters { get set }
    var pipeline: SignalPipeline { get set }
    var lifecycle: ConnectionLifecycle { get set }
}

/// A frame that decoded, or the actions that report one that did not.
enum DecodedFrame<Message> {
    case message(Message)
    case malformed([SignalSessionAction])
}

extension LifecycleSession {
    public mutating func fill(history: [PriceCandle], nowMs: Int64) -> [SignalSessionAction] {
        emit(pipeline.fill(with: history, nowMs: nowMs))
    }

    /// The transport lost the connection: counted, reported, and a reconnect after the backoff.
    mutating func connectionLost(reason: String) -> [SignalSessionAction] {
        var counted = counters  // two properties of one protocol value cannot be borrowed at once
        let delay = lifecycle.disconnected(counters: &counted)
        counters = counted
        return [.emit(.disconnected(venue, reason: reason)), .reconnect(afterMs: delay)]
    }

    /// The clock's share of a tick: the watchdog, then the pipeline's time-driven events
    /// (staleness, candle closes).
    mutating func watchdogAndAdvance(nowMs: Int64) -> [SignalSessionAction] {
        var actions: [SignalSessionAction] = []
        if let reason = lifecycle.watchdog(nowMs: nowMs) { actions.append(.close(reason: reason)) }
        return actions + emit(pipeline.advance(nowMs: nowMs))
    }

    /// Counts a received frame and decodes it; one that does not decode is counted and reported
    /// (its first 300 characters), and does not reset the reconnect backoff.
    mutating func decodeFrame<Message>(_ text: String, nowMs: Int64, _ decode: (String) throws(SignalFeedError) -> Message)
        -> DecodedFrame<Message>
    {
        counters.frames += 1
        lifecycle.frameArrived(nowMs: nowMs)
        do {
            let message = try decode(text)
            lifecycle.frameDecoded(nowMs: nowMs)
            return .message(message)
        } catch {
            counters.malformedFrames += 1
            return .malformed([.emit(.malformed(venue, error, frame: String(text.prefix(300))))])
        }
    }

    mutating func emit(_ events: [SignalEvent]) -> [SignalSessionAction] {
        counters.count(events)
        return events.map { .emit($0) }
    }
}
