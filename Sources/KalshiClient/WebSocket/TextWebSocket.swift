import KalshiAPI
import Logging
import NIOCore
import NIOPosix
import NIOSSL
import NIOWebSocket
import Synchronization

/// How a `TextWebSocket` connection is made and kept.
public struct TextWebSocketConfiguration: Sendable {
    /// The largest message accepted, fragments included (a larger one closes with 1009).
    public var maxFrameSize: Int
    /// Sent with the upgrade request (the Kalshi feed's signature).
    public var headers: [(name: String, value: String)]
    /// A ping every period; a ping without its pong by the next closes the connection. Nil: none.
    public var pingPeriodMs: Int64?
    public var connectTimeoutMs: Int64
    /// From the connection made to the upgrade's answer (TLS handshake included).
    public var handshakeTimeoutMs: Int64

    public init(
        maxFrameSize: Int = 1 << 24, headers: [(name: String, value: String)] = [], pingPeriodMs: Int64? = 20_000,
        connectTimeoutMs: Int64 = 10_000, handshakeTimeoutMs: Int64 = 10_000
    ) {
        self.maxFrameSize = maxFrameSize
        self.headers = headers
        self.pingPeriodMs = pingPeriodMs
        self.connectTimeoutMs = connectTimeoutMs
        self.handshakeTimeoutMs = handshakeTimeoutMs
    }
}

/// One WebSocket connection carrying text frames, as the Kalshi and signal feed clients use it:
/// `attach` receives the sink for frames to send (their session's outbound queue), `received`
/// every text frame that arrives; `tls` is used for `wss://` URLs (the system's trust when nil).
/// Returns when either direction ends (the sink finished closes the connection with 1000), with
/// the server's close frame if it sent one; throws when the connection could not be made or
/// broke the protocol.
///
/// Our own client on NIO's WebSocket codec, not Hummingbird's: frames are decoded and handed
/// over on the connection's event loop (`WebSocketTextHandler`, `WebSocketInbox`), the reading
/// task resumed directly with each one — the feed's share of tick-to-order.
public enum TextWebSocket {
    public static func run(
        url: String, configuration: TextWebSocketConfiguration, tls: TLSConfiguration?, logger: Logger,
        attach: @escaping @Sendable (AsyncStream<String>.Continuation) async -> Void,
        received: nonisolated(nonsending) @escaping @Sendable (String) async -> Void
    ) async throws -> WebSocketClose? {
        let endpoint = try WebSocketEndpoint(url)
        let handshake = try WebSocketHandshake(
            endpoint: endpoint, key: WebSocketHandshake.randomKey(), headers: configuration.headers)
        // The URL's scheme decides: wss:// with the given configuration (the system's trust when
        // none), ws:// in the clear.
        let sslContext = try endpoint.tls ? NIOSSLContext(configuration: tls ?? .makeClientConfiguration()) : nil
        // The current event loop when there is one (the session's tasks run on them), so that
        // the frames and the task reading them share a thread.
        let loop = MultiThreadedEventLoopGroup.singleton.any()
        let upgraded = loop.makePromise(of: Void.self)
        let inbox = WebSocketInbox()
        let maxFrameSize = min(max(configuration.maxFrameSize, 125), Int(UInt32.max))
        // Within a day: NIO's `TimeAmount.milliseconds` multiplies by 10⁶ and traps on overflow.
        let connectTimeoutMs = Self.withinADay(configuration.connectTimeoutMs)
        let handshakeTimeoutMs = Self.withinADay(configuration.handshakeTimeoutMs)
        let pingPeriodMs = configuration.pingPeriodMs.map(Self.withinADay)
        let channel: any Channel
        do {
            channel = try await ClientBootstrap(group: loop)
                .connectTimeout(.milliseconds(connectTimeoutMs))
                .channelOption(.socketOption(.tcp_nodelay), value: 1)
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        let pipeline = channel.pipeline.syncOperations
                        if let sslContext {
                            try pipeline.addHandler(
                                NIOSSLClientHandler(
                                    context: sslContext, serverHostname: endpoint.hostIsIPAddress ? nil : endpoint.host))
                        }
                        try pipeline.addHandler(
                            WebSocketHandshakeHandler(
                                handshake: handshake, upgraded: upgraded, timeoutMs: handshakeTimeoutMs))
                        try pipeline.addHandler(ByteToMessageHandler(WebSocketFrameDecoder(maxFrameSize: maxFrameSize)))
                        try pipeline.addHandler(WebSocketFrameEncoder())
                        try pipeline.addHandler(
                            NIOWebSocketFrameAggregator(
                                minNonFinalFragmentSize: 0, maxAccumulatedFrameCount: 1 << 16,
                                maxAccumulatedFrameSize: maxFrameSize))
                        try pipeline.addHandler(WebSocketTextHandler(inbox: inbox, pingPeriodMs: pingPeriodMs))
                        inbox.attach(channel)
                    }
                }
                .connect(host: endpoint.host, port: endpoint.port).get()
        } catch {
            upgraded.fail(error)
            throw error
        }
        return try await withTaskCancellationHandler {
            do {
                try await upgraded.futureResult.get()
            } catch {
                channel.close(promise: nil)
                throw error
            }
            logger.debug(
                "WebSocket connected",
                metadata: ["host": "\(endpoint.host)", "port": "\(endpoint.port)", "target": "\(endpoint.target)"])
            let (outgoing, sink) = AsyncStream<String>.makeStream(bufferingPolicy: .unbounded)
            await attach(sink)
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    for await text in outgoing {
                        var buffer = channel.allocator.buffer(capacity: text.utf8.count)
                        buffer.writeString(text)
                        channel.writeAndFlush(
                            WebSocketFrame(fin: true, opcode: .text, maskKey: .random(), data: buffer), promise: nil)
                    }
                    // The sink finished (the feed dropped the connection) or the connection ended.
                    channel.triggerUserOutboundEvent(WebSocketCloseRequest(), promise: nil)
                }
                group.addTask {
                    while let text = await inbox.next() {
                        TickToOrderProbe.shared.frameArrived(text)
                        await received(text)
                    }
                }
                try await group.next()
                group.cancelAll()
            }
            channel.close(promise: nil)
            return try inbox.outcome.get()
        } onCancel: {
            channel.close(promise: nil)
        }
    }

    /// 1 ms to 24 hours.
    static func withinADay(_ milliseconds: Int64) -> Int64 { min(max(milliseconds, 1), 86_400_000) }
}
