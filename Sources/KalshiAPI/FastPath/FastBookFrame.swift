import KalshiCore

/// A current-shape `orderbook_delta` or `orderbook_snapshot` frame, decoded by `BookFrameScanner`.
/// Carries exactly what `KalshiWSDecoder` would have put in the corresponding `KalshiWSMessage`.
public enum FastBookFrame: Equatable, Sendable {
    case delta(sid: Int, seq: Int64?, OrderbookDeltaUpdate)
    case snapshot(sid: Int, seq: Int64?, OrderbookSnapshot)

    /// The same message the general decoder produces for this frame.
    public var message: KalshiWSMessage {
        switch self {
        case .delta(let sid, let seq, let update): return .orderbookDelta(sid: sid, seq: seq, update)
        case .snapshot(let sid, let seq, let snapshot): return .orderbookSnapshot(sid: sid, seq: seq, snapshot)
        }
    }

    /// The event to feed `BookSynchronizer.apply(_:)`; equal to `message.bookFeedEvent`.
    public var bookFeedEvent: BookFeedEvent {
        switch self {
        case .delta(let sid, let seq, let update):
            return .delta(sid: sid, seq: seq, ticker: update.marketTicker, update.delta)
        case .snapshot(let sid, let seq, let snapshot):
            return .snapshot(sid: sid, seq: seq, ticker: snapshot.marketTicker, yes: snapshot.yes, no: snapshot.no)
        }
    }
}
