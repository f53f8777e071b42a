/// The durable journal of live trading. Every write is one transaction that is committed
/// before the call returns, so whatever the caller does next (send an order) happens after the
/// record is safe. One writer per session; several sessions may share one store.
public protocol JournalStore: Sendable {
    /// Where the journal is, without secrets.
    var location: String { get }
    /// The schema version the store is at after its migrations.
    func schemaVersion() async throws(JournalError) -> Int
    /// Opens the session `name`, creating it when new, and starts a run of it.
    func openSession(_ name: String, creating parameters: NewSessionParameters, nowMs: Int64, pid: Int32)
        async throws(JournalError)
        -> JournalSession
    /// Appends records in one transaction, in order. A fill whose trade id is already journaled
    /// is skipped (fills are unique by trade id); a client order id used twice is an error.
    func append(_ records: [JournalRecord], timeMs: Int64, session: JournalSession) async throws(JournalError)
    /// A session as stored, without starting a run (inspection, audits); `runId` is its latest run.
    func existingSession(_ name: String) async throws(JournalError) -> JournalSession?
    /// Every record of the session, in the order written.
    func entries(of session: JournalSession) async throws(JournalError) -> [JournalEntry]
    /// Marks the run finished (a run that crashed keeps no end).
    func endRun(_ session: JournalSession, nowMs: Int64, reason: String) async throws(JournalError)
    func close() async
}

/// A journal that can make a step's records durable before its database commit (SQLite: the
/// ahead log, `JournalAheadLog`). The live session writes ahead, starts the step's requests,
/// then commits: the intent is on the disk before the order leaves, and the transaction is off
/// the order's path. Called from one task at a time, in order: every `writeAhead` is committed
/// before the next journal call. A reference type (SQLite's journal is an actor): the session
/// reads it on every step, and a class-bound existential copies by a retain.
public protocol WriteAheadJournal: JournalStore, AnyObject {
    /// Writes the records to the ahead log (synced as the journal syncs) without a hop to the
    /// store's executor. A client order id already journaled as an intent is refused here, as
    /// `append` refuses it.
    func writeAhead(_ records: [JournalRecord], timeMs: Int64, session: JournalSession) throws(JournalError) -> JournalAheadWrite
    /// Commits a write made ahead to the store.
    func commit(_ write: JournalAheadWrite) async throws(JournalError)
}

/// Records written ahead and not yet committed.
public struct JournalAheadWrite: Sendable {
    let line: JournalAheadLine
    public var records: [JournalRecord] { line.records }
}
