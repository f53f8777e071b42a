import Foundation
import KalshiCore
import Storage
import Testing

/// A journal row whose numbers the engine could never have written (hand-edited or corrupt) used to
/// be replayed into the engine's arithmetic at start-up and trap there. It is now a read error that
/// names the table, the column and the value.
@Suite struct JournalRowBoundsTests {
    /// One intent and one fill in a fresh SQLite journal, then `sql` run on the file.
    func corrupted(_ sql: String) async throws -> (SQLiteJournal, JournalSession) {
        let path = JournalBackend.temporaryPath()
        let store = try SQLiteJournal(path: path)
        let session = try await store.openSession("s", creating: .sample(), nowMs: 1, pid: 1)
        try await store.append(
            [JournalRecord.sampleIntent("ktaaaa0001-1"), JournalRecord.sampleFill(tradeId: "t-1")], timeMs: 5, session: session)
        await store.close()
        try SQLiteTestSupport.execute(path: path, sql)
        let reopened = try SQLiteJournal(path: path)
        return (reopened, try await reopened.openSession("s", creating: .sample(), nowMs: 2, pid: 1))
    }

    @Test(arguments: [
        (
            "UPDATE order_intents SET count_units = 9223372036854775807",
            "order_intents: column count_units value 9223372036854775807"
        ),
        (
            "UPDATE order_intents SET price_ticks = -9223372036854775808",
            "order_intents: column price_ticks value -9223372036854775808"
        ),
        ("UPDATE fills SET count_units = -1", "fills: column count_units value -1"),
        ("UPDATE fills SET fee_micros = 9223372036854775807", "fills: column fee_micros value 9223372036854775807"),
    ])
    func outOfRangeValuesAreReadErrorsNamingTableColumnAndValue(sql: String, message: String) async throws {
        let (store, session) = try await corrupted(sql)
        defer { Task { await store.close() } }
        let error = await #expect(throws: JournalError.self) { _ = try await store.entries(of: session) }
        guard case .readFailed(let reason) = error else {
            Issue.record("expected readFailed, got \(String(describing: error))")
            return
        }
        #expect(reason.contains(message), "\(reason)")
    }

    @Test func aSequenceNumberAtInt64MaxIsRefusedWhenTheSessionOpens() async throws {
        let path = JournalBackend.temporaryPath()
        let store = try SQLiteJournal(path: path)
        let session = try await store.openSession("s", creating: .sample(), nowMs: 1, pid: 1)
        try await store.append([JournalRecord.sampleIntent("ktaaaa0001-1")], timeMs: 5, session: session)
        await store.close()
        try SQLiteTestSupport.execute(path: path, "UPDATE order_intents SET seq = 9223372036854775807")
        let reopened = try SQLiteJournal(path: path)
        defer { Task { await reopened.close() } }
        let error = await #expect(throws: JournalError.self) {
            _ = try await reopened.openSession("s", creating: .sample(), nowMs: 2, pid: 1)
        }
        guard case .readFailed(let reason) = error else {
            Issue.record("expected readFailed, got \(String(describing: error))")
            return
        }
        #expect(reason.contains("seq value 9223372036854775807"), "\(reason)")
    }
}
