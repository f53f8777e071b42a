import KalshiCore

/// The WebSocket session logic of reference §2–§3 as a sans-I/O state machine: feed it
/// connection events, received text frames and clock ticks; it returns what to send, when to
/// reconnect and what to deliver. It owns the books (through `BookSynchronizer`), so a sequence
/// gap or a bad delta turns into a `get_snapshot` request here, with the affected books
/// untradable until their snapshots land.
public struct KalshiFeedSession: Sendable {
    public enum Event: Sendable {
        case connected(nowMs: Int64)
        case disconnected(reason: String, nowMs: Int64)
        case received(String, nowMs: Int64)
        /// Periodic clock tick: drives resync timeouts.
        case tick(nowMs: Int64)
    }

    public enum Action: Sendable, Equatable {
        case send(String)
        /// Open a new connection after this delay (re-sign the handshake).
        case reconnect(afterMs: Int64)
        /// A decoded frame for the consumers (book frames too, after they were applied).
        case deliver(KalshiWSMessage)
        /// A frame that could not be decoded: logged and counted, never fatal.
        case malformed(FrameDecodingError, frame: String)
        /// The books of these markets are untradable until fresh snapshots arrive.
        case booksUntrusted([String])
    }

    public enum ConnectionState: Sendable, Equatable {
        case disconnected
        case connected
    }

    public private(set) var state: ConnectionState = .disconnected
    public private(set) var synchronizer: BookSynchronizer
    public private(set) var counters = FeedSessionCounters()
    public private(set) var subscriptions: [FeedSubscription]
    /// Channel of each live subscription id, from the `subscribed` replies.
    public private(set) var channelBySid: [Int: String] = [:]
    /// Markets each live subscription id follows (empty: a channel without a market filter).
    private var tickersBySid: [Int: [String]] = [:]
    /// How long a `get_snapshot` may stay unanswered before the subscription is rebuilt.
    public var resyncTimeoutMs: Int64 = 5_000

    private var nextCommandId = 1
    private var pendingCommands: [Int: FeedCommand] = [:]
    private var subscriptionByCommand: [Int: FeedSubscription] = [:]
    private var subscriptionBySid: [Int: FeedSubscription] = [:]
    private var pendingResyncs: [Int: (tickers: [String], sinceMs: Int64)] = [:]
    private var reconnectAttempt = 0
    private var backoff: ReconnectBackoff

    public init(subscriptions: [FeedSubscription], grids: [String: PriceGrid] = [:], backoff: ReconnectBackoff = ReconnectBackoff()) {
        self.subscriptions = subscriptions
        self.synchronizer = BookSynchronizer(grids: grids)
        self.backoff = backoff
    }

    public func book(_ ticker: String) -> OrderBook? { synchronizer.book(ticker) }

    public mutating func handle(_ event: Event) -> [Action] {
        switch event {
        case .connected:
            state = .connected
            counters.connects += 1
            return subscriptions.map { .send(issue({ .subscribe(id: $0, $1) }, subscription: $0)) }
        case .disconnected:
            if state == .connected { counters.disconnects += 1 }
            state = .disconnected
            resetConnectionState()
            let delay = backoff.delayMs(attempt: reconnectAttempt)
            reconnectAttempt += 1
            let untrusted = synchronizer.books.keys.sorted()
            return (untrusted.isEmpty ? [] : [.booksUntrusted(untrusted)]) + [.reconnect(afterMs: delay)]
        case .received(let text, let nowMs):
            var actions: [Action] = []
            receive(text, nowMs: nowMs, into: &actions)
            return actions
        case .tick(let nowMs):
            return expireResyncs(nowMs: nowMs)
        }
    }

    /// Adds a subscription; sent now when connected, and after every reconnect. `grids` are the
    /// price grids of its markets (a market not given one gets the finest grid). On Kalshi a
    /// second subscription to a channel adds its markets to the first one's sid.
    public mutating func subscribe(_ subscription: FeedSubscription, grids: [String: PriceGrid] = [:]) -> [Action] {
        for (ticker, grid) in grids { synchronizer.setGrid(grid, for: ticker) }
        subscriptions.append(subscription)
        guard state == .connected else { return [] }
        return [.send(issue({ .subscribe(id: $0, $1) }, subscription: subscription))]
    }

    /// Asks for fresh snapshots of these markets' books (trading resumed after a pause): their
    /// books are untrusted until the snapshots land, and a snapshot that does not come in time
    /// rebuilds the subscription, as after a gap. Disconnected, there is nothing to do: the
    /// reconnect's subscriptions bring fresh snapshots anyway.
    public mutating func refresh(marketTickers: Set<String>, nowMs: Int64) -> [Action] {
        guard state == .connected else { return [] }
        var actions: [Action] = []
        for sid in subscriptionBySid.keys.sorted() {
            let wanted = (tickersBySid[sid] ?? []).filter(marketTickers.contains)
            if !wanted.isEmpty { actions += requestSnapshots(sid: sid, tickers: wanted, nowMs: nowMs) }
        }
        return actions
    }

    /// A market's price grid changed: its book is rebuilt empty on the new grid (untradable)
    /// and a snapshot is asked for.
    public mutating func regrid(_ ticker: String, _ grid: PriceGrid, nowMs: Int64) -> [Action] {
        synchronizer.setGrid(grid, for: ticker)
        return refresh(marketTickers: [ticker], nowMs: nowMs)
    }

    /// Stops following markets that are over (a rolling session's settled event). Kalshi keeps
    /// one subscription per channel (subscribing again adds markets to it), so a live sid that
    /// follows only these markets is unsubscribed, and one that follows others too has these
    /// deleted (`update_subscription` `delete_markets`). They leave the subscriptions restored
    /// after a reconnect, and their books are forgotten.
    public mutating func retire(marketTickers: Set<String>) -> [Action] {
        guard !marketTickers.isEmpty else { return [] }
        // A subscription left without markets would follow every market (or be refused): dropped.
        subscriptions = subscriptions.compactMap { subscription in
            guard !subscription.marketTickers.isEmpty else { return subscription }
            var kept = subscription
            kept.marketTickers.removeAll(where: marketTickers.contains)
            return kept.marketTickers.isEmpty ? nil : kept
        }
        var unsubscribed: [Int] = []
        var partly: [(sid: Int, tickers: [String])] = []
        for sid in tickersBySid.keys.sorted() {
            guard let followed = tickersBySid[sid], !followed.isEmpty else { continue }
            let gone = followed.filter(marketTickers.contains)
            guard !gone.isEmpty else { continue }
            if gone.count == followed.count {
                unsubscribed.append(sid)
                tickersBySid[sid] = nil
                subscriptionBySid[sid] = nil
                channelBySid[sid] = nil
                pendingResyncs[sid] = nil
            } else {
                let kept = followed.filter { !marketTickers.contains($0) }
                tickersBySid[sid] = kept
                subscriptionBySid[sid]?.marketTickers = kept
                partly.append((sid, gone))
            }
        }
        synchronizer.forget(marketTickers)
        guard state == .connected else { return [] }
        var actions: [Action] = []
        if !unsubscribed.isEmpty { actions.append(.send(issue { .unsubscribe(id: $0, sids: unsubscribed) })) }
        for (sid, gone) in partly { actions.append(.send(issue { .deleteMarkets(id: $0, sid: sid, marketTickers: gone) })) }
        return actions
    }

    private mutating func issue(_ make: (Int, FeedSubscription) -> FeedCommand, subscription: FeedSubscription) -> String {
        let id = nextCommandId
        nextCommandId += 1
        let command = make(id, subscription)
        pendingCommands[id] = command
        subscriptionByCommand[id] = subscription
        return command.json
    }

    private mutating func issue(_ command: (Int) -> FeedCommand) -> String {
        let id = nextCommandId
        nextCommandId += 1
        let built = command(id)
        pendingCommands[id] = built
        return built.json
    }

    private mutating func resetConnectionState() {
        synchronizer.resetConnection()
        channelBySid.removeAll()
        tickersBySid.removeAll()
        pendingCommands.removeAll()
        subscriptionByCommand.removeAll()
        subscriptionBySid.removeAll()
        pendingResyncs.removeAll()
    }

    /// `handle(.received(text, nowMs:))`, its actions appended to `actions`: a client that
    /// keeps one array for every frame allocates none per frame.
    public mutating func receive(_ text: String, nowMs: Int64, into actions: inout [Action]) {
        counters.frames += 1
        let message: KalshiWSMessage
        do {
            message = try KalshiFrameDecoder.decode(text)
        } catch {
            counters.malformedFrames += 1
            actions.append(.malformed(error, frame: text))
            return
        }
        reconnectAttempt = 0
        switch message {
        case .subscribed(let id, let channel, let sid):
            if let sid, let id, let subscription = subscriptionByCommand[id] {
                channelBySid[sid] = channel ?? subscription.channels.first
                // Subscribing again to a channel adds markets to its existing sid: merge.
                let merged = (tickersBySid[sid] ?? []) + subscription.marketTickers.filter { !(tickersBySid[sid] ?? []).contains($0) }
                tickersBySid[sid] = merged
                if channel == FeedSubscription.bookChannel || (channel == nil && subscription.channels.contains(FeedSubscription.bookChannel)) {
                    var followed = subscriptionBySid[sid] ?? subscription
                    followed.marketTickers = merged
                    subscriptionBySid[sid] = followed
                }
            }
        case .error(let id, let code, _, _):
            counters.exchangeErrors += 1
            actions += handleCommandError(id: id, code: code, nowMs: nowMs)
        case .unsubscribed(_, let sid, _):
            channelBySid[sid] = nil
            tickersBySid[sid] = nil
        default:
            break
        }
        if let event = message.bookFeedEvent {
            if case .snapshot(let sid, _, let ticker, _, _) = event { markSnapshotArrived(sid: sid, ticker: ticker) }
            if case .resync(let sid, let tickers) = synchronizer.apply(event) {
                actions += requestSnapshots(sid: sid, tickers: tickers, nowMs: nowMs)
            }
        }
        actions.append(.deliver(message))
    }

    private mutating func requestSnapshots(sid: Int, tickers: [String], nowMs: Int64) -> [Action] {
        counters.resyncRequests += 1
        let merged = Array(Set(tickers + (pendingResyncs[sid]?.tickers ?? []))).sorted()
        pendingResyncs[sid] = (merged, pendingResyncs[sid]?.sinceMs ?? nowMs)
        return [.booksUntrusted(tickers), .send(issue { .getSnapshot(id: $0, sid: sid, marketTickers: tickers) })]
    }

    private mutating func markSnapshotArrived(sid: Int, ticker: String) {
        guard var pending = pendingResyncs[sid] else { return }
        pending.tickers.removeAll { $0 == ticker }
        pendingResyncs[sid] = pending.tickers.isEmpty ? nil : pending
    }

    /// A failed `get_snapshot`, or a terminal subscription error (10, 17, 25), rebuilds the
    /// subscription from scratch: unsubscribe, then subscribe again.
    private mutating func handleCommandError(id: Int?, code: Int, nowMs: Int64) -> [Action] {
        guard let id, let command = pendingCommands.removeValue(forKey: id) else {
            guard [10, 17, 25].contains(code) else { return [] }
            // A terminal error without a command id concerns a live subscription: rebuild them all.
            return subscriptionBySid.keys.sorted().flatMap { rebuild(sid: $0) }
        }
        if case .getSnapshot(_, let sid, _) = command { return rebuild(sid: sid) }
        return []
    }

    private mutating func rebuild(sid: Int) -> [Action] {
        guard let subscription = subscriptionBySid.removeValue(forKey: sid) else { return [] }
        counters.resubscribes += 1
        pendingResyncs[sid] = nil
        channelBySid[sid] = nil
        return [
            .send(issue { .unsubscribe(id: $0, sids: [sid]) }),
            .send(issue({ .subscribe(id: $0, $1) }, subscription: FeedSubscription(channels: [FeedSubscription.bookChannel], marketTickers: subscription.marketTickers))),
        ]
    }

    private mutating func expireResyncs(nowMs: Int64) -> [Action] {
        let expired = pendingResyncs.filter { nowMs - $0.value.sinceMs >= resyncTimeoutMs }.keys.sorted()
        return expired.flatMap { rebuild(sid: $0) }
    }
}
