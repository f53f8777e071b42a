import KalshiAPI
import KalshiCore

/// Crypto.com Exchange v1 market data as a sans-I/O state machine (reference §1–§2): waits the
/// documented delay after connecting before subscribing, answers every heartbeat, keeps the
/// book by the `u`/`pu` rule and re-subscribes the book on a break (a counted resync, deltas
/// discarded until the new snapshot), retries refused subscriptions that may succeed later,
/// re-subscribes everything after a reconnect, and turns the channels into `SignalTick`s.
public struct CryptoComSession: SignalSession {
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
    public private(set) var counters = SignalCounters()
    public private(set) var pipeline: SignalPipeline
    private var lifecycle: ConnectionLifecycle
    private var subscribeDueMs: Int64?
    private var nextRequestId: Int64 = 1
    private var pendingRequests: [Int64: [String]] = [:]
    private var retries: [(dueMs: Int64, channels: [String])] = []
    private var bookState = BookState.idle
    private var lastExchangeMs: [SignalTick.Kind: Int64] = [:]
    private var lastMid: Money?
    private var lastTrade: CryptoComTrade?
    private var formingVenueCandle: CryptoComCandle?

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
            let delay = lifecycle.disconnected(counters: &counters)
            resetConnection()
            return [.emit(.disconnected(venue, reason: reason)), .reconnect(afterMs: delay)]
        case .received(let text, let nowMs):
            return receive(text, nowMs: nowMs)
        case .tick(let nowMs):
            return onTick(nowMs: nowMs)
        }
    }

    public mutating func fill(history: [PriceCandle], nowMs: Int64) -> [SignalSessionAction] {
        emit(pipeline.fill(with: history, nowMs: nowMs))
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
        if let reason = lifecycle.watchdog(nowMs: nowMs) { actions.append(.close(reason: reason)) }
        actions += emit(pipeline.advance(nowMs: nowMs))
        return actions
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

    private mutating func resubscribeBook(reason: String, nowMs: Int64) -> [SignalSessionAction] {
        let channel = configuration.channels.name(.book)
        counters.resyncs += 1
        bookState = .awaitingSnapshot(sinceMs: nowMs)
        return [.emit(.resync(venue, channel: channel, reason: reason)), subscribe([channel], nowMs: nowMs)]
    }

    // MARK: Frames

    private mutating func receive(_ text: String, nowMs: Int64) -> [SignalSessionAction] {
        counters.frames += 1
        lifecycle.frameArrived(nowMs: nowMs)
        let message: CryptoComMessage
        do {
            message = try CryptoComDecoder.decode(text)
        } catch {
            counters.malformedFrames += 1
            return [.emit(.malformed(venue, error, frame: String(text.prefix(300))))]
        }
        lifecycle.frameDecoded(nowMs: nowMs)
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

    private mutating func push(_ push: CryptoComPush, nowMs: Int64) -> [SignalSessionAction] {
        switch push.payload {
        case .values(let values):
            guard push.subscription == configuration.channels.name(.index) else { return [] }
            var actions: [SignalSessionAction] = []
            for value in values.sorted(by: { $0.timeMs < $1.timeMs }) {
                actions += tick(.index, value.value, exchangeMs: value.timeMs, nowMs: nowMs, strictlyNewer: true)
            }
            return actions
        case .bookSnapshot(let snapshots):
            guard push.subscription == configuration.channels.name(.book) else { return [] }
            var actions: [SignalSessionAction] = []
            for snapshot in snapshots {
                let book = CryptoComBook(snapshot: snapshot, depth: configuration.channels.bookDepth)
                if book.isCrossed {
                    actions += resubscribeBook(reason: "crossed snapshot u=\(snapshot.updateId)", nowMs: nowMs)
                    continue
                }
                bookState = .synced(book)
                actions += bookMid(book, exchangeMs: snapshot.publishMs, nowMs: nowMs)
            }
            return actions
        case .bookUpdate(let updates):
            guard push.subscription == configuration.channels.name(.book) else { return [] }
            return bookUpdates(updates, nowMs: nowMs)
        case .ticker(let tickers):
            guard push.subscription == configuration.channels.name(.ticker) else { return [] }
            var actions: [SignalSessionAction] = []
            for ticker in tickers.sorted(by: { $0.publishMs < $1.publishMs }) {
                actions += emit(pipeline.noteData(receiveMs: nowMs, exchangeMs: ticker.publishMs))
                // The ticker's bid/ask stand in for the book's mid only while the book is not usable.
                guard !isBookSynced, let bid = ticker.bestBid, let ask = ticker.bestAsk, bid < ask else { continue }
                actions += tick(.mid, Money(micros: (bid.micros + ask.micros) / 2), exchangeMs: ticker.publishMs, nowMs: nowMs)
            }
            return actions
        case .trades(let trades):
            guard push.subscription == configuration.channels.name(.trade) else { return [] }
            return self.trades(trades, nowMs: nowMs)
        case .candles(let candles):
            guard push.subscription == configuration.channels.name(.candlestick) else { return [] }
            return venueCandles(candles, nowMs: nowMs)
        }
    }

    private mutating func bookUpdates(_ updates: [CryptoComBookUpdate], nowMs: Int64) -> [SignalSessionAction] {
        var actions: [SignalSessionAction] = []
        for update in updates {
            // Deltas before the (new) snapshot are discarded, as the reference says.
            guard case .synced(var book) = bookState else { continue }
            switch book.apply(update) {
            case .applied:
                bookState = .synced(book)
                actions += emit(pipeline.noteData(receiveMs: nowMs, exchangeMs: update.publishMs))
                actions += bookMid(book, exchangeMs: update.publishMs, nowMs: nowMs)
            case .duplicate:
                counters.duplicates += 1
            case .sequenceBreak(let expected, let got):
                counters.gaps += 1
                actions += resubscribeBook(reason: "sequence break: pu=\(got), last u=\(expected)", nowMs: nowMs)
            case .crossed:
                actions += resubscribeBook(reason: "crossed book after u=\(update.updateId)", nowMs: nowMs)
            }
        }
        return actions
    }

    private mutating func bookMid(_ book: CryptoComBook, exchangeMs: Int64, nowMs: Int64) -> [SignalSessionAction] {
        guard let mid = book.mid, mid != lastMid else { return [] }
        lastMid = mid
        return tick(.mid, mid, exchangeMs: exchangeMs, nowMs: nowMs)
    }

    /// Trades newer than the last one emitted, oldest first. The first batch after subscribing
    /// replays up to 50 past trades; with nothing emitted yet only the newest of them is current.
    private mutating func trades(_ batch: [CryptoComTrade], nowMs: Int64) -> [SignalSessionAction] {
        var ordered = batch.sorted(by: CryptoComTrade.isOrdered)
        if lastTrade == nil, let newest = ordered.last { ordered = [newest] }
        var actions: [SignalSessionAction] = []
        for trade in ordered {
            if let last = lastTrade, !CryptoComTrade.isOrdered(last, before: trade) {
                counters.duplicates += 1
                continue
            }
            lastTrade = trade
            actions += tick(.trade, trade.price, exchangeMs: trade.timeMs, nowMs: nowMs)
        }
        return actions
    }

    /// A venue candle is final once a later one arrives (reference §2.4); final ones fill the
    /// minutes our own candles missed.
    private mutating func venueCandles(_ candles: [CryptoComCandle], nowMs: Int64) -> [SignalSessionAction] {
        var final: [PriceCandle] = []
        for candle in candles.sorted(by: { $0.startMs < $1.startMs }) {
            if let forming = formingVenueCandle, candle.startMs > forming.startMs { final.append(forming.priceCandle) }
            if let forming = formingVenueCandle, candle.startMs < forming.startMs {
                final.append(candle.priceCandle)
                continue
            }
            formingVenueCandle = candle
        }
        var actions = emit(pipeline.noteData(receiveMs: nowMs, exchangeMs: candles.map(\.startMs).max()))
        if !final.isEmpty { actions += emit(pipeline.fill(with: final, nowMs: nowMs)) }
        return actions
    }

    /// Emits a tick unless it is older than the last of its kind (a replayed or duplicated frame).
    private mutating func tick(
        _ kind: SignalTick.Kind, _ price: Money, exchangeMs: Int64, nowMs: Int64, strictlyNewer: Bool = false
    ) -> [SignalSessionAction] {
        if let last = lastExchangeMs[kind], exchangeMs < last || (strictlyNewer && exchangeMs == last) {
            counters.duplicates += 1
            return emit(pipeline.noteData(receiveMs: nowMs))
        }
        lastExchangeMs[kind] = exchangeMs
        let tick = SignalTick(asset: asset, venue: venue, kind: kind, price: price, exchangeMs: exchangeMs, receiveMs: nowMs)
        return emit(pipeline.observe(tick))
    }

    private mutating func emit(_ events: [SignalEvent]) -> [SignalSessionAction] {
        counters.count(events)
        return events.map { .emit($0) }
    }
}
