import Foundation
import KalshiAPI
import KalshiAuth
import KalshiCore
import Logging
import NIOSSL
import Synchronization

/// The Kalshi WebSocket feed: one connection, signed handshake, every subscription restored
/// after a reconnect, books kept by the sans-I/O `KalshiFeedSession`. This client only moves
/// bytes and time in and out of the session.
///
/// The session is behind a lock, not an actor: a received frame is handled on the thread the
/// WebSocket client delivered it on, with no hop onto another executor on the way to the
/// consumer (`live.tick_to_order`). The session's actions are carried out under the lock, so
/// events and outbound frames keep the order the session gave them whoever calls in (the
/// connection, the clock, a subscription); `forwardEvents`' handler must not call back into
/// this client.
public final class KalshiFeedClient: Sendable {
    public typealias Event = KalshiFeedEvent

    private struct State: Sendable {
        var session: KalshiFeedSession
        var outbound: AsyncStream<String>.Continuation?
        var lastDisconnectReason = "connection closed"
        /// Where events go instead of `events` once set (`forwardEvents`), and whether a
        /// received frame produced them.
        var forward: (@Sendable (Event, _ fromFrame: Bool) -> Void)?
        /// Run after a received frame's events were forwarded, outside the lock.
        var afterFrame: AfterFrame?
        /// The actions of a received frame, emptied (capacity kept) after each.
        var frameActions: [KalshiFeedSession.Action] = []
    }

    /// The hook run after each received frame, in a box: a closure taken out of the lock (a
    /// generic return) is reabstracted through two thunks allocated on every frame; a
    /// reference is only retained.
    private final class AfterFrame: Sendable {
        let run: nonisolated(nonsending) @Sendable () async -> Void
        init(_ run: nonisolated(nonsending) @escaping @Sendable () async -> Void) { self.run = run }
    }

    public let events: AsyncStream<Event>
    private let eventSink: AsyncStream<Event>.Continuation
    private let state: Mutex<State>
    private let environment: KalshiEnvironment
    private let signer: RequestSigner?
    private let logger: Logger

    public init(
        environment: KalshiEnvironment, signer: RequestSigner?, subscriptions: [FeedSubscription], grids: [String: PriceGrid] = [:],
        logger: Logger = Logger(label: "kalshi.ws")
    ) {
        self.environment = environment
        self.signer = signer
        self.state = Mutex(State(session: KalshiFeedSession(subscriptions: subscriptions, grids: grids)))
        self.logger = logger
        (events, eventSink) = AsyncStream.makeStream(bufferingPolicy: .unbounded)
    }

    /// Hands every event to `handler`, on the thread that produced it, instead of to `events`:
    /// a session that puts them on its own input queue saves a task and a queue on the path of
    /// every frame. `fromFrame` tells the events of a received frame, after which `afterFrame`
    /// runs on the WebSocket client's task (outside the lock; the next frame is read after it
    /// returns), where a session may step them at once. Set before `run`.
    public func forwardEvents(
        to handler: @escaping @Sendable (Event, _ fromFrame: Bool) -> Void,
        afterFrame: (nonisolated(nonsending) @Sendable () async -> Void)? = nil
    ) {
        state.withLock { state in
            state.forward = handler
            state.afterFrame = afterFrame.map(AfterFrame.init)
        }
    }

    public func book(_ ticker: String) -> OrderBook? { state.withLock { $0.session.book(ticker) } }
    public var counters: FeedSessionCounters { state.withLock { $0.session.counters } }
    public var bookCounters: BookFeedCounters { state.withLock { $0.session.synchronizer.counters } }
    public var isConnected: Bool { state.withLock { $0.session.state == .connected } }

    /// Follows more markets (sent now when connected, and after every reconnect).
    public func subscribe(_ subscription: FeedSubscription, grids: [String: PriceGrid] = [:]) {
        handle { $0.subscribe(subscription, grids: grids) }
    }

    /// Asks for fresh snapshots of these books (see `KalshiFeedSession.refresh`).
    public func refresh(_ tickers: Set<String>) {
        let now = WallClock.nowMs()
        handle { $0.refresh(marketTickers: tickers, nowMs: now) }
    }

    /// Puts a market's book on a new price grid and asks for a snapshot on it.
    public func regrid(_ ticker: String, _ grid: PriceGrid) {
        let now = WallClock.nowMs()
        handle { $0.regrid(ticker, grid, nowMs: now) }
    }

    /// Stops following markets that are over (see `KalshiFeedSession.retire`).
    public func retire(_ tickers: Set<String>) {
        handle { $0.retire(marketTickers: tickers) }
    }

    /// Connects and stays connected until the surrounding task is cancelled.
    public func run() async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.tickEverySecond() }
            group.addTask { await self.connectionLoop() }
            await group.next()
            group.cancelAll()
        }
        eventSink.finish()
    }

    private func connectionLoop() async {
        while !Task.isCancelled {
            var reason: String?
            do {
                reason = try await connectOnce()
            } catch {
                reason = String(describing: error)
            }
            if Task.isCancelled { break }
            let (delay, lastReason) = state.withLock { state -> (Int64?, String) in
                if let reason { state.lastDisconnectReason = reason }
                let reason = state.lastDisconnectReason
                let delay = Self.perform(
                    state.session.handle(.disconnected(reason: reason, nowMs: WallClock.nowMs())), &state, sink: eventSink,
                    logger: logger)
                Self.emit(.disconnected(reason: reason), state.forward, sink: eventSink)
                return (delay, reason)
            }
            logger.warning("feed disconnected (\(lastReason)); reconnecting in \(delay ?? 0) ms")
            do { try await Task.sleep(for: .milliseconds(delay ?? 1_000)) } catch { break }
        }
    }

    private func tickEverySecond() async {
        while !Task.isCancelled {
            do { try await Task.sleep(for: .seconds(1)) } catch { return }
            let now = WallClock.nowMs()
            handle { $0.handle(.tick(nowMs: now)) }
        }
    }

    /// One connection; returns why it ended when the server said so (nil: closed without a word).
    private func connectOnce() async throws -> String? {
        var headers: [(name: String, value: String)] = []
        if let signer {
            let auth = try signer.headers(method: "GET", path: environment.webSocketPathForSigning, timestampMs: WallClock.nowMs())
            headers = auth.fields.map { (name: $0.name, value: $0.value) }
        }
        let configuration = TextWebSocketConfiguration(maxFrameSize: 1 << 24, headers: headers, pingPeriodMs: 20_000)
        let tls = environment.webSocketURL.hasPrefix("wss://") ? TLSConfiguration.makeClientConfiguration() : nil
        state.withLock { $0.lastDisconnectReason = "connection closed" }
        let close = try await TextWebSocket.run(
            url: environment.webSocketURL, configuration: configuration, tls: tls, logger: logger,
            attach: { sink in self.attach(sink) }, received: { text in await self.received(text) })
        state.withLock { state in
            state.outbound?.finish()
            state.outbound = nil
        }
        return close.map { "closed by server (\($0))" }
    }

    private func attach(_ sink: AsyncStream<String>.Continuation) {
        state.withLock { state in
            state.outbound = sink
            Self.emit(.connected, state.forward, sink: eventSink)
            Self.perform(state.session.handle(.connected(nowMs: WallClock.nowMs())), &state, sink: eventSink, logger: logger)
        }
    }

    /// A text frame, handled on the caller's thread (the WebSocket client's).
    ///
    /// `nonisolated(nonsending)`, as are the after-frame hook and the session's step it runs: a
    /// plain nonisolated async function begins by switching to the generic executor, and a job
    /// that NIO's event loop runs (the global executor, `EventLoopConcurrency`) runs on the loop
    /// as a serial executor, so each such switch went back through the loop's queue and waited
    /// for its next tick: four per frame on the order's path (a uprobe on `swift_task_enqueue`,
    /// counted inside `live.tick_to_order`'s rounds), none now. A nonsending function stays on
    /// its caller's executor.
    private nonisolated(nonsending) func received(_ text: String) async {
        let now = WallClock.nowMs()
        let afterFrame = state.withLock { state in
            // The frame's actions in the array kept for them: taken out, so that it is not
            // shared while the session appends and is emptied in place afterwards.
            var actions: [KalshiFeedSession.Action] = []
            swap(&actions, &state.frameActions)
            state.session.receive(text, nowMs: now, into: &actions)
            Self.perform(actions, &state, sink: eventSink, logger: logger, fromFrame: true)
            actions.removeAll(keepingCapacity: true)
            state.frameActions = actions
            return state.afterFrame
        }
        TickToOrderProbe.shared.stage(.frameHandled)
        await afterFrame?.run()
    }

    /// Runs `step` on the session and carries its actions out, under the lock.
    private func handle(_ step: (inout KalshiFeedSession) -> [KalshiFeedSession.Action]) {
        state.withLock { state in
            _ = Self.perform(step(&state.session), &state, sink: eventSink, logger: logger)
        }
    }

    private static func emit(
        _ event: Event, _ forward: (@Sendable (Event, Bool) -> Void)?, sink: AsyncStream<Event>.Continuation, fromFrame: Bool = false
    ) {
        if let forward { forward(event, fromFrame) } else { sink.yield(event) }
    }

    /// Carries the session's actions out; returns the reconnect delay when one was asked for.
    @discardableResult
    private static func perform(
        _ actions: [KalshiFeedSession.Action], _ state: inout State, sink: AsyncStream<Event>.Continuation, logger: Logger,
        fromFrame: Bool = false
    ) -> Int64? {
        var reconnectDelay: Int64?
        for action in actions {
            switch action {
            case .send(let text): state.outbound?.yield(text)
            case .reconnect(let afterMs): reconnectDelay = afterMs
            case .deliver(let message): emit(.message(message), state.forward, sink: sink, fromFrame: fromFrame)
            case .malformed(let error, let frame):
                logger.error("malformed frame: \(error)")
                emit(.malformed(error, frame: frame), state.forward, sink: sink, fromFrame: fromFrame)
            case .booksUntrusted(let tickers): emit(.booksUntrusted(tickers), state.forward, sink: sink, fromFrame: fromFrame)
            }
        }
        return reconnectDelay
    }
}
