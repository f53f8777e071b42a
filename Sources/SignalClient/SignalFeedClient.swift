import Foundation
import KalshiClient
import Logging
import NIOSSL
import SignalFeeds

/// The transport of every venue session: one WebSocket, reconnected with the session's backoff,
/// a clock tick every `tickIntervalMs`, an optional candle history loaded at start. It only
/// moves bytes and time in and out of the sans-I/O session; all protocol decisions are there.
public actor SignalFeedClient<Session: SignalSession>: SignalSource {
    public struct Transport: Sendable {
        public var url: String
        /// Handshake headers, made per connection (Kalshi's are signed with a fresh timestamp).
        public var headers: @Sendable () throws -> [(name: String, value: String)]
        /// WebSocket pings: Kalshi expects them; Crypto.com and Coinbase keep alive with JSON messages.
        public var autoPingSeconds: Int64?
        public var tickIntervalMs: Int64 = 100

        public init(
            url: String, headers: @escaping @Sendable () throws -> [(name: String, value: String)] = { [] },
            autoPingSeconds: Int64? = nil
        ) {
            self.url = url
            self.headers = headers
            self.autoPingSeconds = autoPingSeconds
        }
    }

    public nonisolated let venue: SignalVenue
    public nonisolated let asset: SignalAsset
    public nonisolated let events: AsyncStream<SignalEvent>
    private let eventSink: AsyncStream<SignalEvent>.Continuation
    private var session: Session
    private let transport: Transport
    private let history: (@Sendable () async throws -> [PriceCandle])?
    private let historyRetry: CandleHistoryRetry
    private let logger: Logger
    private var outbound: AsyncStream<String>.Continuation?
    private var closeReason: String?
    private var lastDisconnectReason = "connection closed"

    public init(
        session: Session, transport: Transport, history: (@Sendable () async throws -> [PriceCandle])? = nil,
        historyRetry: CandleHistoryRetry = CandleHistoryRetry(), logger: Logger = Logger(label: "signal.feed")
    ) {
        self.venue = session.venue
        self.asset = session.asset
        self.session = session
        self.transport = transport
        self.history = history
        self.historyRetry = historyRetry
        self.logger = logger
        (events, eventSink) = AsyncStream.makeStream(bufferingPolicy: .unbounded)
    }

    public var state: Session { session }
    public var isConnected: Bool { outbound != nil }

    public func reading() -> SignalReading? { session.pipeline.reading(nowMs: SignalClock.nowMs()) }
    public func volatility() -> VolatilityEstimate? { session.pipeline.volatility.latest }
    public func candles() -> [PriceCandle] { session.pipeline.candles.closed }
    public func counters() -> SignalCounters { session.counters }

    /// Drops the current connection (tests, operator action); the session reconnects as after any loss.
    public func dropConnection(reason: String = "dropped by request") {
        closeReason = reason
        outbound?.finish()
    }

    public func run() async {
        await withTaskGroup(of: Void.self) { group in
            if let history { group.addTask { await self.loadHistory(history) } }
            group.addTask { await self.tickLoop() }
            group.addTask { await self.connectionLoop() }
            // The connection and tick loops end only on cancellation; history ends early.
            while let _ = await group.next() {
                if Task.isCancelled { break }
            }
            group.cancelAll()
        }
        eventSink.finish()
    }

    /// The candle history, retried as `historyRetry` says until it loads: without it the
    /// volatility waits hours for live candles.
    private func loadHistory(_ load: @escaping @Sendable () async throws -> [PriceCandle]) async {
        let (venue, sink, logger) = (self.venue, eventSink, self.logger)
        let loaded = await historyRetry.load(load) { error, retryInMs in
            logger.warning("\(venue) candle history failed, retrying in \(retryInMs) ms: \(error)")
            sink.yield(.venueError(venue, code: -1, message: "candle history, retrying in \(retryInMs) ms: \(error)"))
        }
        guard let candles = loaded else { return }
        eventSink.yield(.historyLoaded(venue, candles: candles.count))
        perform(session.fill(history: candles, nowMs: SignalClock.nowMs()))
    }

    private func tickLoop() async {
        while !Task.isCancelled {
            do { try await Task.sleep(for: .milliseconds(transport.tickIntervalMs)) } catch { return }
            perform(session.handle(.tick(nowMs: SignalClock.nowMs())))
        }
    }

    private func connectionLoop() async {
        while !Task.isCancelled {
            do {
                try await connectOnce()
            } catch {
                lastDisconnectReason = String(describing: error)
            }
            if Task.isCancelled { break }
            let delay = perform(session.handle(.disconnected(reason: lastDisconnectReason, nowMs: SignalClock.nowMs())))
            logger.info("\(venue) disconnected (\(lastDisconnectReason)); reconnecting in \(delay ?? 1_000) ms")
            do { try await Task.sleep(for: .milliseconds(delay ?? 1_000)) } catch { break }
        }
    }

    private func connectOnce() async throws {
        let headers = try transport.headers()
        let configuration = TextWebSocketConfiguration(
            maxFrameSize: 1 << 24, headers: headers, pingPeriodMs: transport.autoPingSeconds.map { min($0, 86_400) * 1_000 })
        let tls = transport.url.hasPrefix("wss://") ? TLSConfiguration.makeClientConfiguration() : nil
        lastDisconnectReason = "connection closed"
        closeReason = nil
        let close = try await TextWebSocket.run(
            url: transport.url, configuration: configuration, tls: tls, logger: logger,
            attach: { sink in await self.attach(sink) }, received: { text in await self.received(text) })
        outbound?.finish()
        outbound = nil
        if let closeReason {
            lastDisconnectReason = closeReason
        } else if let close {
            lastDisconnectReason = "closed by server (\(close))"
        }
    }

    private func attach(_ sink: AsyncStream<String>.Continuation) {
        outbound = sink
        perform(session.handle(.connected(nowMs: SignalClock.nowMs())))
    }

    private func received(_ text: String) {
        perform(session.handle(.received(text, nowMs: SignalClock.nowMs())))
    }

    /// Carries the session's actions out; returns the reconnect delay when one was asked for.
    @discardableResult
    private func perform(_ actions: [SignalSessionAction]) -> Int64? {
        var reconnectDelay: Int64?
        for action in actions {
            switch action {
            case .send(let text): outbound?.yield(text)
            case .reconnect(let afterMs): reconnectDelay = afterMs
            case .close(let reason):
                logger.warning("\(venue): closing the connection: \(reason)")
                dropConnection(reason: reason)
            case .emit(let event):
                if case .malformed(_, let error, let frame) = event {
                    logger.error("\(venue) malformed frame (\(error)): \(frame)")
                }
                eventSink.yield(event)
            }
        }
        return reconnectDelay
    }
}
