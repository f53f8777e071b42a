import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdCore
import HummingbirdWebSocket
import KalshiAPI
import Logging
import NIOCore
import ServiceLifecycle
import UnixSignals

/// The fake venues served on one loopback port: Kalshi's REST API under `/trade-api/v2` and its
/// WebSocket at `/trade-api/ws/v2`. Start it in-process (tests, the offline demo) or from
/// `kalshi-trader fake-venue`.
public final class FakeVenue: Sendable {
    public let exchange: FakeKalshiExchange
    public let host: String
    public let port: Int
    private let group: ServiceGroup
    private let task: Task<Void, any Error>

    public var baseURL: String { "http://\(host):\(port)" }

    private init(exchange: FakeKalshiExchange, host: String, port: Int, group: ServiceGroup, task: Task<Void, any Error>) {
        self.exchange = exchange
        self.host = host
        self.port = port
        self.group = group
        self.task = task
    }

    /// Starts serving; returns once the port is bound (port 0 picks a free one).
    public static func start(
        configuration: FakeKalshiConfiguration, host: String = "127.0.0.1", port: Int = 0,
        gracefulShutdownSignals: [UnixSignal] = [], logger: Logger = Logger(label: "fake.venue"),
        onRequest: (@Sendable (ServedRequest) -> Void)? = nil
    ) async throws -> FakeVenue {
        let exchange = try await FakeKalshiExchange(configuration: configuration, logger: logger)
        let router = Router(context: BasicWebSocketRequestContext.self)
        if let onRequest { router.add(middleware: RequestTimingMiddleware(observe: onRequest)) }
        KalshiRoutes.register(on: router, exchange: exchange)
        SignalRoutes.register(on: router, exchange: exchange, configuration: configuration.signals, logger: logger)
        let (ports, portSink) = AsyncStream<Int>.makeStream()
        let app = Application(
            router: router,
            server: .http1WebSocketUpgrade(
                webSocketRouter: router,
                configuration: .init(maxFrameSize: 1 << 22, autoPing: .enabled(timePeriod: .seconds(configuration.pingIntervalSeconds)))),
            configuration: .init(address: .hostname(host, port: port), serverName: "fake-kalshi"),
            onServerRunning: { channel in
                portSink.yield(channel.localAddress?.port ?? 0)
                portSink.finish()
            },
            logger: logger)
        let group = ServiceGroup(
            configuration: .init(
                services: [app, ExchangeStepper(exchange: exchange)], gracefulShutdownSignals: gracefulShutdownSignals, logger: logger))
        let task = Task { try await group.run() }
        var iterator = ports.makeAsyncIterator()
        guard let bound = await iterator.next(), bound > 0 else {
            await group.triggerGracefulShutdown()
            throw FakeVenueError.couldNotBind(host: host, port: port, reason: String(describing: await task.result))
        }
        return FakeVenue(exchange: exchange, host: host, port: bound, group: group, task: task)
    }

    public func stop() async {
        await exchange.disconnectAll()
        await group.triggerGracefulShutdown()
        _ = await task.result
    }

    /// Runs until the surrounding task is cancelled or the server fails.
    public func wait() async throws {
        try await withTaskCancellationHandler {
            try await task.value
        } onCancel: {
            Task { await self.group.triggerGracefulShutdown() }
        }
    }
}

public enum FakeVenueError: Error, CustomStringConvertible {
    case couldNotBind(host: String, port: Int, reason: String)

    public var description: String {
        switch self {
        case .couldNotBind(let host, let port, let reason): return "could not listen on \(host):\(port): \(reason)"
        }
    }
}

/// Moves the exchange along the scenario clock ten times a second.
struct ExchangeStepper: Service {
    let exchange: FakeKalshiExchange

    func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            await exchange.step()
            try? await Task.sleep(for: .milliseconds(100))
        }
    }
}
