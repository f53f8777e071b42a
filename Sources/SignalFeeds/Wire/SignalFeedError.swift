/// Why a frame from a signal venue was refused. Every case names the field (as a path such as
/// `result.data[0].u`) and the offending text, so a log line is enough to find the problem.
/// A malformed frame is counted and logged by the session; it never stops the feed.
public enum SignalFeedError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Not JSON at all: the reason and the byte offset where parsing stopped.
    case invalidJSON(reason: String, offset: Int)
    case missingField(String)
    case wrongType(field: String, expected: String, found: String)
    case invalidValue(field: String, value: String, reason: String)
    /// Valid JSON of a shape this client does not know (an unknown channel, method or type).
    case unknownMessage(String)

    public var description: String {
        switch self {
        case .invalidJSON(let reason, let offset): return "not JSON: \(reason) at byte \(offset)"
        case .missingField(let field): return "missing field \(field)"
        case .wrongType(let field, let expected, let found): return "field \(field): expected \(expected), found \(found)"
        case .invalidValue(let field, let value, let reason): return "field \(field): '\(value)' \(reason)"
        case .unknownMessage(let what): return "unknown message: \(what)"
        }
    }
}
