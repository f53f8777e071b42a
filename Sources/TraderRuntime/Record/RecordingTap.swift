import Recording
import SignalFeeds

/// Where the live sessions' inputs go while recording: every input a venue session is fed
/// (connects, disconnects, received frames, clock ticks, candle history) is passed on, in the
/// order the transports fed it, to the recording session's single consumer, which stamps,
/// writes and replays it.
struct RecordingTap: Sendable {
    enum Item: Sendable {
        case input(RecordedSource, SessionInput)
        case history(RecordedSource, [RecordedCandle])
        /// The recording session's own clock tick (the strategy's timer).
        case timer
    }

    let sink: AsyncStream<Item>.Continuation

    func record(_ source: RecordedSource, _ event: SignalSessionEvent) {
        let input: SessionInput =
            switch event {
            case .connected: .connected
            case .disconnected(let reason, _): .disconnected(reason: reason)
            case .received(let text, _): .received(text)
            case .tick: .tick
            }
        sink.yield(.input(source, input))
    }

    func history(_ source: RecordedSource, _ candles: [PriceCandle]) {
        sink.yield(.history(source, RecordedSessions.recorded(candles)))
    }
}

/// A signal session whose inputs are recorded. It still answers the venue (subscriptions,
/// heartbeats, reconnects); what it would emit is dropped here, because the recording session
/// derives the engine's events from the recorded inputs through its own replica — the same
/// path a replay takes, which is what makes a replay reproduce the recording run's decisions.
struct TappedSignalSession<Inner: SignalSession>: SignalSession {
    var inner: Inner
    let source: RecordedSource
    let tap: RecordingTap

    var venue: SignalVenue { inner.venue }
    var asset: SignalAsset { inner.asset }
    var counters: SignalCounters { inner.counters }
    var pipeline: SignalPipeline { inner.pipeline }

    mutating func handle(_ event: SignalSessionEvent) -> [SignalSessionAction] {
        tap.record(source, event)
        return inner.handle(event).filter { if case .emit = $0 { false } else { true } }
    }

    mutating func fill(history: [PriceCandle], nowMs: Int64) -> [SignalSessionAction] {
        tap.history(source, history)
        return inner.fill(history: history, nowMs: nowMs).filter { if case .emit = $0 { false } else { true } }
    }
}
