import KalshiCore

/// Where the exchange is: production, Kalshi's demo, or a custom base URL (the fake exchange).
public struct KalshiEnvironment: Sendable, Equatable, CustomStringConvertible {
    /// REST base including `/trade-api/v2`, without a trailing slash.
    public let restBaseURL: String
    /// WebSocket URL including `/trade-api/ws/v2`.
    public let webSocketURL: String

    public static let restPath = "/trade-api/v2"
    public static let webSocketPath = "/trade-api/ws/v2"

    public static let production = KalshiEnvironment(
        restBaseURL: "https://external-api.kalshi.com/trade-api/v2",
        webSocketURL: "wss://external-api-ws.kalshi.com/trade-api/ws/v2")
    public static let demo = KalshiEnvironment(
        restBaseURL: "https://external-api.demo.kalshi.co/trade-api/v2",
        webSocketURL: "wss://external-api-ws.demo.kalshi.co/trade-api/ws/v2")

    public init(restBaseURL: String, webSocketURL: String) {
        self.restBaseURL = restBaseURL
        self.webSocketURL = webSocketURL
    }

    /// A custom server given by its root (`http://127.0.0.1:8080`) or its REST base
    /// (`…/trade-api/v2`); one port serves both REST and the WebSocket.
    public init(customURL: String) throws(KalshiEnvironmentError) {
        var root = customURL
        while root.hasSuffix("/") { root.removeLast() }
        if root.hasSuffix(KalshiEnvironment.restPath) { root.removeLast(KalshiEnvironment.restPath.count) }
        let scheme: String
        if root.hasPrefix("http://") {
            scheme = "ws://"
        } else if root.hasPrefix("https://") {
            scheme = "wss://"
        } else {
            throw .invalidURL(customURL, reason: "expected http:// or https://")
        }
        let hostPart = root.drop(while: { $0 != "/" }).dropFirst(2)
        guard !hostPart.isEmpty, !hostPart.contains(" ") else { throw .invalidURL(customURL, reason: "missing host") }
        self.restBaseURL = root + KalshiEnvironment.restPath
        self.webSocketURL = scheme + hostPart + KalshiEnvironment.webSocketPath
    }

    /// `prod`, `demo`, or a URL.
    public init(named name: String) throws(KalshiEnvironmentError) {
        switch name.lowercased() {
        case "prod", "production": self = .production
        case "demo": self = .demo
        default: try self.init(customURL: name)
        }
    }

    /// The path part of the REST base (`/trade-api/v2`), which is what gets signed.
    public var restPathPrefix: String {
        guard let schemeEnd = restBaseURL.range(of: "://") else { return KalshiEnvironment.restPath }
        let afterScheme = restBaseURL[schemeEnd.upperBound...]
        guard let slash = afterScheme.firstIndex(of: "/") else { return "" }
        return String(afterScheme[slash...])
    }

    /// The REST server's `host[:port]`, without scheme, credentials or path: what an error names.
    public var restHost: String {
        var rest = Substring(restBaseURL)
        if let schemeEnd = rest.range(of: "://") { rest = rest[schemeEnd.upperBound...] }
        if let slash = rest.firstIndex(of: "/") { rest = rest[..<slash] }
        if let at = rest.lastIndex(of: "@") { rest = rest[rest.index(after: at)...] }
        return String(rest)
    }

    public var webSocketPathForSigning: String {
        guard let schemeEnd = webSocketURL.range(of: "://") else { return KalshiEnvironment.webSocketPath }
        let afterScheme = webSocketURL[schemeEnd.upperBound...]
        guard let slash = afterScheme.firstIndex(of: "/") else { return "/" }
        return String(afterScheme[slash...])
    }

    public var description: String { SecretRedaction.redactingURLPasswords(in: restBaseURL) }
}

public enum KalshiEnvironmentError: Error, Equatable, Sendable, CustomStringConvertible {
    case invalidURL(String, reason: String)

    public var description: String {
        switch self {
        case .invalidURL(let url, let reason):
            return "invalid exchange URL '\(SecretRedaction.redactingURLPasswords(in: url))': \(reason)"
        }
    }
}
