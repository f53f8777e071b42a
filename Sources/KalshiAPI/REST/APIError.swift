import Foundation

/// Kalshi's error object: `{"code","message","details"}`.
public struct APIErrorBody: Codable, Sendable, Equatable {
    public var code: String
    public var message: String
    public var details: String?

    public init(code: String, message: String, details: String? = nil) {
        self.code = code
        self.message = message
        self.details = details
    }
}

/// A failed REST call, typed by what the caller can do about it.
public enum KalshiAPIError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The exchange answered with an error status and (usually) a coded body.
    case exchange(status: Int, body: APIErrorBody)
    /// 429: the request was not processed; back off and try again.
    case rateLimited
    /// The answer could not be understood; the request's effect is unknown for writes.
    case malformedResponse(status: Int, reason: String)
    /// No answer (connection failure or timeout); the request's effect is unknown for writes.
    case transport(String)
    /// No connection could be made to `host` (the name does not resolve, the connection is
    /// refused or times out, the TLS handshake fails). Repeating at once would fail the same way,
    /// so it is not retried; the request was never written, but writes still reconcile (the
    /// cause is read from the transport's error type, which callers should not bet money on).
    case unreachable(host: String, reason: String)

    public var description: String {
        switch self {
        case .exchange(let status, let body):
            let details = body.details.map { " (\($0))" } ?? ""
            return "HTTP \(status) \(body.code): \(body.message)\(details)"
        case .rateLimited: return "HTTP 429: too many requests"
        case .malformedResponse(let status, let reason): return "HTTP \(status): unreadable response: \(reason)"
        case .transport(let reason): return "no response: \(reason)"
        case .unreachable(let host, let reason): return "cannot reach \(host): \(reason)"
        }
    }

    public var code: String? {
        if case .exchange(_, let body) = self { return body.code }
        return nil
    }

    /// Parses an error answer in any of the shapes seen on the wire: `{"error":{…}}`, a flat
    /// `{"code","message"}`, or the 429 body `{"error":"too many requests"}`.
    public static func from(status: Int, body: Data) -> KalshiAPIError {
        if status == 429 { return .rateLimited }
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        struct Wrapped: Decodable { var error: APIErrorBody }
        struct WrappedText: Decodable { var error: String }
        if let wrapped = try? decoder.decode(Wrapped.self, from: body) { return .exchange(status: status, body: wrapped.error) }
        if let flat = try? decoder.decode(APIErrorBody.self, from: body) { return .exchange(status: status, body: flat) }
        if let text = try? decoder.decode(WrappedText.self, from: body) {
            return .exchange(status: status, body: APIErrorBody(code: "http_\(status)", message: text.error))
        }
        let snippet = String(decoding: body.prefix(200), as: UTF8.self)
        return .exchange(status: status, body: APIErrorBody(code: "http_\(status)", message: snippet.isEmpty ? "no body" : snippet))
    }

    /// Encodes an error the way Kalshi sends it (wrapped in `"error"`), for the fake exchange.
    public static func encodeWrapped(_ body: APIErrorBody) -> Data {
        struct Wrapped: Encodable { var error: APIErrorBody }
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys]
        return (try? encoder.encode(Wrapped(error: body))) ?? Data()
    }
}
