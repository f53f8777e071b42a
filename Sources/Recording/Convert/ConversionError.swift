/// Why an input could not be converted. Row errors name the file, the 1-based line and the
/// field, so a bad file can be fixed by hand.
public enum ConversionError: Error, Equatable, Sendable, CustomStringConvertible {
    case cannotRead(path: String, reason: String)
    case invalidRow(path: String, line: Int, field: String, value: String, reason: String)
    case invalidInput(path: String, reason: String)
    case recording(RecordingError)
    case incompatibleInputs(String)

    public var description: String {
        switch self {
        case .cannotRead(let path, let reason): return "cannot read '\(path)': \(reason)"
        case .invalidRow(let path, let line, let field, let value, let reason):
            return "\(path):\(line): field '\(field)' value '\(value)' \(reason)"
        case .invalidInput(let path, let reason): return "\(path): \(reason)"
        case .recording(let error): return error.description
        case .incompatibleInputs(let reason): return reason
        }
    }
}
