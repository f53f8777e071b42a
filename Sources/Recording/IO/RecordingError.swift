/// What can go wrong with a recording file. Errors about the content name the byte offset where
/// the valid part ends: everything before `offset` is a valid recording (truncating the file
/// there repairs it), and a reader has already delivered the records it holds.
public enum RecordingError: Error, Equatable, Sendable, CustomStringConvertible {
    case cannotOpen(path: String, reason: String)
    case cannotWrite(path: String, reason: String)
    case notARecording(path: String, reason: String)
    case invalidHeader(field: String, reason: String)
    case unsupportedVersion(Int)
    /// The file ends inside a block (or the header): a crash during a write, or a cut copy.
    case truncated(offset: Int64, detail: String, validRecords: Int)
    /// Bytes that cannot be what the writer wrote: a bad block tag, a checksum mismatch, a
    /// record that does not decode.
    case corrupt(offset: Int64, detail: String, validRecords: Int)

    /// Where the valid prefix ends, for content errors.
    public var offset: Int64? {
        switch self {
        case .truncated(let offset, _, _), .corrupt(let offset, _, _): offset
        default: nil
        }
    }

    public var description: String {
        switch self {
        case .cannotOpen(let path, let reason): return "cannot open '\(path)': \(reason)"
        case .cannotWrite(let path, let reason): return "cannot write '\(path)': \(reason)"
        case .notARecording(let path, let reason):
            return
                "'\(path)' is not a recording: \(reason) (captures and CSV files become recordings with `kalshi-trader convert`)"
        case .invalidHeader(let field, let reason): return "recording header: field '\(field)' \(reason)"
        case .unsupportedVersion(let version): return "recording format version \(version) is not supported (this build reads 1)"
        case .truncated(let offset, let detail, let records):
            return
                "truncated recording at byte offset \(offset): \(detail); the first \(offset) bytes (\(records) records) are valid"
        case .corrupt(let offset, let detail, let records):
            return
                "corrupt recording at byte offset \(offset): \(detail); the first \(offset) bytes (\(records) records) are valid"
        }
    }
}
