import Foundation
import HTTPTypes
import HummingbirdWSClient
import KalshiClient
import KalshiAPI
import KalshiAuth
import KalshiCore
import Logging
import NIOSSL

/// The Kalshi WebSocket feed: one connection, signed handshake, every subscription restored
/// after a reconnect, books kept by the sans-I/O `KalshiFeedSession`. This actor only moves
/// bytes and time in and out of the session.
public actor KalshiFeedClient {
    public typealias Event = KalshiFeedEvent

    public nonisolated let events: AsyncStream<Event>
    private let eventSink: AsyncStream<Event>.Continuation
    private var session: KalshiFeedSession
    private let environment: KalshiEnvironment
    private let signer: RequestSigner?
    private let logger: Logger
    private var outbound: AsyncStream<String>.Continuation?
    private var lastDisconnectReason = "connection closed"
    /// Where events go instead of `events` once set (`forwardEvents`).
    private var forward: (@Sendable (Event) -> Void)?

    public init(
        environment: KalshiEnvironment, signer: RequestSigner?, subscriptions: [FeedSubscription], grids: [String: PriceGrid] = [:],
        logger: Logger = Logger(label: "kalshi.ws")
    ) {
        self.environment = environment
        self.signer = signer
        self.session = KalshiFeedSession(subscriptions: subscriptions, grids: grids)
        self.logger = logger
        (events, eventSink) = AsyncStream.makeStream(bufferingPolicy: .unbounded)
    }

    /// Hands every event to `handler`, on this actor, instead of to `events`: a session that
    /// puts them on its own input queue saves a task and a queue on the path of every frame (a
    /// thread wake-up, tens of microseconds on a small machine). Set before `run`.
    public func forwardEvents(to handler: @escaping @Sendable (Event) -> Void) { forward = handler }

    private func emit(_ event: Event) {
        if let forward { forward(event) } else { eventSink.yield(event) }
    }

    public func book(_ ticker: String) -> OrderBook? { session.book(ticker) }
    public var counters: FeedSessionCounters { session.counters }
    public var bookCounters: BookFeedCounters { session.synchronizer.counters }
    public var isConnected: Bool { session.state == .connected }

    /// Follows more markets (sent now when connected, and after every reconnect).
    public func subscribe(_ subscription: FeedSubscription, grids: [String: PriceGrid] = [:]) {
        perform(session.subscribe(subscription, grids: grids))
    }

    /// Asks for fresh snapshots of these books (see `KalshiFeedSession.refresh`).
    public func refresh(_ tickers: Set<String>) {
        perform(session.refresh(marketTickers: tickers, nowMs: WallClock.nowMs()))
    }

    /// Puts a market's book on a new price grid and asks for a snapshot on it.
    public func regrid(_ ticker: String, _ grid: PriceGrid) {
        perform(session.regrid(ticker, grid, nowMs: WallClock.nowMs()))
    }

    /// Stops following markets that are over (see `KalshiFeedSession.retire`).
    public func retire(_ tickers: Set<String>) {
        perform(session.retire(marketTickers: tickers))
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
            do {
                try await connectOnce()
            } catch {
                lastDisconnectReason = String(describing: error)
            }
            if Task.isCancelled { break }
            let delay = perform(session.handle(.disconnected(reason: lastDisconnectReason, nowMs: WallClock.nowMs())))
            emit(.disconnected(reason: lastDisconnectReason))
            logger.warning("feed disconnected (\(lastDisconnectReason)); reconnecting in \(delay ?? 0) ms")
            do { try await Task.sleep(for: .milliseconds(delay ?? 1_000)) } catch { break }
        }
    }

    private func tickEverySecond() async {
        while !Task.isCancelled {
            do { try await Task.sleep(for: .seconds(1)) } catch { return }
            perform(session.handle(.tick(nowMs: WallClock.nowMs())))
        }
    }

    private func connectOnce() async throws {
        var headers = HTTPFields()
        if let signer {
            let auth = try signer.headers(method: "GET", path: environment.webSocketPathForSigning, timestampMs: WallClock.nowMs())
            for field in auth.fields { headers[HTTPField.Name(field.name)!] = field.value }
        }
        let configuration = WebSocketClientConfiguration(
            maxFrameSize: 1 << 24, additionalHeaders: headers, autoPing: .enabled(timePeriod: .seconds(20)))
        let tls = environment.webSocketURL.hasPrefix("wss://") ? TLSConfiguration.makeClientConfiguration() : nil
        lastDisconnectReason = "connection closed"
        let close = try await TextWebSocket.run(
            url: environment.webSocketURL, configuration: configuration, tls: tls, logger: logger,
            attach: { sink in await self.attach(sink) }, received: { text in await self.received(text) })
        outbound?.finish()
        outbound = nil
        if let close { lastDisconnectReason = "closed by server (\(close.closeCode))" }
    }

    private func attach(_ sink: AsyncStream<String>.Continuation) {
        outbound = sink
        emit(.connected)
        perform(session.handle(.connected(nowMs: WallClock.nowMs())))
    }

    private func received(_ text: String) {
        perform(session.handle(.received(text, nowMs: WallClock.nowMs())))
    }

    /// Carries the session's actions out; returns the reconnect delay when one was asked for.
    @discardableResult
    private func perform(_ actions: [KalshiFeedSession.Action]) -> Int64? {
        var reconnectDelay: Int64?
        for action in actions {
            switch action {
            case .send(let text): outbound?.yield(text)
            case .reconnect(let afterMs): reconnectDelay = afterMs
            case .deliver(let message): emit(.message(message))
            case .malformed(let error, let frame):
                logger.error("malformed frame: \(error)")
                emit(.malformed(error, frame: frame))
            case .booksUntrusted(let tickers): emit(.booksUntrusted(tickers))
            }
        }
        return reconnectDelay
    }
}
