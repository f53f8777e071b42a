import KalshiAPI
import KalshiCore

/// The Coinbase Exchange public feed (crypto-feeds.md §4.1) as a sans-I/O state machine:
/// subscribes at once (the venue disconnects a client that has not subscribed within 5 s),
/// turns `ticker` best bid/ask into mid ticks and `match`es into trade ticks, drops frames whose
/// per-product sequence went backwards, and uses the 1 s `heartbeat` channel for liveness.
public struct CoinbaseSession: LifecycleSession {
    public struct Configuration: Sendable {
        public var asset: SignalAsset
        /// The heartbeat channel sends one message a second; ten silent seconds mean a dead socket.
        public var watchdogMs: Int64 = 10_000
        public var pipeline = SignalPipeline.Configuration()
        public var backoff = ReconnectBackoff()

        public init(asset: SignalAsset) { self.asset = asset }
    }

    public let venue = SignalVenue.coinbase
    public let configuration: Configuration
    public var asset: SignalAsset { configuration.asset }
    public internal(set) var counters = SignalCounters()
    public internal(set) var pipeline: SignalPipeline
    var lifecycle: ConnectionLifecycle
    /// Last sequence seen per message type: ticker and match frames of one trade share a number.
    private var lastSequence: [String: Int64] = [:]
    private var lastTradeId: Int64?
    private var lastMidMs: Int64?

    public init(configuration: Configuration) {
        self.configuration = configuration
        self.pipeline = SignalPipeline(asset: configuration.asset, venue: .coinbase, configuration: configuration.pipeline)
        self.lifecycle = ConnectionLifecycle(backoff: configuration.backoff, watchdogMs: configuration.watchdogMs)
    }

    public var isConnected: Bool { lifecycle.isConnected }

    public mutating func handle(_ event: SignalSessionEvent) -> [SignalSessionAction] {
        switch event {
        case .connected(let nowMs):
            lifecycle.connected(nowMs: nowMs, counters: &counters)
            // Sequences restart with a new connection's stream only in the sense that they never go back;
            // keep them, so a replayed frame after a reconnect is still recognised.
            return [.emit(.connected(venue)), .send(CoinbaseDecoder.subscribeRequest(products: [asset.coinbaseProduct]))]
        case .disconnected(let reason, _):
            return connectionLost(reason: reason)
        case .received(let text, let nowMs):
            return receive(text, nowMs: nowMs)
        case .tick(let nowMs):
            return watchdogAndAdvance(nowMs: nowMs)
        }
    }

    private mutating func receive(_ text: String, nowMs: Int64) -> [SignalSessionAction] {
        let message: CoinbaseMessage
        switch decodeFrame(text, nowMs: nowMs, CoinbaseDecoder.decode) {
        case .message(let decoded): message = decoded
        case .malformed(let actions): return actions
        }
        switch message {
        case .subscriptions(let channels):
            return [.emit(.subscribed(venue, channels: channels))]
        case .error(let message, let reason):
            counters.venueErrors += 1
            return [.emit(.venueError(venue, code: 0, message: [message, reason].compactMap { $0 }.joined(separator: ": ")))]
        case .heartbeat(let product, let sequence, _, _):
            guard product == asset.coinbaseProduct else { return [] }
            counters.heartbeats += 1
            // A heartbeat proves the connection, not the price: it does not refresh staleness.
            return [.emit(.heartbeat(venue, id: sequence))]
        case .ticker(let ticker):
            guard ticker.productId == asset.coinbaseProduct, accept(sequence: ticker.sequence, type: "ticker") else { return [] }
            guard let bid = ticker.bestBid, let ask = ticker.bestAsk, bid < ask else {
                return emit(pipeline.noteData(receiveMs: nowMs, exchangeMs: ticker.timeMs))
            }
            if let last = lastMidMs, ticker.timeMs < last {
                counters.duplicates += 1
                return []
            }
            lastMidMs = ticker.timeMs
            return observe(.mid, Money(micros: (bid.micros + ask.micros) / 2), exchangeMs: ticker.timeMs, nowMs: nowMs)
        case .match(let match, _):
            guard match.productId == asset.coinbaseProduct, accept(sequence: match.sequence, type: "match") else { return [] }
            if let last = lastTradeId, match.tradeId <= last {
                counters.duplicates += 1
                return []
            }
            lastTradeId = match.tradeId
            return observe(.trade, match.price, exchangeMs: match.timeMs, nowMs: nowMs)
        }
    }

    /// False (and counted) for a frame whose sequence is not newer than the last of its type.
    private mutating func accept(sequence: Int64, type: String) -> Bool {
        if let last = lastSequence[type], sequence <= last {
            counters.duplicates += 1
            return false
        }
        lastSequence[type] = sequence
        return true
    }

    private mutating func observe(_ kind: SignalTick.Kind, _ price: Money, exchangeMs: Int64, nowMs: Int64)
        -> [SignalSessionAction]
    {
        emit(
            pipeline.observe(
                SignalTick(asset: asset, venue: venue, kind: kind, price: price, exchangeMs: exchangeMs, receiveMs: nowMs)))
    }
}
