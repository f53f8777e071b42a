/// Why a WebSocket text frame could not be understood. Each case names the field and the value.
public enum FrameDecodingError: Error, Equatable, Sendable, CustomStringConvertible {
    case notJSON(String)
    case notAnObject
    case missingField(String)
    case wrongType(field: String, expected: String)
    case invalidValue(field: String, value: String, reason: String)

    public var description: String {
        switch self {
        case .notJSON(let detail): return "not valid JSON (\(detail))"
        case .notAnObject: return "frame is not a JSON object"
        case .missingField(let field): return "missing field '\(field)'"
        case .wrongType(let field, let expected): return "field '\(field)' is not \(expected)"
        case .invalidValue(let field, let value, let reason): return "field '\(field)' has invalid value '\(value)': \(reason)"
        }
    }
}
