import Foundation
import KalshiCore

/// Where a journal lives: an SQLite file (the default), or a PostgreSQL database given as
/// `postgresql://user[:password]@host[:port]/database[?sslmode=disable|require]`.
public enum JournalLocation: Sendable, Equatable, CustomStringConvertible {
    case sqlite(path: String)
    case postgres(PostgresLocation)

    public struct PostgresLocation: Sendable, Equatable {
        public var host: String
        public var port: Int
        public var username: String
        public var password: String?
        public var database: String
        /// `sslmode=require` demands TLS; the default (`disable`, or `prefer`) connects in clear
        /// text, which is what a loopback server expects.
        public var requireTLS: Bool
    }

    public init(parsing text: String) throws(JournalError) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { throw .invalidLocation(text, reason: "empty") }
        // URL schemes are case-insensitive: `POSTGRESQL://` is the same database.
        let lowered = trimmed.lowercased()
        guard lowered.hasPrefix("postgresql://") || lowered.hasPrefix("postgres://") else {
            if trimmed.contains("://") {
                throw .invalidLocation(
                    JournalLocation.redacted(trimmed), reason: "expected a file path or a postgresql:// URL")
            }
            self = .sqlite(path: trimmed)
            return
        }
        guard let components = URLComponents(string: trimmed), let host = components.host, !host.isEmpty else {
            throw .invalidLocation(JournalLocation.redacted(trimmed), reason: "not a valid postgresql:// URL (host missing)")
        }
        guard let user = components.user, !user.isEmpty else {
            throw .invalidLocation(JournalLocation.redacted(trimmed), reason: "the URL names no user (postgresql://USER@host/db)")
        }
        let database = String(components.path.drop(while: { $0 == "/" }))
        guard !database.isEmpty, !database.contains("/") else {
            throw .invalidLocation(
                JournalLocation.redacted(trimmed), reason: "the URL names no database (postgresql://user@host/DATABASE)")
        }
        var requireTLS = false
        for item in components.queryItems ?? [] where item.name == "sslmode" {
            switch item.value ?? "" {
            case "disable", "prefer", "allow": requireTLS = false
            case "require", "verify-ca", "verify-full": requireTLS = true
            default:
                throw .invalidLocation(JournalLocation.redacted(trimmed), reason: "sslmode '\(item.value ?? "")' is not known")
            }
        }
        self = .postgres(
            PostgresLocation(
                host: host, port: components.port ?? 5432, username: user.removingPercentEncoding ?? user,
                password: components.password.map { $0.removingPercentEncoding ?? $0 }, database: database, requireTLS: requireTLS
            ))
    }

    /// Never shows a password.
    public var description: String {
        switch self {
        case .sqlite(let path): return path
        case .postgres(let location):
            return
                "postgresql://\(location.username)\(location.password == nil ? "" : ":***")@\(location.host):\(location.port)/\(location.database)"
        }
    }

    static func redacted(_ url: String) -> String { SecretRedaction.redactingURLPasswords(in: url) }
}

/// Opens the store for a location (SQLite always; PostgreSQL in builds with the `Postgres` trait).
public enum Journal {
    /// `fsync: false` (SQLite only, the tick-to-order benchmark's second figure) commits without
    /// waiting for the disk: a power loss may lose the last appends. Live trading never sets it.
    public static func open(_ location: JournalLocation, fsync: Bool = true) async throws(JournalError) -> any JournalStore {
        switch location {
        case .sqlite(let path):
            return try SQLiteJournal(path: path, fsync: fsync)
        case .postgres(let postgres):
            #if Postgres
                return try await PostgresJournal.connect(postgres)
            #else
                _ = postgres
                throw .postgresUnavailable(
                    reason: "this build has no PostgreSQL support; build with `swift build --traits Postgres`")
            #endif
        }
    }

    /// True when this build can open PostgreSQL journals.
    public static var supportsPostgres: Bool {
        #if Postgres
            return true
        #else
            return false
        #endif
    }
}
