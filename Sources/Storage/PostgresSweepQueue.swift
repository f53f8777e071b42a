#if Postgres
    import Foundation
    import Logging
    import PostgresNIO

    /// The job queue of distributed sweeps in PostgreSQL. Jobs and their results are opaque text
    /// (the sweep's JSON); this type only moves them. A job is claimed with
    /// `FOR UPDATE SKIP LOCKED` and held by a lease its worker renews while it runs; a job whose
    /// lease ran out (a killed worker) is claimable again. A result is written once per job.
    public actor PostgresSweepQueue {
        public struct Claimed: Sendable {
            public var sweep: String
            public var job: Int64
            public var payload: String
        }

        public struct Status: Sendable {
            public var total = 0
            public var results: [(job: Int64, result: String)] = []
            public var failures: [(job: Int64, error: String)] = []
        }

        public struct QueueError: Error, CustomStringConvertible, Sendable {
            public let description: String
        }

        private let client: PostgresClient
        private let runner: Task<Void, Never>
        private let logger: Logger
        static let migrationLock: Int64 = 0x4B_5357_4545_5051

        private init(client: PostgresClient, runner: Task<Void, Never>, logger: Logger) {
            self.client = client
            self.runner = runner
            self.logger = logger
        }

        /// Connects to `postgresql://…` and creates the tables when missing.
        public static func connect(_ url: String) async throws(QueueError) -> PostgresSweepQueue {
            let location: JournalLocation
            do { location = try JournalLocation(parsing: url) } catch { throw QueueError(description: error.description) }
            guard case .postgres(let target) = location else {
                throw QueueError(description: "'\(url)' is not a postgresql:// URL")
            }
            var configuration = PostgresClient.Configuration(
                host: target.host, port: target.port, username: target.username, password: target.password,
                database: target.database,
                tls: target.requireTLS ? .require(.makeClientConfiguration()) : .disable)
            configuration.options.connectTimeout = .seconds(5)
            let logger = PostgresJournal.quietLogger
            let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
            let runner = Task { await client.run() }
            let queue = PostgresSweepQueue(client: client, runner: runner, logger: logger)
            do {
                try await client.withTransaction(logger: logger) { connection in
                    try await connection.query("SELECT pg_advisory_xact_lock(\(PostgresSweepQueue.migrationLock))", logger: logger)
                    try await connection.query(
                        """
                        CREATE TABLE IF NOT EXISTS sweep_jobs (
                            sweep TEXT NOT NULL, job BIGINT NOT NULL, payload TEXT NOT NULL,
                            state TEXT NOT NULL DEFAULT 'pending', worker TEXT, lease_until TIMESTAMPTZ,
                            attempts INTEGER NOT NULL DEFAULT 0, error TEXT,
                            PRIMARY KEY (sweep, job))
                        """, logger: logger)
                    try await connection.query(
                        """
                        CREATE TABLE IF NOT EXISTS sweep_results (
                            sweep TEXT NOT NULL, job BIGINT NOT NULL, result TEXT NOT NULL, worker TEXT NOT NULL,
                            finished_at TIMESTAMPTZ NOT NULL DEFAULT now(), PRIMARY KEY (sweep, job))
                        """, logger: logger)
                }
            } catch {
                runner.cancel()
                throw QueueError(description: "cannot prepare the queue at \(location): \(String(reflecting: error))")
            }
            return queue
        }

        public func close() { runner.cancel() }

        public func enqueue(sweep: String, jobs: [(job: Int64, payload: String)]) async throws(QueueError) {
            do {
                try await client.withTransaction(logger: logger) { connection in
                    for (job, payload) in jobs {
                        try await connection.query(
                            "INSERT INTO sweep_jobs (sweep, job, payload) VALUES (\(sweep), \(job), \(payload))", logger: logger)
                    }
                }
            } catch {
                throw QueueError(description: "cannot enqueue: \(String(reflecting: error))")
            }
        }

        /// Claims after which a job is given up: a job that kills its worker (or that no host can
        /// run) must not go round the workers for ever.
        public static let maxAttempts = 3

        /// The next pending job, or one whose lease ran out (of `sweep` only, when given). Jobs
        /// claimed `maxAttempts` times without a result are marked failed first.
        public func claim(worker: String, leaseSeconds: Int, sweep: String? = nil) async throws(QueueError) -> Claimed? {
            let lease = Double(leaseSeconds)
            let limit = Int32(Self.maxAttempts)
            do {
                try await client.query(
                    """
                    UPDATE sweep_jobs SET state = 'failed', lease_until = NULL,
                        error = COALESCE(error, 'its worker stopped without a result') || ' (tried ' || attempts || ' times)'
                    WHERE attempts >= \(limit) AND (state = 'pending' OR (state = 'running' AND lease_until < now()))
                    """, logger: logger)
                let rows = try await client.query(
                    """
                    UPDATE sweep_jobs SET state = 'running', worker = \(worker),
                        lease_until = now() + make_interval(secs => \(lease)), attempts = attempts + 1
                    WHERE (sweep, job) = (
                        SELECT sweep, job FROM sweep_jobs
                        WHERE (state = 'pending' OR (state = 'running' AND lease_until < now()))
                          AND (\(sweep)::TEXT IS NULL OR sweep = \(sweep))
                        ORDER BY sweep, job LIMIT 1 FOR UPDATE SKIP LOCKED)
                    RETURNING sweep, job, payload
                    """, logger: logger)
                for try await (sweep, job, payload) in rows.decode((String, Int64, String).self) {
                    return Claimed(sweep: sweep, job: job, payload: payload)
                }
                return nil
            } catch {
                throw QueueError(description: "cannot claim a job: \(String(reflecting: error))")
            }
        }

        /// Extends the lease; false when the job is no longer this worker's.
        public func renew(_ claimed: Claimed, worker: String, leaseSeconds: Int) async throws(QueueError) -> Bool {
            let lease = Double(leaseSeconds)
            do {
                let rows = try await client.query(
                    """
                    UPDATE sweep_jobs SET lease_until = now() + make_interval(secs => \(lease))
                    WHERE sweep = \(claimed.sweep) AND job = \(claimed.job) AND worker = \(worker) AND state = 'running'
                    RETURNING job
                    """, logger: logger)
                for try await _ in rows.decode(Int64.self) { return true }
                return false
            } catch {
                throw QueueError(description: "cannot renew a lease: \(String(reflecting: error))")
            }
        }

        /// Stores the result (the first one wins: a job run twice gives the same) and marks it done.
        public func complete(_ claimed: Claimed, worker: String, result: String) async throws(QueueError) {
            do {
                try await client.withTransaction(logger: logger) { connection in
                    try await connection.query(
                        """
                        INSERT INTO sweep_results (sweep, job, result, worker) VALUES (\(claimed.sweep), \(claimed.job), \(result), \(worker))
                        ON CONFLICT (sweep, job) DO NOTHING
                        """, logger: logger)
                    try await connection.query(
                        "UPDATE sweep_jobs SET state = 'done', lease_until = NULL WHERE sweep = \(claimed.sweep) AND job = \(claimed.job)",
                        logger: logger)
                }
            } catch {
                throw QueueError(description: "cannot store a result: \(String(reflecting: error))")
            }
        }

        /// A job that cannot succeed anywhere (a bad configuration, a damaged recording); only
        /// while this worker holds it.
        public func fail(_ claimed: Claimed, worker: String, error message: String) async throws(QueueError) {
            do {
                try await client.query(
                    """
                    UPDATE sweep_jobs SET state = 'failed', error = \(message), lease_until = NULL
                    WHERE sweep = \(claimed.sweep) AND job = \(claimed.job) AND worker = \(worker) AND state = 'running'
                    """, logger: logger)
            } catch {
                throw QueueError(description: "cannot record a failure: \(String(reflecting: error))")
            }
        }

        /// A job this host cannot run (its recording is missing or differs) goes back for another
        /// worker; after `maxAttempts` claims it fails with this error.
        public func release(_ claimed: Claimed, worker: String, error message: String) async throws(QueueError) {
            do {
                try await client.query(
                    """
                    UPDATE sweep_jobs SET state = 'pending', error = \(message), lease_until = NULL, worker = NULL
                    WHERE sweep = \(claimed.sweep) AND job = \(claimed.job) AND worker = \(worker) AND state = 'running'
                    """, logger: logger)
            } catch {
                throw QueueError(description: "cannot release a job: \(String(reflecting: error))")
            }
        }

        /// The sweep's jobs, results and failures, read in one snapshot (a job is never counted
        /// both done and failed, or neither, between two reads).
        public func status(sweep: String) async throws(QueueError) -> Status {
            var status = Status()
            do {
                try await client.withTransaction(logger: logger) { connection in
                    try await connection.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ", logger: logger)
                    status = try await Self.read(sweep: sweep, connection: connection, logger: logger)
                }
            } catch {
                throw QueueError(description: "cannot read the sweep's state: \(String(reflecting: error))")
            }
            return status
        }

        /// How many of the sweep's jobs have a result, and the failures: what a waiting sweep polls
        /// (the results themselves are read once, at the end).
        public func progress(sweep: String, jobs: ClosedRange<Int64>) async throws(QueueError)
            -> (done: Int, failures: [(job: Int64, error: String)])
        {
            let first = jobs.lowerBound
            let last = jobs.upperBound
            do {
                var done = 0
                for try await (count, ) in try await client.query(
                    "SELECT COUNT(*) FROM sweep_results WHERE sweep = \(sweep) AND job BETWEEN \(first) AND \(last)", logger: logger
                ).decode(Int64.self) {
                    done = Int(count)
                }
                var failures: [(job: Int64, error: String)] = []
                for try await (job, error) in try await client.query(
                    "SELECT job, COALESCE(error, '') FROM sweep_jobs WHERE sweep = \(sweep) AND job BETWEEN \(first) AND \(last) AND state = 'failed' ORDER BY job",
                    logger: logger
                ).decode((Int64, String).self) {
                    failures.append((job, error))
                }
                return (done, failures)
            } catch {
                throw QueueError(description: "cannot read the sweep's progress: \(String(reflecting: error))")
            }
        }

        private static func read(sweep: String, connection: PostgresConnection, logger: Logger) async throws -> Status {
            var status = Status()
            for try await (count, ) in try await connection.query(
                    "SELECT COUNT(*) FROM sweep_jobs WHERE sweep = \(sweep)", logger: logger
                ).decode(Int64.self) {
                    status.total = Int(count)
                }
                for try await (job, result) in try await connection.query(
                    "SELECT job, result FROM sweep_results WHERE sweep = \(sweep) ORDER BY job", logger: logger
                ).decode((Int64, String).self) {
                    status.results.append((job, result))
                }
                for try await (job, error) in try await connection.query(
                    "SELECT job, COALESCE(error, '') FROM sweep_jobs WHERE sweep = \(sweep) AND state = 'failed' ORDER BY job",
                    logger: logger
                ).decode((Int64, String).self) {
                    status.failures.append((job, error))
                }
            return status
        }

        /// Jobs not finished (pending or running), in one sweep or in all.
        public func unfinished(sweep: String? = nil) async throws(QueueError) -> Int {
            do {
                for try await (count, ) in try await client.query(
                    "SELECT COUNT(*) FROM sweep_jobs WHERE state IN ('pending', 'running') AND (\(sweep)::TEXT IS NULL OR sweep = \(sweep))",
                    logger: logger
                ).decode(Int64.self) {
                    return Int(count)
                }
                return 0
            } catch {
                throw QueueError(description: "cannot count the jobs: \(String(reflecting: error))")
            }
        }
    }
#endif
