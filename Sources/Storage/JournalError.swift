/// A journal that cannot be used. Trading never goes on without its journal: the caller stops
/// sending orders on any of these.
public enum JournalError: Error, Equatable, Sendable, CustomStringConvertible {
    case invalidLocation(String, reason: String)
    case cannotOpen(location: String, reason: String)
    case migrationFailed(location: String, reason: String)
    /// The store was written by a newer version of the program.
    case newerSchema(location: String, found: Int, supported: Int)
    case writeFailed(reason: String)
    case readFailed(reason: String)
    /// A client order id about to be journaled as a new intent is already in the journal.
    case duplicateClientOrderId(String)
    case postgresUnavailable(reason: String)

    public var description: String {
        switch self {
        case .invalidLocation(let text, let reason): return "journal location '\(text)': \(reason)"
        case .cannotOpen(let location, let reason): return "cannot open the journal at \(location): \(reason)"
        case .migrationFailed(let location, let reason): return "journal \(location): schema migration failed: \(reason)"
        case .newerSchema(let location, let found, let supported):
            return
                "journal \(location) has schema version \(found), newer than this program's \(supported); upgrade kalshi-trader"
        case .writeFailed(let reason): return "journal write failed: \(reason)"
        case .readFailed(let reason): return "journal read failed: \(reason)"
        case .duplicateClientOrderId(let id): return "journal already holds an order with client_order_id \(id)"
        case .postgresUnavailable(let reason): return "PostgreSQL journal unavailable: \(reason)"
        }
    }
}
