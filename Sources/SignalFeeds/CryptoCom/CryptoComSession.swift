import KalshiAPI
import KalshiCore

/// Crypto.com Exchange v1 market data as a sans-I/O state machine (reference §1–§2): waits the
/// documented delay after connecting before subscribing, answers every heartbeat, keeps the
/// book by the `u`/`pu` rule and re-subscribes the book on a break (a counted resync, deltas
/// discarded until the new snapshot), retries refused subscriptions that may succeed later,
/// re-subscribes everything after a reconnect, and turns the channels into `SignalTick`s.
public struct CryptoComSession: LifecycleSession {
    public struct Configuration: Sendable {
        public var channels: CryptoComChannels
        public var families: [CryptoComChannels.Family] = CryptoComChannels.Family.allCases
        /// Reference §1: wait ~1 s after opening before sending anything (rate limit pro-rating).
        public var subscribeDelayMs: Int64 = 1_000
        /// Heartbeats come every 30 s; no frame for 40 s means the connection is dead.
        public var watchdogMs: Int64 = 40_000
        /// A re-subscribed book whose snapshot has not come after this long is asked for again.
        public var resyncTimeoutMs: Int64 = 5_000
        /// Delay before retrying a subscription refused for a transient reason (rate limit, timeout).
        public var retryDelayMs: Int64 = 1_000
        public var bookUpdateFrequencyMs = 10
        public var pipeline = SignalPipeline.Configuration()
        public var backoff = ReconnectBackoff()

        public init(asset: SignalAsset) { self.channels = CryptoComChannels(asset: asset) }
    }

    enum BookState: Sendable, Equatable {
        case idle
        case awaitingSnapshot(sinceMs: Int64)
        case synced(CryptoComBook)
    }

    /// Error codes after which the same subscription may succeed (reference §1 reason codes).
    static let transientCodes: Set<Int> = [42901, 40801, 50001]

    public let venue = SignalVenue.cryptoCom
    public let configuration: Configuration
    public var asset: SignalAsset { configuration.channels.asset }
    public internal(set) var counters = SignalCounters()
    public internal(set) var pipeline: SignalPipeline
    var lifecycle: ConnectionLifecycle
    var subscribeDueMs: Int64?
    var nextRequestId: Int64 = 1
    var pendingRequests: [Int64: [String]] = [:]
    var retries: [(dueMs: Int64, channels: [String])] = []
    var bookState = BookState.idle
    var lastExchangeMs: [SignalTick.Kind: Int64] = [:]
    var lastMid: Money?
    var lastTrade: CryptoComTrade?
    var formingVenueCandle: CryptoComCandle?

    public init(configuration: Configuration) {
        self.configuration = configuration
        self.pipeline = SignalPipeline(
            asset: configuration.channels.asset, venue: .cryptoCom, configuration: configuration.pipeline)
        self.lifecycle = ConnectionLifecycle(backoff: configuration.backoff, watchdogMs: configuration.watchdogMs)
    }

    public var isConnected: Bool { lifecycle.isConnected }
    /// The synced book, nil while it is being (re)built.
    public var book: CryptoComBook? {
        if case .synced(let book) = bookState { return book }
        return nil
    }
    public var isBookSynced: Bool { book != nil }

    public mutating func handle(_ event: SignalSessionEvent) -> [SignalSessionAction] {
        switch event {
        case .connected(let nowMs):
            lifecycle.connected(nowMs: nowMs, counters: &counters)
            subscribeDueMs = nowMs + configuration.subscribeDelayMs
            return [.emit(.connected(venue))] + sendDue(nowMs: nowMs)
        case .disconnected(let reason, _):
            resetConnection()
            return connectionLost(reason: reason)
        case .received(let text, let nowMs):
            return receive(text, nowMs: nowMs)
        case .tick(let nowMs):
            return onTick(nowMs: nowMs)
        }
    }

    // MARK: Connection

    private mutating func resetConnection() {
        subscribeDueMs = nil
        pendingRequests.removeAll()
        retries.removeAll()
        bookState = .idle
        formingVenueCandle = nil
    }

    private mutating func onTick(nowMs: Int64) -> [SignalSessionAction] {
        var actions = sendDue(nowMs: nowMs)
        if case .awaitingSnapshot(let since) = bookState, lifecycle.isConnected, subscribeDueMs == nil,
            nowMs - since >= configuration.resyncTimeoutMs
        {
            actions += resubscribeBook(reason: "no snapshot \(nowMs - since) ms after re-subscribing", nowMs: nowMs)
        }
        return actions + watchdogAndAdvance(nowMs: nowMs)
    }

    /// The initial subscription once the post-connect delay is over, and due retries.
    private mutating func sendDue(nowMs: Int64) -> [SignalSessionAction] {
        guard lifecycle.isConnected else { return [] }
        var actions: [SignalSessionAction] = []
        if let due = subscribeDueMs, nowMs >= due {
            subscribeDueMs = nil
            let channels = configuration.families.map(configuration.channels.name)
            if configuration.families.contains(.book) { bookState = .awaitingSnapshot(sinceMs: nowMs) }
            actions.append(subscribe(channels, nowMs: nowMs))
        }
        guard subscribeDueMs == nil else { return actions }
        let ready = retries.filter { $0.dueMs <= nowMs }
        retries.removeAll { $0.dueMs <= nowMs }
        for retry in ready { actions.append(subscribe(retry.channels, nowMs: nowMs)) }
        return actions
    }

    private mutating func subscribe(_ channels: [String], nowMs: Int64) -> SignalSessionAction {
        let id = nextRequestId
        nextRequestId += 1
        pendingRequests[id] = channels
        return .send(
            CryptoComRequest.subscribe(
                id: id, channels: channels, nonceMs: nowMs, bookUpdateFrequencyMs: configuration.bookUpdateFrequencyMs
            )
            .json)
    }

    mutating func resubscribeBook(reason: String, nowMs: Int64) -> [SignalSessionAction] {
        let channel = configuration.channels.name(.book)
        counters.resyncs += 1
        bookState = .awaitingSnapshot(sinceMs: nowMs)
        return [.emit(.resync(venue, channel: channel, reason: reason)), subscribe([channel], nowMs: nowMs)]
    }

    // MARK: Frames (channel data in CryptoComSession+Channels.swift)

    private mutating func receive(_ text: String, nowMs: Int64) -> [SignalSessionAction] {
        let message: CryptoComMessage
        switch decodeFrame(text, nowMs: nowMs, CryptoComDecoder.decode) {
        case .message(let decoded): message = decoded
        case .malformed(let actions): return actions
        }
        switch message {
        case .heartbeat(let id):
            counters.heartbeats += 1
            counters.heartbeatsAnswered += 1
            return [.send(CryptoComRequest.respondHeartbeat(id: id).json), .emit(.heartbeat(venue, id: id))]
        case .reply(let id, let method, let code, let text):
            return reply(id: id, method: method, code: code, message: text, nowMs: nowMs)
        case .push(let push):
            return self.push(push, nowMs: nowMs)
        }
    }

    private mutating func reply(id: Int64, method: String, code: Int, message: String?, nowMs: Int64) -> [SignalSessionAction] {
        let channels = pendingRequests.removeValue(forKey: id)
        guard code != 0 else {
            return channels.map { [.emit(.subscribed(venue, channels: $0))] } ?? []
        }
        counters.venueErrors += 1
        let actions: [SignalSessionAction] = [
            .emit(.venueError(venue, code: code, message: "\(method): \(message ?? "no message")"))
        ]
        if let channels, CryptoComSession.transientCodes.contains(code) {
            retries.append((nowMs + configuration.retryDelayMs, channels))
        } else if channels == nil, CryptoComSession.transientCodes.contains(code) {
            // An error that names none of our requests (id -1): retry whatever is still unconfirmed.
            for (_, pending) in pendingRequests { retries.append((nowMs + configuration.retryDelayMs, pending)) }
            pendingRequests.removeAll()
        }
        return actions
    }
}
