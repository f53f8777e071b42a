import KalshiAPI
import KalshiCore

/// Kalshi's `cfbenchmarks_value` channel as a signal source: subscribes with the asset's index
/// id on every connection, turns values into index ticks and counts `seq` gaps (a missed value
/// cannot be re-requested; the gap only tells the trailing average may be short). Needs an
/// entitled API key; the transport signs the handshake. Keep-alive is WebSocket ping/pong.
public struct KalshiIndexSession: LifecycleSession {
    public struct Configuration: Sendable {
        public var asset: SignalAsset
        /// Values come about once a second.
        public var watchdogMs: Int64 = 15_000
        public var pipeline = SignalPipeline.Configuration(candleKind: .index, priceKinds: [.index])
        public var backoff = ReconnectBackoff()

        public init(asset: SignalAsset) { self.asset = asset }
    }

    public let venue = SignalVenue.cfBenchmarks
    public let configuration: Configuration
    public var asset: SignalAsset { configuration.asset }
    public internal(set) var counters = SignalCounters()
    public internal(set) var pipeline: SignalPipeline
    /// Kalshi's trailing 60 s average with the latest value, when it sends one.
    public private(set) var latestAverage60s: Money?
    var lifecycle: ConnectionLifecycle
    private var lastSeqBySid: [Int: Int64] = [:]
    private var lastTimeMs: Int64?
    private var nextCommandId = 1

    public init(configuration: Configuration) {
        self.configuration = configuration
        self.pipeline = SignalPipeline(asset: configuration.asset, venue: .cfBenchmarks, configuration: configuration.pipeline)
        self.lifecycle = ConnectionLifecycle(backoff: configuration.backoff, watchdogMs: configuration.watchdogMs)
    }

    public mutating func handle(_ event: SignalSessionEvent) -> [SignalSessionAction] {
        switch event {
        case .connected(let nowMs):
            lifecycle.connected(nowMs: nowMs, counters: &counters)
            lastSeqBySid.removeAll()
            let id = nextCommandId
            nextCommandId += 1
            return [
                .emit(.connected(venue)), .send(KalshiIndexDecoder.subscribeCommand(id: id, indexIds: [asset.cfBenchmarksIndex])),
            ]
        case .disconnected(let reason, _):
            return connectionLost(reason: reason)
        case .received(let text, let nowMs):
            return receive(text, nowMs: nowMs)
        case .tick(let nowMs):
            return watchdogAndAdvance(nowMs: nowMs)
        }
    }

    private mutating func receive(_ text: String, nowMs: Int64) -> [SignalSessionAction] {
        let message: KalshiIndexMessage
        switch decodeFrame(text, nowMs: nowMs, KalshiIndexDecoder.decode) {
        case .message(let decoded): message = decoded
        case .malformed(let actions): return actions
        }
        switch message {
        case .subscribed:
            return [.emit(.subscribed(venue, channels: ["cfbenchmarks_value"]))]
        case .error(_, let code, let text):
            counters.venueErrors += 1
            return [.emit(.venueError(venue, code: code, message: text))]
        case .other:
            return []
        case .value(let value):
            guard value.indexId == asset.cfBenchmarksIndex else { return [] }
            if let seq = value.seq {
                // `seq` is wire data: Int64.max has no successor, so whatever follows it is a gap
                // (and re-baselines the sid) rather than a trap on `last + 1`.
                if let last = lastSeqBySid[value.sid] {
                    let (expected, overflowed) = last.addingReportingOverflow(1)
                    if overflowed || seq != expected {
                        if !overflowed && seq <= last {
                            counters.duplicates += 1
                            return []
                        }
                        counters.gaps += 1
                    }
                }
                lastSeqBySid[value.sid] = seq
            }
            if let last = lastTimeMs, value.timeMs <= last {
                counters.duplicates += 1
                return emit(pipeline.noteData(receiveMs: nowMs))
            }
            lastTimeMs = value.timeMs
            latestAverage60s = value.average60s ?? latestAverage60s
            let tick = SignalTick(
                asset: asset, venue: venue, kind: .index, price: value.value, exchangeMs: value.timeMs, receiveMs: nowMs)
            return emit(pipeline.observe(tick))
        }
    }
}
