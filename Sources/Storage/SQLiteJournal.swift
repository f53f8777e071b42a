import Foundation
import GRDB
import KalshiCore
import Synchronization

/// The journal in one SQLite file through GRDB: WAL mode, `synchronous = FULL`, every append
/// one transaction committed before the call returns (a `kill -9` right after loses nothing).
/// The live session writes each step ahead (`writeAhead`, one line of the session's
/// `JournalAheadLog`) and commits it after starting the step's requests; `openSession` first
/// replays whatever an earlier process wrote ahead and did not commit.
public actor SQLiteJournal: WriteAheadJournal {
    public nonisolated let location: String
    private let pool: DatabasePool
    private let fsync: Bool
    /// Shared by `append` and `writeAhead` (which runs on its caller's thread, not the actor's).
    private let sequences = Mutex(Sequences())

    private struct Sequences {
        var next: [String: Int64] = [:]
        /// Client order ids of every intent journaled per session, so a repeat is refused
        /// before its records are written ahead (the database's constraint comes after the send).
        var intentIds: [String: ClientOrderIdLedger] = [:]
        var aheadLogs: [String: JournalAheadLog] = [:]
    }

    /// Opens (creating) the file and brings its schema to this version, or only up to
    /// `migrationCount` migrations (tests of the migration path).
    /// `fsync: false` sets `synchronous = OFF` (commits not waited onto the disk), for benchmarks.
    public init(path: String, migrationCount: Int? = nil, fsync: Bool = true) throws(JournalError) {
        self.location = path
        self.fsync = fsync
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
        let wanted = fsync ? Self.synchronousFull : Self.synchronousOff
        let mode: Int?
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            var configuration = Configuration()
            configuration.busyMode = .timeout(10)
            pool = try DatabasePool(path: path, configuration: configuration)
            // On the writer's connection, after the pool's own set-up: DatabasePool puts WAL
            // connections on `synchronous = NORMAL` after `prepareDatabase` runs (commits that
            // do not wait for the disk). Read back, so a setting that did not take is an error.
            mode = try pool.writeWithoutTransaction { db -> Int? in
                try db.execute(sql: "PRAGMA synchronous = \(wanted)")
                return try Int.fetchOne(db, sql: "PRAGMA synchronous")
            }
        } catch {
            throw .cannotOpen(location: path, reason: "\(error)")
        }
        guard mode == wanted else {
            throw .cannotOpen(location: path, reason: "PRAGMA synchronous reads \(mode.map(String.init) ?? "nothing"), not \(wanted)")
        }
        let migrator = SQLiteJournal.migrator(upTo: migrationCount)
        do {
            if try pool.read({ try migrator.hasBeenSuperseded($0) }) {
                let applied = try pool.read { try migrator.appliedIdentifiers($0) }
                throw JournalError.newerSchema(location: path, found: applied.count, supported: JournalSchema.version)
            }
            try migrator.migrate(pool)
        } catch let error as JournalError {
            throw error
        } catch {
            throw .migrationFailed(location: path, reason: "\(error)")
        }
    }

    static func identifier(_ index: Int) -> String { "v\(index + 1)" }

    /// SQLite's codes for `PRAGMA synchronous`.
    static let synchronousOff = 0
    static let synchronousFull = 2

    /// The writer connection's `PRAGMA synchronous` (2 = FULL: every commit waits for the disk).
    public func synchronousMode() async throws(JournalError) -> Int {
        do {
            return try await pool.writeWithoutTransaction { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") ?? -1 }
        } catch {
            throw .readFailed(reason: "\(error)")
        }
    }

    static func migrator(upTo count: Int?) -> DatabaseMigrator {
        var migrator = DatabaseMigrator()
        let all = JournalSchema.migrations(.sqlite)
        for (index, statements) in all.prefix(count ?? all.count).enumerated() {
            migrator.registerMigration(identifier(index)) { db in
                for statement in statements { try db.execute(sql: statement) }
            }
        }
        return migrator
    }

    public func schemaVersion() async throws(JournalError) -> Int {
        do {
            return try await pool.read { db in try SQLiteJournal.migrator(upTo: nil).appliedIdentifiers(db).count }
        } catch {
            throw .readFailed(reason: "\(error)")
        }
    }

    public func openSession(_ name: String, creating parameters: NewSessionParameters, nowMs: Int64, pid: Int32)
        async throws(JournalError)
        -> JournalSession
    {
        do {
            let aheadPath = JournalAheadLog.path(journal: location, session: name)
            // Opened (and locked) before it is read: another process holding the session is
            // refused before anything of its pending lines is touched. Opening the session
            // again in this journal keeps the log it has.
            let aheadLog = try sequences.withLock { $0.aheadLogs[name] } ?? JournalAheadLog(path: aheadPath, sync: fsync)
            let pending = try Self.readAhead(at: aheadPath, session: name)
            let (session, lastSeq, intentIds) = try await pool.write { db -> (JournalSession, Int64, ClientOrderIdLedger) in
                var isNew = false
                if try Row.fetchOne(db, sql: "SELECT name FROM sessions WHERE name = ?", arguments: [name]) == nil {
                    try db.execute(
                        sql:
                            "INSERT INTO sessions (name, client_prefix, created_ms, starting_balance_micros, environment) VALUES (?, ?, ?, ?, ?)",
                        arguments: [
                            name, parameters.clientPrefix, nowMs, parameters.startingBalance.micros, parameters.environment,
                        ])
                    isNew = true
                }
                let row = try Row.fetchOne(
                    db,
                    sql: "SELECT client_prefix, created_ms, starting_balance_micros, environment FROM sessions WHERE name = ?",
                    arguments: [name])!
                try db.execute(
                    sql: "INSERT INTO runs (session, started_ms, pid) VALUES (?, ?, ?)", arguments: [name, nowMs, Int64(pid)])
                let runId = db.lastInsertedRowID
                var lastSeq: Int64 = 0
                for table in JournalTable.allCases {
                    let value = try Int64.fetchOne(
                        db, sql: "SELECT MAX(seq) FROM \(table.rawValue) WHERE session = ?", arguments: [name])
                    lastSeq = max(lastSeq, value ?? 0)
                }
                lastSeq = try Self.replay(pending, after: lastSeq, into: db)
                var intentIds = ClientOrderIdLedger(clientPrefix: row["client_prefix"])
                let ids = try String.fetchCursor(db, sql: "SELECT client_order_id FROM order_intents WHERE session = ?", arguments: [name])
                while let id = try ids.next() { intentIds.insert(id) }
                let session = JournalSession(
                    name: name, clientPrefix: row["client_prefix"],
                    startingBalance: Money(micros: row["starting_balance_micros"]),
                    createdMs: row["created_ms"], environment: row["environment"], runId: runId, isNew: isNew)
                return (session, lastSeq, intentIds)
            }
            // `seq` is read back from the database: a corrupt Int64.max would trap on the next `+ 1`.
            guard lastSeq < Int64.max else {
                throw JournalError.readFailed(
                    reason: "session \(name): column seq value \(lastSeq) leaves no next sequence number")
            }
            // Everything the ahead log held is in the database now.
            try aheadLog.truncate()
            sequences.withLock { sequences in
                sequences.next[name] = lastSeq + 1
                sequences.intentIds[name] = intentIds
                sequences.aheadLogs[name] = aheadLog
            }
            return session
        } catch let error as JournalError {
            throw error
        } catch {
            throw .writeFailed(reason: "opening session \(name): \(error)")
        }
    }

    public func existingSession(_ name: String) async throws(JournalError) -> JournalSession? {
        do {
            return try await pool.read { db -> JournalSession? in
                guard
                    let row = try Row.fetchOne(
                        db,
                        sql:
                            "SELECT client_prefix, created_ms, starting_balance_micros, environment FROM sessions WHERE name = ?",
                        arguments: [name])
                else { return nil }
                let runId = try Int64.fetchOne(db, sql: "SELECT MAX(id) FROM runs WHERE session = ?", arguments: [name]) ?? 0
                return JournalSession(
                    name: name, clientPrefix: row["client_prefix"],
                    startingBalance: Money(micros: row["starting_balance_micros"]),
                    createdMs: row["created_ms"], environment: row["environment"], runId: runId, isNew: false)
            }
        } catch {
            throw .readFailed(reason: "\(error)")
        }
    }

    public func append(_ records: [JournalRecord], timeMs: Int64, session: JournalSession) async throws(JournalError) {
        guard !records.isEmpty else { return }
        let first = try reserve(records, session: session)
        do {
            try Self.write(records, first: first, timeMs: timeMs, session: session, into: pool)
        } catch let error as JournalError {
            throw error
        } catch {
            throw .writeFailed(reason: "\(error)")
        }
    }

    public nonisolated func writeAhead(_ records: [JournalRecord], timeMs: Int64, session: JournalSession)
        throws(JournalError) -> JournalAheadWrite
    {
        // Numbered and written under one lock: lines reach the file in sequence order whoever calls.
        try sequences.withLock { sequences throws(JournalError) -> JournalAheadWrite in
            guard let aheadLog = sequences.aheadLogs[session.name] else {
                throw .writeFailed(reason: "session \(session.name) is not open in this journal")
            }
            let reservation = try Self.reservation(records, session: session, in: sequences)
            let line = JournalAheadLine(
                session: session.name, firstSeq: reservation.first, runId: session.runId, timeMs: timeMs, records: records)
            if !records.isEmpty { try aheadLog.append(line.bytes) }
            // Only once written: a failed write takes no number and no client order id.
            reservation.apply(to: &sequences)
            return JournalAheadWrite(line: line)
        }
    }

    public func commit(_ write: JournalAheadWrite) async throws(JournalError) {
        let line = write.line
        guard !line.records.isEmpty else { return }
        do {
            try Self.write(line, into: pool)
        } catch let error as JournalError {
            throw error
        } catch {
            throw .writeFailed(reason: "\(error)")
        }
        try sequences.withLock { sequences throws(JournalError) in try sequences.aheadLogs[line.session]?.truncateIfLarge() }
    }

    /// The records' sequence numbers (the first returned), after checking that no intent
    /// reuses a client order id.
    private nonisolated func reserve(_ records: [JournalRecord], session: JournalSession) throws(JournalError) -> Int64 {
        try sequences.withLock { sequences throws(JournalError) -> Int64 in
            let reservation = try Self.reservation(records, session: session, in: sequences)
            reservation.apply(to: &sequences)
            return reservation.first
        }
    }

    /// Sequence numbers and client order ids for `records`, checked, not yet taken.
    private struct Reservation {
        let session: String
        let clientPrefix: String
        let first: Int64
        let next: Int64
        /// The step's new intent ids, in order (distinct).
        let intentIds: [String]

        func apply(to sequences: inout Sequences) {
            // Added in place (the default subscript modifies the stored value): no copy per order.
            for id in intentIds {
                sequences.intentIds[session, default: ClientOrderIdLedger(clientPrefix: clientPrefix)].insert(id)
            }
            sequences.next[session] = next
        }
    }

    /// How many of a step's intent ids are checked against each other by a scan.
    static let scannedIntents = 8

    private static func reservation(_ records: [JournalRecord], session: JournalSession, in sequences: Sequences)
        throws(JournalError) -> Reservation
    {
        let first = sequences.next[session.name] ?? 1
        let (next, overflowed) = first.addingReportingOverflow(Int64(records.count))
        guard !overflowed else { throw .writeFailed(reason: "session \(session.name): no sequence numbers left after \(first)") }
        // A step usually journals one intent (an order): its ids are kept in an array, checked
        // against each other by a scan while few, by a set only when there are many (a
        // reconciliation adopting an account's resting orders), so the common step builds no set.
        let journaled = sequences.intentIds[session.name]
        var added: [String] = []
        var addedSet: Set<String>?
        for case .intent(let intent) in records {
            let id = intent.clientOrderId
            if journaled?.contains(id) == true { throw .duplicateClientOrderId(id) }
            let repeated: Bool
            if added.count < Self.scannedIntents {
                repeated = added.contains(id)
            } else {
                var set = addedSet ?? Set(added)
                addedSet = nil  // the only reference while it grows: no copy per insert
                repeated = !set.insert(id).inserted
                addedSet = set
            }
            if repeated { throw .duplicateClientOrderId(id) }
            added.append(id)
        }
        return Reservation(session: session.name, clientPrefix: session.clientPrefix, first: first, next: next, intentIds: added)
    }

    /// The ahead log's lines for `session`, checked: they belong to it and their sequence
    /// numbers rise.
    private static func readAhead(at path: String, session: String) throws(JournalError) -> [JournalAheadLine] {
        var result: [JournalAheadLine] = []
        for (index, bytes) in try JournalAheadLog.lines(at: path).enumerated() {
            let line = try JournalAheadLine.decode(bytes, line: index + 1, path: path)
            guard line.session == session else {
                throw .readFailed(reason: "\(path) line \(index + 1): session '\(line.session)', not '\(session)'")
            }
            if let previous = result.last, line.firstSeq <= previous.lastSeq {
                throw .readFailed(reason: "\(path) line \(index + 1): seq \(line.firstSeq) after \(previous.lastSeq)")
            }
            result.append(line)
        }
        return result
    }

    /// Inserts the lines written ahead that the database does not hold (their first sequence
    /// number after `lastSeq`); returns the new last sequence number. A line at or below
    /// `lastSeq` must be in the database (checked by its first record); one that is not, or one
    /// only partly past `lastSeq`, cannot come from a journal used as the runner uses it and
    /// stops the session from opening.
    private static func replay(_ lines: [JournalAheadLine], after lastSeq: Int64, into db: Database) throws -> Int64 {
        var last = lastSeq
        for line in lines {
            if line.lastSeq <= lastSeq {
                // Committed, as the runner commits each line before any later journal call: its
                // first record is in the database (a line is one transaction). If not, records
                // were journaled past it while it was pending, and that is not guessed at.
                guard let first = line.records.first, try isStored(first, seq: line.firstSeq, session: line.session, in: db) else {
                    throw JournalError.readFailed(
                        reason:
                            "ahead log of session \(line.session): seq \(line.firstSeq)–\(line.lastSeq) is not in the journal, "
                            + "whose last is \(lastSeq)")
                }
                continue
            }
            guard line.firstSeq > last else {
                throw JournalError.readFailed(
                    reason: "ahead log of session \(line.session): seq \(line.firstSeq)–\(line.lastSeq) overlaps the journal's last \(last)")
            }
            try insert(line.records, first: line.firstSeq, timeMs: line.timeMs, session: line.session, runId: line.runId, into: db)
            last = line.lastSeq
        }
        return last
    }

    /// Whether the database holds `record` at `seq` (its table, its session).
    private static func isStored(_ record: JournalRecord, seq: Int64, session: String, in db: Database) throws -> Bool {
        let table = JournalRowCodec.table(of: record)
        return try Row.fetchOne(db, sql: "SELECT 1 FROM \(table.rawValue) WHERE session = ? AND seq = ?", arguments: [session, seq]) != nil
    }

    /// One transaction, run by GRDB's blocking `write` on the calling thread (this actor's): the
    /// session waits for the append before it sends anything anyway, and the async `write` hands
    /// the transaction to the writer queue's thread and back: `journal.append` measured a median
    /// of 148 µs that way against 31 µs here without fsync, 244 against 193 µs with it (release,
    /// this 2-core machine, consecutive runs). The thread is held for one commit, fsync included.
    private static func write(
        _ records: [JournalRecord], first: Int64, timeMs: Int64, session: JournalSession, into pool: DatabasePool
    ) throws {
        try pool.write { db in
            try insert(records, first: first, timeMs: timeMs, session: session.name, runId: session.runId, into: db)
        }
    }

    /// A line written ahead, committed the same way (blocking, on the actor's thread).
    private static func write(_ line: JournalAheadLine, into pool: DatabasePool) throws {
        try pool.write { db in
            try insert(line.records, first: line.firstSeq, timeMs: line.timeMs, session: line.session, runId: line.runId, into: db)
        }
    }

    /// The records' rows, in the caller's transaction.
    private static func insert(
        _ records: [JournalRecord], first: Int64, timeMs: Int64, session: String, runId: Int64, into db: Database
    ) throws {
        for (offset, record) in records.enumerated() {
            let (table, values) = JournalRowCodec.encode(record)
            let columns = JournalTable.commonColumns + table.columns
            let verb = table.ignoresDuplicates ? "INSERT OR IGNORE" : "INSERT"
            let sql =
                "\(verb) INTO \(table.rawValue) (\(columns.joined(separator: ", "))) VALUES (\(Array(repeating: "?", count: columns.count).joined(separator: ", ")))"
            var arguments: [(any DatabaseValueConvertible)?] = [
                session, first + Int64(offset), runId, timeMs,
            ]
            for value in values {
                switch value {
                case .int(let number): arguments.append(number)
                case .text(let text): arguments.append(text)
                case .null: arguments.append(nil)
                }
            }
            do {
                // Prepared once per statement text (one per table) and reused.
                try db.cachedStatement(sql: sql).execute(arguments: StatementArguments(arguments))
            } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT && table == .orderIntents {
                if case .intent(let intent) = record { throw JournalError.duplicateClientOrderId(intent.clientOrderId) }
                throw error
            }
        }
    }

    public func entries(of session: JournalSession) async throws(JournalError) -> [JournalEntry] {
        let rows: [(JournalTable, Int64, Int64, Int64, [ColumnValue])]
        do {
            rows = try await pool.read { db in
                var result: [(JournalTable, Int64, Int64, Int64, [ColumnValue])] = []
                for table in JournalTable.allCases {
                    let sql =
                        "SELECT seq, run_id, time_ms, \(table.columns.joined(separator: ", ")) FROM \(table.rawValue) WHERE session = ?"
                    for row in try Row.fetchAll(db, sql: sql, arguments: [session.name]) {
                        var values: [ColumnValue] = []
                        for index in 3..<row.count {
                            switch row[index] as DatabaseValue {
                            case let value where value.isNull: values.append(.null)
                            case let value:
                                if let number = Int64.fromDatabaseValue(value) {
                                    values.append(.int(number))
                                } else if let text = String.fromDatabaseValue(value) {
                                    values.append(.text(text))
                                } else {
                                    values.append(.null)
                                }
                            }
                        }
                        result.append((table, row[0], row[1], row[2], values))
                    }
                }
                return result
            }
        } catch {
            throw .readFailed(reason: "\(error)")
        }
        var entries: [JournalEntry] = []
        for (table, seq, runId, timeMs, values) in rows {
            entries.append(
                JournalEntry(seq: seq, timeMs: timeMs, runId: runId, record: try JournalRowCodec.decode(table, values)))
        }
        return entries.sorted { $0.seq < $1.seq }
    }

    public func endRun(_ session: JournalSession, nowMs: Int64, reason: String) async throws(JournalError) {
        do {
            try await pool.write { db in
                try db.execute(
                    sql: "UPDATE runs SET ended_ms = ?, exit_reason = ? WHERE id = ?", arguments: [nowMs, reason, session.runId])
            }
        } catch {
            throw .writeFailed(reason: "\(error)")
        }
    }

    public func close() async {
        sequences.withLock { $0.aheadLogs.removeAll() }
        try? pool.close()
    }
}
