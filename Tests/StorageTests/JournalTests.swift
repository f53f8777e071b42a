import Foundation
import KalshiCore
import Storage
import Testing

/// The journal's contract, run on every backend available: SQLite always, PostgreSQL when the
/// build has the `Postgres` trait and `KALSHI_TEST_POSTGRES_URL` names a server (`.ci/run` starts one).
@Suite struct JournalTests {
    @Test(arguments: JournalBackend.available)
    func sessionsAreCreatedOnceAndResumedWithTheirPrefix(backend: JournalBackend) async throws {
        let store = try await backend.open()
        defer { Task { await store.close() } }
        let name = JournalBackend.uniqueSessionName()
        let prefix = NewSessionParameters.sample().clientPrefix
        let first = try await store.openSession(name, creating: .sample(prefix: prefix), nowMs: 1_000, pid: 1)
        #expect(first.isNew)
        #expect(first.clientPrefix == prefix)
        #expect(first.startingBalance == Money(cents: 100_000))
        let second = try await store.openSession(name, creating: .sample(), nowMs: 2_000, pid: 2)
        #expect(!second.isNew)
        #expect(second.clientPrefix == prefix, "a resumed session keeps its client order id prefix")
        #expect(second.runId > first.runId)
        let inspected = try await store.existingSession(name)
        #expect(inspected?.runId == second.runId)
        #expect(try await store.existingSession(name + "-absent") == nil)
        #expect(try await store.schemaVersion() == 2)
    }

    @Test(arguments: JournalBackend.available)
    func everyRecordKindRoundTripsInWriteOrder(backend: JournalBackend) async throws {
        let store = try await backend.open()
        defer { Task { await store.close() } }
        let session = try await store.openSession(JournalBackend.uniqueSessionName(), creating: .sample(), nowMs: 1, pid: 1)
        let records = JournalRecord.samples
        try await store.append(Array(records.prefix(4)), timeMs: 10, session: session)
        try await store.append(Array(records.dropFirst(4)), timeMs: 20, session: session)
        let entries = try await store.entries(of: session)
        #expect(entries.map(\.record) == records)
        #expect(entries.map(\.seq) == Array(1...Int64(records.count)))
        #expect(entries.prefix(4).allSatisfy { $0.timeMs == 10 } && entries.dropFirst(4).allSatisfy { $0.timeMs == 20 })
        #expect(entries.allSatisfy { $0.runId == session.runId })
    }

    @Test(arguments: JournalBackend.available)
    func fillsAreUniqueByTradeIdAndClientOrderIdsCannotBeReused(backend: JournalBackend) async throws {
        let store = try await backend.open()
        defer { Task { await store.close() } }
        let session = try await store.openSession(JournalBackend.uniqueSessionName(), creating: .sample(), nowMs: 1, pid: 1)
        let fill = JournalRecord.sampleFill(tradeId: "t-1")
        try await store.append([fill], timeMs: 1, session: session)
        try await store.append([fill, JournalRecord.sampleFill(tradeId: "t-2")], timeMs: 2, session: session)
        let fills = try await store.entries(of: session).filter { if case .fill = $0.record { true } else { false } }
        #expect(fills.count == 2, "the repeated trade id is journaled once")

        let intent = JournalRecord.sampleIntent("ktaaaa0001-7")
        try await store.append([intent], timeMs: 3, session: session)
        await #expect(throws: JournalError.duplicateClientOrderId("ktaaaa0001-7")) {
            try await store.append([intent], timeMs: 4, session: session)
        }
        // The failed transaction wrote nothing, and the session goes on.
        try await store.append([JournalRecord.sampleIntent("ktaaaa0001-8")], timeMs: 5, session: session)
        let intents = try await store.entries(of: session).filter { if case .intent = $0.record { true } else { false } }
        #expect(intents.count == 2)
    }

    @Test(arguments: JournalBackend.available)
    func sessionsSharingAStoreDoNotSeeEachOther(backend: JournalBackend) async throws {
        let store = try await backend.open()
        defer { Task { await store.close() } }
        let alpha = try await store.openSession(JournalBackend.uniqueSessionName(), creating: .sample(), nowMs: 1, pid: 1)
        let beta = try await store.openSession(JournalBackend.uniqueSessionName(), creating: .sample(), nowMs: 1, pid: 2)
        #expect(alpha.clientPrefix != beta.clientPrefix)
        try await store.append([JournalRecord.sampleIntent("\(alpha.clientPrefix)-1")], timeMs: 1, session: alpha)
        try await store.append(
            [JournalRecord.sampleIntent("\(beta.clientPrefix)-1"), JournalRecord.sampleIntent("\(beta.clientPrefix)-2")],
            timeMs: 1,
            session: beta)
        #expect(try await store.entries(of: alpha).count == 1)
        #expect(try await store.entries(of: beta).count == 2)
    }

    /// Every commit waits for the disk (GRDB's pool would leave its writer on NORMAL); only the
    /// tick-to-order benchmark opens one without fsync, and the records are the same either way.
    @Test(arguments: [(true, 2), (false, 0)])
    func sqliteCommitsWaitForTheDiskUnlessToldOtherwise(fsync: Bool, mode: Int) async throws {
        let journal = try SQLiteJournal(path: JournalBackend.temporaryPath(), fsync: fsync)
        #expect(try await journal.synchronousMode() == mode)
        let session = try await journal.openSession("s", creating: .sample(), nowMs: 1, pid: 1)
        try await journal.append(JournalRecord.samples, timeMs: 5, session: session)
        #expect(try await journal.entries(of: session).map(\.record) == JournalRecord.samples)
        await journal.close()
    }

    @Test func sqliteMigratesAnOlderJournalKeepingItsRecords() async throws {
        let path = JournalBackend.temporaryPath()
        let old = try SQLiteJournal(path: path, migrationCount: 1)
        #expect(try await old.schemaVersion() == 1)
        let session = try await old.openSession("s", creating: .sample(), nowMs: 1, pid: 1)
        try await old.append(JournalRecord.samples, timeMs: 5, session: session)
        await old.close()

        let current = try SQLiteJournal(path: path)
        #expect(try await current.schemaVersion() == 2)
        let resumed = try await current.openSession("s", creating: .sample(), nowMs: 2, pid: 1)
        #expect(try await current.entries(of: resumed).map(\.record) == JournalRecord.samples)
        await current.close()
    }

    @Test func sqliteRefusesAJournalFromANewerProgram() async throws {
        let path = JournalBackend.temporaryPath()
        let current = try SQLiteJournal(path: path)
        await current.close()
        // A later version registered one more migration.
        try SQLiteTestSupport.execute(path: path, "INSERT INTO grdb_migrations (identifier) VALUES ('v99')")
        #expect(throws: JournalError.self) { try SQLiteJournal(path: path) }
        do { _ = try SQLiteJournal(path: path) } catch {
            #expect(error.description.contains("newer than this program"))
        }
    }

    @Test(arguments: [
        ("logs/live/journal.sqlite", "logs/live/journal.sqlite"),
        ("postgresql://trader:s3cret@db.internal:6432/journal", "postgresql://trader:***@db.internal:6432/journal"),
        ("postgres://trader@127.0.0.1/journal?sslmode=disable", "postgresql://trader@127.0.0.1:5432/journal"),
    ])
    func locationsParseAndNeverShowPasswords(text: String, shown: String) throws {
        let location = try JournalLocation(parsing: text)
        #expect(location.description == shown)
        #expect(!location.description.contains("s3cret"))
    }

    @Test(arguments: [
        ("", "empty"),
        ("mysql://u@h/db", "file path or a postgresql"),
        ("postgresql://h:5432/db", "no user"),
        ("postgresql://u:pw@h:5432/", "no database"),
        ("postgresql://u@h/db?sslmode=sometimes", "sslmode"),
    ])
    func badLocationsAreRefusedWithTheReason(text: String, reason: String) {
        #expect {
            _ = try JournalLocation(parsing: text)
        } throws: { error in
            "\(error)".contains(reason) && !"\(error)".contains("pw@")
        }
    }

    @Test func postgresLocationsNeedTheTraitInThisBuild() async throws {
        guard !Journal.supportsPostgres else { return }
        await #expect(throws: JournalError.self) {
            _ = try await Journal.open(try JournalLocation(parsing: "postgresql://u@127.0.0.1/db"))
        }
    }
}
