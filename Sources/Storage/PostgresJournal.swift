#if Postgres
    import Foundation
    import KalshiCore
    import Logging
    import PostgresNIO

    /// The journal in PostgreSQL through postgres-nio, so several hosts can share one store (each
    /// its own session). Same tables, same codec and same guarantees as `SQLiteJournal`: every
    /// append is one transaction committed before the call returns. Migrations run under an
    /// advisory lock, so hosts starting together do not race.
    public actor PostgresJournal: JournalStore {
        public nonisolated let location: String
        private let client: PostgresClient
        private let runner: Task<Void, Never>
        private let logger: Logger
        private var nextSeq: [String: Int64] = [:]
        /// Arbitrary key of the advisory lock that serializes migrations.
        static let migrationLock: Int64 = 0x4B_5452_4144_4552

        /// Problems surface as `JournalError`s; the driver's own chatter stays out of the console.
        public static var quietLogger: Logger {
            var logger = Logger(label: "journal.postgres")
            logger.logLevel = .critical
            return logger
        }

        private init(location: String, client: PostgresClient, runner: Task<Void, Never>, logger: Logger) {
            self.location = location
            self.client = client
            self.runner = runner
            self.logger = logger
        }

        public static func connect(_ target: JournalLocation.PostgresLocation, logger: Logger = PostgresJournal.quietLogger)
            async throws(JournalError) -> PostgresJournal
        {
            var configuration = PostgresClient.Configuration(
                host: target.host, port: target.port, username: target.username, password: target.password,
                database: target.database,
                tls: target.requireTLS ? .require(.makeClientConfiguration()) : .disable)
            configuration.options.connectTimeout = .seconds(5)
            let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
            let runner = Task { await client.run() }
            let journal = PostgresJournal(
                location: JournalLocation.postgres(target).description, client: client, runner: runner, logger: logger)
            do {
                try await journal.migrate()
            } catch {
                runner.cancel()
                throw error
            }
            return journal
        }

        private func migrate() async throws(JournalError) {
            let migrations = JournalSchema.migrations(.postgres)
            do {
                try await client.withTransaction(logger: logger) { connection in
                    try await connection.query("SELECT pg_advisory_xact_lock(\(PostgresJournal.migrationLock))", logger: logger)
                    try await connection.query(
                        "CREATE TABLE IF NOT EXISTS journal_migrations (version BIGINT PRIMARY KEY, applied_ms BIGINT NOT NULL)",
                        logger: logger)
                    var applied = 0
                    for try await (version, ) in try await connection.query(
                        "SELECT MAX(version) FROM journal_migrations", logger: logger
                    )
                    .decode((Int64?).self) {
                        applied = Int(version ?? 0)
                    }
                    if applied > migrations.count {
                        throw JournalError.newerSchema(location: location, found: applied, supported: migrations.count)
                    }
                    for (index, statements) in migrations.enumerated() where index >= applied {
                        for statement in statements {
                            try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                        }
                        let version = Int64(index + 1)
                        let now = Int64(Date().timeIntervalSince1970 * 1_000)
                        try await connection.query(
                            "INSERT INTO journal_migrations (version, applied_ms) VALUES (\(version), \(now))", logger: logger)
                    }
                }
            } catch let error as JournalError {
                throw error
            } catch {
                throw .migrationFailed(location: location, reason: String(reflecting: error))
            }
        }

        public func schemaVersion() async throws(JournalError) -> Int {
            do {
                var version = 0
                for try await (value, ) in try await client.query("SELECT MAX(version) FROM journal_migrations", logger: logger)
                    .decode((Int64?).self)
                {
                    version = Int(value ?? 0)
                }
                return version
            } catch {
                throw .readFailed(reason: String(reflecting: error))
            }
        }

        public func openSession(_ name: String, creating parameters: NewSessionParameters, nowMs: Int64, pid: Int32)
            async throws(JournalError) -> JournalSession
        {
            let logger = self.logger
            do {
                let (session, lastSeq) = try await client.withTransaction(logger: logger) {
                    connection -> (JournalSession, Int64) in
                    let inserted = try await connection.query(
                        """
                        INSERT INTO sessions (name, client_prefix, created_ms, starting_balance_micros, environment)
                        VALUES (\(name), \(parameters.clientPrefix), \(nowMs), \(parameters.startingBalance.micros), \(parameters.environment))
                        ON CONFLICT (name) DO NOTHING RETURNING name
                        """, logger: logger)
                    var isNew = false
                    for try await _ in inserted { isNew = true }
                    var prefix = "", createdMs: Int64 = 0, balance: Int64 = 0, environment = ""
                    for try await (p, c, b, e) in try await connection.query(
                        "SELECT client_prefix, created_ms, starting_balance_micros, environment FROM sessions WHERE name = \(name)",
                        logger: logger
                    ).decode((String, Int64, Int64, String).self) {
                        (prefix, createdMs, balance, environment) = (p, c, b, e)
                    }
                    var runId: Int64 = 0
                    for try await (id, ) in try await connection.query(
                        "INSERT INTO runs (session, started_ms, pid) VALUES (\(name), \(nowMs), \(Int64(pid))) RETURNING id",
                        logger: logger
                    ).decode(Int64.self) {
                        runId = id
                    }
                    var lastSeq: Int64 = 0
                    for table in JournalTable.allCases {
                        var binds = PostgresBindings()
                        binds.append(name)
                        let query = PostgresQuery(
                            unsafeSQL: "SELECT MAX(seq) FROM \(table.rawValue) WHERE session = $1", binds: binds)
                        for try await (value, ) in try await connection.query(query, logger: logger).decode((Int64?).self) {
                            lastSeq = max(lastSeq, value ?? 0)
                        }
                    }
                    let session = JournalSession(
                        name: name, clientPrefix: prefix, startingBalance: Money(micros: balance), createdMs: createdMs,
                        environment: environment, runId: runId, isNew: isNew)
                    return (session, lastSeq)
                }
                // `seq` is read back from the database: a corrupt Int64.max would trap on the next `+ 1`.
                guard lastSeq < Int64.max else {
                    throw JournalError.readFailed(
                        reason: "session \(name): column seq value \(lastSeq) leaves no next sequence number")
                }
                nextSeq[name] = lastSeq + 1
                return session
            } catch let error as JournalError {
                throw error
            } catch {
                throw .writeFailed(reason: "opening session \(name): \(String(reflecting: error))")
            }
        }

        public func existingSession(_ name: String) async throws(JournalError) -> JournalSession? {
            do {
                var found: JournalSession?
                for try await (prefix, createdMs, balance, environment) in try await client.query(
                    "SELECT client_prefix, created_ms, starting_balance_micros, environment FROM sessions WHERE name = \(name)",
                    logger: logger
                ).decode((String, Int64, Int64, String).self) {
                    found = JournalSession(
                        name: name, clientPrefix: prefix, startingBalance: Money(micros: balance), createdMs: createdMs,
                        environment: environment, runId: 0, isNew: false)
                }
                guard var session = found else { return nil }
                for try await (runId, ) in try await client.query(
                    "SELECT MAX(id) FROM runs WHERE session = \(name)", logger: logger
                )
                .decode((Int64?).self) {
                    session.runId = runId ?? 0
                }
                return session
            } catch {
                throw .readFailed(reason: String(reflecting: error))
            }
        }

        public func append(_ records: [JournalRecord], timeMs: Int64, session: JournalSession) async throws(JournalError) {
            guard !records.isEmpty else { return }
            let first = nextSeq[session.name] ?? 1
            let (next, overflowed) = first.addingReportingOverflow(Int64(records.count))
            guard !overflowed else {
                throw .writeFailed(reason: "session \(session.name): no sequence numbers left after \(first)")
            }
            nextSeq[session.name] = next
            let logger = self.logger
            do {
                try await client.withTransaction(logger: logger) { connection in
                    for (offset, record) in records.enumerated() {
                        let (table, values) = JournalRowCodec.encode(record)
                        let columns = JournalTable.commonColumns + table.columns
                        let placeholders = (1...columns.count).map { "$\($0)" }.joined(separator: ", ")
                        var sql = "INSERT INTO \(table.rawValue) (\(columns.joined(separator: ", "))) VALUES (\(placeholders))"
                        if table.ignoresDuplicates { sql += " ON CONFLICT DO NOTHING" }
                        var binds = PostgresBindings(capacity: columns.count)
                        binds.append(session.name)
                        binds.append(first + Int64(offset))
                        binds.append(session.runId)
                        binds.append(timeMs)
                        for value in values {
                            switch value {
                            case .int(let number): binds.append(number)
                            case .text(let text): binds.append(text)
                            case .null: binds.appendNull()
                            }
                        }
                        do {
                            try await connection.query(PostgresQuery(unsafeSQL: sql, binds: binds), logger: logger)
                        } catch let error as PSQLError where error.serverInfo?[.sqlState] == "23505" && table == .orderIntents {
                            if case .intent(let intent) = record {
                                throw JournalError.duplicateClientOrderId(intent.clientOrderId)
                            }
                            throw error
                        }
                    }
                }
            } catch let error as JournalError {
                throw error
            } catch let error as PostgresTransactionError {
                if let journal = error.closureError as? JournalError { throw journal }
                throw .writeFailed(reason: String(reflecting: error))
            } catch {
                throw .writeFailed(reason: String(reflecting: error))
            }
        }

        public func entries(of session: JournalSession) async throws(JournalError) -> [JournalEntry] {
            var entries: [JournalEntry] = []
            do {
                for table in JournalTable.allCases {
                    var binds = PostgresBindings()
                    binds.append(session.name)
                    let sql =
                        "SELECT seq, run_id, time_ms, \(table.columns.joined(separator: ", ")) FROM \(table.rawValue) WHERE session = $1"
                    for try await row in try await client.query(PostgresQuery(unsafeSQL: sql, binds: binds), logger: logger) {
                        let cells = Array(row)
                        let seq = try cells[0].decode(Int64.self)
                        let runId = try cells[1].decode(Int64.self)
                        let timeMs = try cells[2].decode(Int64.self)
                        var values: [ColumnValue] = []
                        for cell in cells.dropFirst(3) {
                            if cell.bytes == nil {
                                values.append(.null)
                            } else if cell.dataType == .int8 || cell.dataType == .int4 || cell.dataType == .int2 {
                                values.append(.int(try cell.decode(Int64.self)))
                            } else {
                                values.append(.text(try cell.decode(String.self)))
                            }
                        }
                        entries.append(
                            JournalEntry(
                                seq: seq, timeMs: timeMs, runId: runId, record: try JournalRowCodec.decode(table, values)))
                    }
                }
            } catch let error as JournalError {
                throw error
            } catch {
                throw .readFailed(reason: String(reflecting: error))
            }
            return entries.sorted { $0.seq < $1.seq }
        }

        public func endRun(_ session: JournalSession, nowMs: Int64, reason: String) async throws(JournalError) {
            do {
                try await client.query(
                    "UPDATE runs SET ended_ms = \(nowMs), exit_reason = \(reason) WHERE id = \(session.runId)", logger: logger)
            } catch {
                throw .writeFailed(reason: String(reflecting: error))
            }
        }

        public func close() async {
            runner.cancel()
            _ = await runner.value
        }
    }
#endif
