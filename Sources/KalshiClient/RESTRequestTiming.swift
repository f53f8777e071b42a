import KalshiCore

/// One HTTP exchange with the exchange, for metrics: how long it took and what came back.
public struct RESTRequestTiming: Sendable, Equatable {
    public var method: String
    public var path: String
    public var elapsed: Duration
    /// nil when no answer came (timeout, connection failure).
    public var status: Int?
    /// Sent over the order connection (`OrderConnection`), not the shared HTTP client.
    public var overOrderConnection: Bool

    public init(method: String, path: String, elapsed: Duration, status: Int?, overOrderConnection: Bool = false) {
        self.method = method
        self.path = path
        self.elapsed = elapsed
        self.status = status
        self.overOrderConnection = overOrderConnection
    }

    /// `GET /markets/{id}`: the method and the path with identifiers (tickers, order ids)
    /// replaced, so a metric label has a bounded set of values.
    public var operation: String {
        let segments = path.split(separator: "?", maxSplits: 1).first.map { $0.split(separator: "/") } ?? []
        let shape = segments.map { segment -> String in
            // Lower-case words (`portfolio`, `trade-api`, `order_groups`) and versions (`v2`) are
            // the API's; tickers (upper case) and ids (digits) are values.
            let isWord = segment.utf8.allSatisfy { ($0 >= 97 && $0 <= 122) || $0 == 95 || $0 == 45 }
            let isVersion = segment.utf8.count <= 4 && segment.first == "v" && segment.dropFirst().allSatisfy(\.isNumber)
                && segment.count > 1
            return (isWord || isVersion) && segment.utf8.count <= 32 ? String(segment) : "{id}"
        }
        return method + " /" + shape.joined(separator: "/")
    }

    public var nanoseconds: Int64 { elapsed.saturatingNanoseconds }
}
