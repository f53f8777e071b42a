import AsyncHTTPClient
import Foundation
import NIOCore
import NIOPosix
import NIOSSL

/// The process-wide HTTP client of the Kalshi REST client. Unlike `HTTPClient.shared`, a
/// connection that cannot be made fails its requests at once: `.shared` keeps retrying the
/// connection until each request's deadline, so an unknown host took 10 s per attempt to fail.
public enum KalshiHTTP {
    /// How long establishing a connection (name lookup, TCP, TLS) may take. Kalshi answers in
    /// tens of milliseconds; a host that cannot connect in this time is reported unreachable.
    public static let connectTimeoutMs: Int64 = 2_500

    public static let client: HTTPClient = {
        var configuration = HTTPClient.Configuration.singletonConfiguration
        configuration.timeout = .init(connect: .milliseconds(connectTimeoutMs), read: .seconds(90))
        configuration.connectionPool.retryConnectionEstablishment = false
        // No tracing: the default is the process's bootstrapped tracer, a no-op one here (nothing
        // bootstraps one), for which each request still opened a span and parsed its URL a
        // second time for the span's attributes: a third of the client's time from the order's
        // hand-over to its bytes on the socket (a profile of `live.tick_to_order`).
        configuration.tracing.tracer = nil
        // A global is never deinitialized, so it never needs the shutdown a client otherwise must get.
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }()

    /// Allocates the order requests' buffers (NIO's allocator is a plain value: one is enough).
    static let allocator = ByteBufferAllocator()

    /// Why a connection could not be made, in words, or nil when `error` is not a failure to
    /// connect (the request may then have reached the server).
    public static func connectionFailure(_ error: any Error) -> String? {
        switch error {
        case let failure as NIOConnectionError:
            if let connection = failure.connectionErrors.first {
                return describe(connection.error, target: "\(connection.target)")
            }
            if let dns = failure.dnsAError ?? failure.dnsAAAAError {
                return "the name '\(failure.host)' does not resolve (\(dns))"
            }
            return "no address for '\(failure.host)'"
        case let error as SocketAddressError:
            return "the name does not resolve (\(error))"
        case let error as HTTPClientError where error == .connectTimeout:
            return noConnection
        case let error as ChannelError:
            if case .connectTimeout = error { return noConnection }
            return nil
        // Only what can happen before the request is written: a TLS error while reading the
        // answer (an unclean shutdown) or a reset connection may come after the exchange acted.
        case let error as NIOSSLError:
            if case .handshakeFailed = error { return "TLS handshake failed (\(error))" }
            return nil
        case let error as NIOSSLExtraError:
            return "TLS handshake failed (\(error))"
        case let error as IOError where connectErrnos.contains(error.errnoCode):
            return describe(error, target: nil)
        default:
            return nil
        }
    }

    /// Errors of `connect(2)` itself.
    private static let connectErrnos: Set<CInt> = [ECONNREFUSED, ENETUNREACH, EHOSTUNREACH, ETIMEDOUT]

    private static let noConnection =
        "no connection within \(Double(connectTimeoutMs) / 1_000) s (name lookup, TCP connect and TLS handshake)"

    private static func describe(_ error: any Error, target: String?) -> String {
        let place = target.map { " (\($0))" } ?? ""
        if let io = error as? IOError {
            switch io.errnoCode {
            case ECONNREFUSED: return "connection refused\(place)"
            case ENETUNREACH: return "network unreachable\(place)"
            case EHOSTUNREACH: return "host unreachable\(place)"
            case ETIMEDOUT: return "connection timed out\(place)"
            default: return "\(io)\(place)"
            }
        }
        if let channel = error as? ChannelError, case .connectTimeout = channel { return noConnection + place }
        return "\(error)\(place)"
    }
}
