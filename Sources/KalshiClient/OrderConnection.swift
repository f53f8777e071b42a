import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import Synchronization

/// A kept HTTP/1.1 connection to the REST host that carries only order placements, one at a
/// time, written as bytes built whole (`OrderRequestBytes`) on an event loop of the caller's.
///
/// Why not the HTTP client: from an order's hand-over to its bytes on the socket,
/// AsyncHTTPClient took 63–115 µs at the median here (parsing the URL again per request, its
/// connection pool, its request state machines and header encoder); this path is a buffer
/// written to a channel that is already open.
///
/// It never stands in the way of an order: while it is connecting, carrying another order or
/// closed, `send` answers `.unavailable` at once and the caller sends through the HTTP client,
/// as it did before. Closed connections are made again in the background (after a pause that
/// grows while connecting fails), so one is ready for the next order.
final class OrderConnection: Sendable {
    /// How an order fared on this connection.
    enum Outcome: Sendable {
        /// No idle connection, or the request was surely not written: send it another way.
        case unavailable
        case answered(OrderAnswer)
        /// Written, or possibly written, and no answer: the exchange may have acted on it.
        case noAnswer(String)
    }

    private struct State {
        var channel: (any Channel)?
        var busy = false
        var connecting = false
        var eventLoop: (any EventLoop)?
        /// Connection attempts in a row that failed or closed within a second.
        var failures = 0
        var shutDown = false
        /// Orders answered over this connection (its connections), for tests and diagnostics.
        var answered = 0
    }

    let host: String
    let port: Int
    let usesTLS: Bool
    /// The request's bytes but for the signature, the length and the body.
    let requestBytes: OrderRequestBytes
    private let method: HTTPMethod
    private let requestPath: String
    private let connectTimeout: TimeAmount
    private let group: any EventLoopGroup
    private let sslContext: NIOSSLContext?
    private let logger: Logger
    private let state = Mutex(State())

    /// Nil when `baseURL` (the REST base, `https://host[:port]/trade-api/v2`) is not an http(s)
    /// URL this can connect to, or TLS cannot be set up: orders then all go through the HTTP client.
    /// `tls` replaces the system's trust (tests: a server with a certificate of their own).
    init?(
        baseURL: String, method: String, path: String, connectTimeout: TimeAmount, group: any EventLoopGroup,
        logger: Logger, tls: TLSConfiguration? = nil
    ) {
        guard let endpoint = Self.endpoint(of: baseURL),
            let requestBytes = OrderRequestBytes(method: method, path: endpoint.pathPrefix + path, host: endpoint.hostHeader)
        else { return nil }
        self.method = HTTPMethod(rawValue: method)
        requestPath = endpoint.pathPrefix + path
        host = endpoint.host
        port = endpoint.port
        usesTLS = endpoint.usesTLS
        self.requestBytes = requestBytes
        self.connectTimeout = connectTimeout
        self.group = group
        self.logger = logger
        if usesTLS {
            var configuration = tls ?? TLSConfiguration.makeClientConfiguration()
            configuration.applicationProtocols = ["http/1.1"]
            do { sslContext = try NIOSSLContext(configuration: configuration) } catch {
                logger.warning("no order connection: TLS could not be set up (\(error)); orders go through the HTTP client")
                return nil
            }
        } else {
            sslContext = nil
        }
    }

    deinit {
        let channel = state.withLock { state -> (any Channel)? in
            state.shutDown = true
            return state.channel
        }
        channel?.close(promise: nil)
    }

    /// Sends `request` (from `requestBytes`) and waits for its answer, or answers
    /// `.unavailable` at once when no idle connection is ready (and starts making one).
    func send(_ request: ByteBuffer, timeout: TimeAmount) async -> Outcome {
        guard let channel = take() else { return .unavailable }
        let result = await withUnsafeContinuation {
            (answer: UnsafeContinuation<Result<OrderAnswer, OrderExchangeError>, Never>) in
            let written = channel.eventLoop.makePromise(of: Void.self)
            // The handler completes the write's promise as it takes the exchange; a closed
            // channel's pipeline never reaches it, and then nothing was written.
            written.futureResult.whenFailure { error in
                answer.resume(returning: .failure(OrderExchangeError.notWritten(String(describing: error))))
            }
            channel.writeAndFlush(OrderExchange(request: request, timeout: timeout, answer: answer), promise: written)
        }
        switch result {
        case .success(let answer):
            release(channel, succeeded: true)
            return .answered(answer)
        case .failure(.notWritten(let reason)):
            release(channel, succeeded: false)
            logger.debug("order connection did not write the request (\(reason)); sending it through the HTTP client")
            return .unavailable
        case .failure(let error):
            release(channel, succeeded: false)
            return .noAnswer(error.description)
        }
    }

    /// Whether a connection is open and idle (for tests and diagnostics).
    var isReady: Bool { state.withLock { $0.channel != nil && !$0.busy } }

    /// How many orders were answered over this connection.
    var answeredCount: Int { state.withLock { $0.answered } }

    // MARK: Connection

    private func take() -> (any Channel)? {
        let (channel, loopToConnect) = state.withLock { state -> ((any Channel)?, (any EventLoop)?) in
            guard !state.shutDown else { return (nil, nil) }
            if let channel = state.channel, !state.busy {
                state.busy = true
                return (channel, nil)
            }
            return (nil, startConnecting(&state))
        }
        if let loopToConnect { connect(on: loopToConnect) }
        return channel
    }

    private func release(_ channel: any Channel, succeeded: Bool) {
        state.withLock { state in
            if state.channel === channel { state.busy = false }
            if succeeded {
                state.failures = 0
                state.answered += 1
            }
        }
    }

    /// The loop to connect on when a connection should be started now: the first order's own
    /// loop when it runs on one of the group's (with NIO's loops as the tasks' executor, the
    /// feed's), so that writing the order does not wait for another thread to wake.
    private func startConnecting(_ state: inout State) -> (any EventLoop)? {
        guard !state.shutDown, state.channel == nil, !state.connecting else { return nil }
        state.connecting = true
        if state.eventLoop == nil {
            let current = MultiThreadedEventLoopGroup.currentEventLoop
            state.eventLoop = group.makeIterator().first { $0 === current } ?? group.next()
        }
        return state.eventLoop
    }

    private func connect(on loop: any EventLoop) {
        let sslContext = sslContext
        let serverHostname = Self.isIPAddress(host) ? nil : host
        let head = HTTPRequestHead(version: .http1_1, method: method, uri: requestPath)
        let started = NIODeadline.now()
        let connectTimeout = connectTimeout
        // Ready once it can carry an order at once: connected, and with TLS, the handshake done
        // (until then an order would wait for it, and a failed handshake would leave it unknown
        // whether the order went out).
        let ready = loop.makePromise(of: Void.self)
        ClientBootstrap(group: loop)
            .connectTimeout(connectTimeout)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let pipeline = channel.pipeline.syncOperations
                    if let sslContext {
                        try pipeline.addHandler(NIOSSLClientHandler(context: sslContext, serverHostname: serverHostname))
                    }
                    try pipeline.addHandler(OrderRequestWriter())
                    try pipeline.addHandler(ByteToMessageHandler(HTTPResponseDecoder(leftOverBytesStrategy: .fireError)))
                    try pipeline.addHandler(OrderExchangeHandler(head: head, ready: ready, awaitsHandshake: sslContext != nil))
                }
            }
            .connect(host: host, port: port)
            .flatMap { channel in
                // The handshake gets the connection's own time limit.
                let limit = channel.eventLoop.scheduleTask(in: connectTimeout) {
                    ready.fail(
                        OrderExchangeError.notWritten("no TLS handshake within \(connectTimeout.nanoseconds / 1_000_000) ms"))
                }
                return ready.futureResult.map { channel }.flatMapErrorThrowing { error in
                    channel.close(promise: nil)
                    throw error
                }.always { _ in limit.cancel() }
            }
            .whenComplete { [weak self] result in
                guard let self else {
                    if case .success(let channel) = result { channel.close(promise: nil) }
                    return
                }
                switch result {
                case .success(let channel): self.connected(channel, at: started)
                case .failure(let error): self.closed(nil, after: error, openedAt: started)
                }
            }
    }

    private func connected(_ channel: any Channel, at started: NIODeadline) {
        let keep = state.withLock { state -> Bool in
            state.connecting = false
            guard !state.shutDown else { return false }
            state.channel = channel
            state.busy = false
            return true
        }
        guard keep else {
            channel.close(promise: nil)
            return
        }
        let opened = NIODeadline.now()
        channel.closeFuture.whenComplete { [weak self] _ in self?.closed(channel, after: nil, openedAt: opened) }
    }

    /// A connection closed (or could not be made): another is made after a pause, none while
    /// connections keep failing within a second of opening (0.05 s doubling to 30 s).
    private func closed(_ channel: (any Channel)?, after error: (any Error)?, openedAt: NIODeadline) {
        let lived = NIODeadline.now() - openedAt
        let (retry, failures) = state.withLock { state -> ((any EventLoop)?, Int) in
            if let channel {
                guard state.channel === channel else { return (nil, state.failures) }
                state.channel = nil
                state.busy = false
            } else {
                state.connecting = false
            }
            if error != nil || lived < .seconds(1) { state.failures = min(state.failures + 1, 20) }
            return (state.shutDown ? nil : state.eventLoop, state.failures)
        }
        if let error { logger.debug("order connection to \(host):\(port) failed: \(error)") }
        guard let retry else { return }
        let pauseMs = failures == 0 ? 0 : min(Int64(50) << Int64(min(failures - 1, 10)), 30_000)
        retry.scheduleTask(in: .milliseconds(pauseMs)) { [weak self] in
            guard let self else { return }
            _ = self.state.withLock { state in self.startConnecting(&state) }.map { self.connect(on: $0) }
        }
    }

    // MARK: The endpoint

    struct Endpoint: Equatable {
        var usesTLS: Bool
        var host: String
        var port: Int
        /// `host`, or `host:port` when the port is not the scheme's.
        var hostHeader: String
        /// The path part of the base URL (`/trade-api/v2`), without a trailing slash.
        var pathPrefix: String
    }

    /// `http(s)://host[:port][/path]`, without credentials, query or fragment; IPv6 hosts in brackets.
    static func endpoint(of baseURL: String) -> Endpoint? {
        let usesTLS: Bool
        var rest: Substring
        if baseURL.hasPrefix("https://") {
            usesTLS = true
            rest = baseURL.dropFirst("https://".count)
        } else if baseURL.hasPrefix("http://") {
            usesTLS = false
            rest = baseURL.dropFirst("http://".count)
        } else {
            return nil
        }
        guard !rest.contains(where: { $0 == "@" || $0 == "?" || $0 == "#" }) else { return nil }
        var pathPrefix = ""
        if let slash = rest.firstIndex(of: "/") {
            pathPrefix = String(rest[slash...])
            rest = rest[..<slash]
        }
        while pathPrefix.hasSuffix("/") { pathPrefix.removeLast() }
        let authority = rest
        var host = authority
        var port = usesTLS ? 443 : 80
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { return nil }
            host = authority[authority.index(after: authority.startIndex)..<close]
            let after = authority[authority.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":"), let number = Int(after.dropFirst()) else { return nil }
                port = number
            }
        } else if let colon = authority.lastIndex(of: ":") {
            guard let number = Int(authority[authority.index(after: colon)...]) else { return nil }
            host = authority[..<colon]
            port = number
        }
        guard !host.isEmpty, (1...65_535).contains(port) else { return nil }
        return Endpoint(usesTLS: usesTLS, host: String(host), port: port, hostHeader: String(authority), pathPrefix: pathPrefix)
    }

    private static func isIPAddress(_ host: String) -> Bool {
        (try? SocketAddress(ipAddress: host, port: 0)) != nil
    }
}
