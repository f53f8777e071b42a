/// Where a WebSocket URL points: whether to use TLS, the host and port to connect to, the
/// request target (path and query) and the `Host` header. Parsed without Foundation's `URL`,
/// which accepts more than a request line may carry.
public struct WebSocketEndpoint: Equatable, Sendable {
    public var tls: Bool
    public var host: String
    public var port: Int
    /// The path and query, "/" when the URL has none.
    public var target: String
    /// `host` or `host:port` when the port is not the scheme's default; IPv6 in brackets.
    public var hostHeader: String

    public init(_ url: String) throws(TextWebSocketError) {
        let rest: Substring
        if url.hasPrefix("wss://") {
            tls = true
            rest = url.dropFirst(6)
        } else if url.hasPrefix("ws://") {
            tls = false
            rest = url.dropFirst(5)
        } else {
            throw .invalidURL(url)
        }
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        var target = String(rest[authorityEnd...])
        if let fragment = target.firstIndex(of: "#") { target = String(target[..<fragment]) }
        if target.isEmpty || target.first == "?" { target = "/" + target }
        guard !authority.isEmpty, !authority.contains("@"),
            target.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F })
        else { throw .invalidURL(url) }
        let defaultPort = tls ? 443 : 80
        var host: Substring
        var port = defaultPort
        if authority.first == "[" {
            guard let close = authority.firstIndex(of: "]") else { throw .invalidURL(url) }
            host = authority[authority.index(after: authority.startIndex)..<close]
            let after = authority[authority.index(after: close)...]
            if !after.isEmpty {
                guard after.first == ":", let parsed = Self.port(after.dropFirst()) else { throw .invalidURL(url) }
                port = parsed
            }
        } else if let colon = authority.lastIndex(of: ":") {
            host = authority[..<colon]
            guard let parsed = Self.port(authority[authority.index(after: colon)...]) else { throw .invalidURL(url) }
            port = parsed
        } else {
            host = authority
        }
        guard !host.isEmpty, host.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "/") }) else {
            throw .invalidURL(url)
        }
        self.host = String(host)
        self.port = port
        self.target = target
        let bracketed = host.contains(":") ? "[\(host)]" : String(host)
        hostHeader = port == defaultPort ? bracketed : "\(bracketed):\(port)"
    }

    /// 1…65535 from at most five digits, nil otherwise.
    private static func port(_ text: Substring) -> Int? {
        guard (1...5).contains(text.utf8.count), text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let port = Int(text),
            (1...65_535).contains(port)
        else { return nil }
        return port
    }

    /// Whether `host` is an IP address (no server name to send in TLS's SNI).
    public var hostIsIPAddress: Bool {
        host.contains(":") || host.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || $0 == UInt8(ascii: ".") }
    }
}
