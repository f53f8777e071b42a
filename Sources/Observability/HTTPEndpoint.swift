import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle

/// A small HTTP server of the session's own (metrics, dashboard) on an address the operator
/// chose; started before the session and stopped after it, so it serves the whole run.
public final class HTTPEndpoint: Sendable {
    public let host: String
    public let port: Int
    private let group: ServiceGroup
    private let task: Task<Void, any Error>

    public var url: String { "http://\(host.contains(":") ? "[\(host)]" : host):\(port)" }

    private init(host: String, port: Int, group: ServiceGroup, task: Task<Void, any Error>) {
        self.host = host
        self.port = port
        self.group = group
        self.task = task
    }

    /// Binds and serves `router`; returns once the port is bound (port 0 picks a free one).
    static func start(
        router: Router<BasicRequestContext>, address: ListenAddress, name: String, logger: Logger
    ) async throws -> HTTPEndpoint {
        let (ports, portSink) = AsyncStream<Int>.makeStream()
        let app = Application(
            router: router, configuration: .init(address: .hostname(address.host, port: address.port), serverName: name),
            onServerRunning: { channel in
                portSink.yield(channel.localAddress?.port ?? 0)
                portSink.finish()
            },
            logger: logger)
        let group = ServiceGroup(configuration: .init(services: [app], logger: logger))
        // A server that cannot bind ends its group without ever running: the stream ends with it.
        let task = Task {
            defer { portSink.finish() }
            try await group.run()
        }
        var iterator = ports.makeAsyncIterator()
        guard let bound = await iterator.next(), bound > 0 else {
            await group.triggerGracefulShutdown()
            let reason: String
            switch await task.result {
            case .failure(let error): reason = String(describing: error)
            case .success: reason = "the server stopped"
            }
            throw ObservabilityError.couldNotBind(address.description, reason: reason)
        }
        return HTTPEndpoint(host: address.host, port: bound, group: group, task: task)
    }

    public func stop() async {
        await group.triggerGracefulShutdown()
        _ = await task.result
    }
}

/// HOST:PORT of a server the process offers (`--metrics`, `--dashboard`).
public struct ListenAddress: Sendable, Equatable, CustomStringConvertible {
    public var host: String
    public var port: Int

    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// `127.0.0.1:9090`, `[::1]:9090`, `localhost:9090`, or `:9090` (loopback). Refused with a
    /// message naming the flag and the value when it is not a host and a port in 0…65535.
    public init(parsing text: String, flag: String) throws(ObservabilityError) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard let colon = trimmed.lastIndex(of: ":") else {
            throw .badAddress(flag: flag, value: text, reason: "expected HOST:PORT, e.g. 127.0.0.1:9090")
        }
        var host = String(trimmed[..<colon])
        let portText = trimmed[trimmed.index(after: colon)...]
        guard let port = Int(portText), (0...65_535).contains(port) else {
            throw .badAddress(flag: flag, value: text, reason: "the port must be a number in 0…65535")
        }
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        if host.isEmpty { host = "127.0.0.1" }
        guard host.utf8.allSatisfy({ $0 > 32 && $0 < 127 && $0 != UInt8(ascii: "/") }) else {
            throw .badAddress(flag: flag, value: text, reason: "the host is not a name or an address")
        }
        self.host = host
        self.port = port
    }

    /// Loopback only: 127.0.0.0/8, ::1, localhost.
    public var isLoopback: Bool {
        host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }

    public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
}

public enum ObservabilityError: Error, Equatable, CustomStringConvertible {
    case badAddress(flag: String, value: String, reason: String)
    case couldNotBind(String, reason: String)
    case controlNotOnLoopback(String)

    public var description: String {
        switch self {
        case .badAddress(let flag, let value, let reason): return "\(flag) '\(value)': \(reason)"
        case .couldNotBind(let address, let reason): return "could not serve on \(address): \(reason)"
        case .controlNotOnLoopback(let address):
            return "--dashboard-control needs the dashboard on loopback (127.0.0.1, ::1 or localhost), not \(address)"
        }
    }
}
