import KalshiAPI
import Recording
import SignalFeeds

/// Kalshi's market-data protocol (`KalshiFeedSession`: subscriptions, sequence checks,
/// resyncs) behind the `SignalSession` interface, so the generic WebSocket transport of the
/// signal feeds (`SignalFeedClient`: signed handshake headers, pings, reconnects with backoff)
/// carries it while every input is recorded. Only the protocol's own traffic goes back to the
/// transport; books and messages reach the engine through the recording session's replica.
/// `venue` and `pipeline` exist only to satisfy the interface (the transport logs with them).
struct KalshiTapSession: SignalSession {
    var feed: KalshiFeedSession
    let tap: RecordingTap
    let asset: SignalAsset
    let venue = SignalVenue.cfBenchmarks
    let counters = SignalCounters()
    let pipeline: SignalPipeline

    init(feed: KalshiFeedSession, asset: SignalAsset, tap: RecordingTap) {
        self.feed = feed
        self.asset = asset
        self.tap = tap
        pipeline = SignalPipeline(asset: asset, venue: .cfBenchmarks)
    }

    mutating func handle(_ event: SignalSessionEvent) -> [SignalSessionAction] {
        tap.record(.kalshi, event)
        let translated: KalshiFeedSession.Event =
            switch event {
            case .connected(let nowMs): .connected(nowMs: nowMs)
            case .disconnected(let reason, let nowMs): .disconnected(reason: reason, nowMs: nowMs)
            case .received(let text, let nowMs): .received(text, nowMs: nowMs)
            case .tick(let nowMs): .tick(nowMs: nowMs)
            }
        return feed.handle(translated).compactMap { action in
            switch action {
            case .send(let text): .send(text)
            case .reconnect(let delay): .reconnect(afterMs: delay)
            case .deliver, .malformed, .booksUntrusted: nil
            }
        }
    }

    mutating func fill(history: [PriceCandle], nowMs: Int64) -> [SignalSessionAction] { [] }
}
