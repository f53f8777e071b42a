import Foundation
import KalshiCore
import Testing

@testable import Storage

/// The SQLite journal's ahead log: a step's records on the disk before its requests leave, the
/// database commit after them, and whatever was written ahead but not committed put back in the
/// database when the session is next opened.
@Suite struct JournalAheadLogTests {
    func openFresh(fsync: Bool = false) async throws -> (SQLiteJournal, JournalSession, String) {
        let path = JournalBackend.temporaryPath()
        let journal = try SQLiteJournal(path: path, fsync: fsync)
        let session = try await journal.openSession("s", creating: .sample(), nowMs: 1, pid: 1)
        return (journal, session, path)
    }

    func reopen(_ path: String) async throws -> (SQLiteJournal, JournalSession) {
        let journal = try SQLiteJournal(path: path, fsync: false)
        return (journal, try await journal.openSession("s", creating: .sample(), nowMs: 2, pid: 2))
    }

    func aheadFileSize(_ path: String) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: JournalAheadLog.path(journal: path, session: "s"))
        return (attributes[.size] as? NSNumber)?.intValue ?? -1
    }

    @Test(arguments: [false, true])
    func writtenAheadThenCommittedIsWhatAnAppendStores(fsync: Bool) async throws {
        let (journal, session, _) = try await openFresh(fsync: fsync)
        defer { Task { await journal.close() } }
        let records = JournalRecord.samples
        let first = try journal.writeAhead(Array(records.prefix(4)), timeMs: 10, session: session)
        try await journal.commit(first)
        let second = try journal.writeAhead(Array(records.dropFirst(4)), timeMs: 20, session: session)
        try await journal.commit(second)
        let entries = try await journal.entries(of: session)
        #expect(entries.map(\.record) == records)
        #expect(entries.map(\.seq) == Array(1...Int64(records.count)))
        #expect(entries.prefix(4).allSatisfy { $0.timeMs == 10 } && entries.dropFirst(4).allSatisfy { $0.timeMs == 20 })
        #expect(entries.allSatisfy { $0.runId == session.runId })
    }

    /// A second writer of one session (another process; here another journal on the same file,
    /// whose lock conflicts the same way) is refused before it reads the first one's pending
    /// lines, which stay as they were; other sessions open; once the first closes, it opens.
    @Test func aSessionOpenElsewhereIsRefusedAndItsPendingLinesAreLeftAlone() async throws {
        let (first, session, path) = try await openFresh()
        _ = try first.writeAhead([JournalRecord.sampleIntent("ktaaaa0001-1")], timeMs: 7, session: session)
        let pendingSize = try aheadFileSize(path)
        #expect(pendingSize > 0)

        let second = try SQLiteJournal(path: path, fsync: false)
        defer { Task { await second.close() } }
        await #expect {
            try await second.openSession("s", creating: .sample(), nowMs: 2, pid: 2)
        } throws: { error in
            guard case .cannotOpen(let location, let reason) = error as? JournalError else { return false }
            return location == JournalAheadLog.path(journal: path, session: "s") && reason.contains("another process")
        }
        #expect(try aheadFileSize(path) == pendingSize, "the first writer's pending line is untouched")
        _ = try await second.openSession("other", creating: .sample(), nowMs: 2, pid: 2)
        // The same journal opening its own session again keeps its log (and its lock).
        _ = try await first.openSession("s", creating: .sample(), nowMs: 3, pid: 1)

        await first.close()
        let resumed = try await second.openSession("s", creating: .sample(), nowMs: 4, pid: 2)
        let entries = try await second.entries(of: resumed)
        #expect(entries.map(\.record) == [JournalRecord.sampleIntent("ktaaaa0001-1")])
    }

    @Test func aStepWrittenAheadButNotCommittedIsInTheJournalWhenTheSessionReopens() async throws {
        let (journal, session, path) = try await openFresh()
        try await journal.append([JournalRecord.sampleIntent("ktaaaa0001-1")], timeMs: 5, session: session)
        _ = try journal.writeAhead([JournalRecord.sampleIntent("ktaaaa0001-2"), JournalRecord.sampleFill(tradeId: "t-9")], timeMs: 7, session: session)
        // The process dies here: the commit never happens.
        await journal.close()

        let (reopened, resumed) = try await reopen(path)
        defer { Task { await reopened.close() } }
        let entries = try await reopened.entries(of: resumed)
        #expect(entries.map(\.record) == [
            JournalRecord.sampleIntent("ktaaaa0001-1"), JournalRecord.sampleIntent("ktaaaa0001-2"), JournalRecord.sampleFill(tradeId: "t-9"),
        ])
        #expect(entries.map(\.seq) == [1, 2, 3])
        #expect(entries.map(\.timeMs) == [5, 7, 7])
        #expect(entries.allSatisfy { $0.runId == session.runId }, "recovered rows keep the run that wrote them")
        #expect(try aheadFileSize(path) == 0, "once in the database, the ahead log is emptied")
        // Numbering and the client order id check go on from the recovered records.
        #expect(throws: JournalError.duplicateClientOrderId("ktaaaa0001-2")) {
            _ = try reopened.writeAhead([JournalRecord.sampleIntent("ktaaaa0001-2")], timeMs: 8, session: resumed)
        }
        try await reopened.commit(try reopened.writeAhead([JournalRecord.sampleIntent("ktaaaa0001-3")], timeMs: 9, session: resumed))
        #expect(try await reopened.entries(of: resumed).map(\.seq) == [1, 2, 3, 4])
    }

    @Test func aCommittedLineIsNotStoredTwice() async throws {
        let (journal, session, path) = try await openFresh()
        try await journal.commit(try journal.writeAhead([JournalRecord.sampleIntent("ktaaaa0001-1")], timeMs: 5, session: session))
        #expect(try aheadFileSize(path) > 0, "small ahead logs are kept until they grow")
        await journal.close()
        let (reopened, resumed) = try await reopen(path)
        defer { Task { await reopened.close() } }
        #expect(try await reopened.entries(of: resumed).map(\.record) == [JournalRecord.sampleIntent("ktaaaa0001-1")])
    }

    /// A line written ahead and never committed, with records journaled after it: the journal
    /// does not guess which came first, and says so.
    @Test func aPendingLineOvertakenByLaterRecordsStopsTheSessionFromOpening() async throws {
        let (journal, session, path) = try await openFresh()
        _ = try journal.writeAhead([JournalRecord.sampleIntent("ktaaaa0001-1")], timeMs: 5, session: session)
        try await journal.append([JournalRecord.sampleFill(tradeId: "t-1")], timeMs: 6, session: session)
        await journal.close()
        let reopened = try SQLiteJournal(path: path, fsync: false)
        defer { Task { await reopened.close() } }
        let error = await #expect(throws: JournalError.self) {
            _ = try await reopened.openSession("s", creating: .sample(), nowMs: 2, pid: 2)
        }
        guard case .readFailed(let reason) = error else {
            Issue.record("expected readFailed, got \(String(describing: error))")
            return
        }
        #expect(reason.contains("seq 1–1 is not in the journal, whose last is 2"), "\(reason)")
    }

    @Test func aLastLineCutByACrashIsDroppedAndTheRestRecovered() async throws {
        let (journal, session, path) = try await openFresh()
        _ = try journal.writeAhead([JournalRecord.sampleIntent("ktaaaa0001-1")], timeMs: 5, session: session)
        let cut = JournalAheadLine(
            session: "s", firstSeq: 2, runId: session.runId, timeMs: 6, records: [JournalRecord.sampleIntent("ktaaaa0001-2")]
        ).bytes.dropLast(9)
        await journal.close()
        let handle = try #require(FileHandle(forWritingAtPath: JournalAheadLog.path(journal: path, session: "s")))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(cut))
        try handle.close()

        let (reopened, resumed) = try await reopen(path)
        defer { Task { await reopened.close() } }
        #expect(try await reopened.entries(of: resumed).map(\.record) == [JournalRecord.sampleIntent("ktaaaa0001-1")])
    }

    @Test(arguments: [
        ("not json\n", "line 1: not a journal line"),
        (#"{"session":"s","seq":1,"run":1,"time_ms":1,"rows":[["orders",[1]]]}"# + "\n", "unknown table 'orders'"),
        (#"{"session":"s","seq":1,"run":1,"time_ms":1,"rows":[["risk_events",["a"]]]}"# + "\n", "1 values for 3 columns"),
        (#"{"session":"s","seq":1,"run":1,"time_ms":1,"rows":[]}"# + "\n", "no rows"),
        (#"{"session":"s","seq":0,"run":1,"time_ms":1,"rows":[["risk_events",["a",null,"b"]]]}"# + "\n", "seq 0 is below 1"),
        (
            #"{"session":"s","seq":9223372036854775807,"run":1,"time_ms":1,"rows":[["risk_events",["a",null,"b"]]]}"# + "\n",
            "leaves no room"
        ),
        (#"{"session":"t","seq":1,"run":1,"time_ms":1,"rows":[["risk_events",["a",null,"b"]]]}"# + "\n", "session 't', not 's'"),
        (
            #"{"session":"s","seq":1,"run":1,"time_ms":1,"rows":[["fills",["t","c","o","X","bid",1,-5,0,0,"ws"]]]}"# + "\n",
            "row 1: "
        ),
        (
            #"{"session":"s","seq":2,"run":1,"time_ms":1,"rows":[["risk_events",["a",null,"b"]]]}"# + "\n"
                + #"{"session":"s","seq":2,"run":1,"time_ms":1,"rows":[["risk_events",["a",null,"b"]]]}"# + "\n",
            "line 2: seq 2 after 2"
        ),
    ])
    func aLineThatDoesNotDecodeStopsTheSessionFromOpening(text: String, message: String) async throws {
        let path = JournalBackend.temporaryPath()
        let journal = try SQLiteJournal(path: path, fsync: false)
        defer { Task { await journal.close() } }
        try Data(text.utf8).write(to: URL(fileURLWithPath: JournalAheadLog.path(journal: path, session: "s")))
        let error = await #expect(throws: JournalError.self) {
            _ = try await journal.openSession("s", creating: .sample(), nowMs: 1, pid: 1)
        }
        guard case .readFailed(let reason) = error else {
            Issue.record("expected readFailed, got \(String(describing: error))")
            return
        }
        #expect(reason.contains(message), "\(reason)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: JournalAheadLog.path(journal: path, session: "s"))) == Data(text.utf8), "nothing is lost")
    }

    @Test func aRepeatedClientOrderIdIsRefusedBeforeAnythingIsWrittenAhead() async throws {
        let (journal, session, path) = try await openFresh()
        defer { Task { await journal.close() } }
        try await journal.commit(try journal.writeAhead([JournalRecord.sampleIntent("ktaaaa0001-1")], timeMs: 5, session: session))
        let size = try aheadFileSize(path)
        #expect(throws: JournalError.duplicateClientOrderId("ktaaaa0001-1")) {
            _ = try journal.writeAhead([JournalRecord.sampleIntent("ktaaaa0001-1")], timeMs: 6, session: session)
        }
        #expect(throws: JournalError.duplicateClientOrderId("ktaaaa0001-2")) {
            _ = try journal.writeAhead(
                [JournalRecord.sampleIntent("ktaaaa0001-2"), JournalRecord.sampleIntent("ktaaaa0001-2")], timeMs: 6, session: session)
        }
        #expect(try aheadFileSize(path) == size)
        try await journal.commit(try journal.writeAhead([JournalRecord.sampleIntent("ktaaaa0001-2")], timeMs: 7, session: session))
        #expect(try await journal.entries(of: session).map(\.seq) == [1, 2])
    }

    @Test func theAheadLogIsEmptiedOnceItGrowsAndEverythingInItIsCommitted() async throws {
        let (journal, session, path) = try await openFresh()
        defer { Task { await journal.close() } }
        var written = 0
        var emptied = false
        while !emptied {
            written += 1
            try await journal.commit(
                try journal.writeAhead([JournalRecord.sampleIntent("ktaaaa0001-\(written)")], timeMs: 5, session: session))
            emptied = try aheadFileSize(path) == 0
            #expect(try aheadFileSize(path) <= JournalAheadLog.truncateAfterBytes + 1_024)
        }
        #expect(written > 100)
        #expect(try await journal.entries(of: session).count == written)
    }

    /// A full disk: the write fails with a clear error, and so does every later one (no line
    /// is ever written after part of another). `/dev/full` is opened as a device, never replaced.
    @Test(.enabled(if: FileManager.default.fileExists(atPath: "/dev/full")))
    func aFailedWriteFailsEveryLaterOne() throws {
        let log = try JournalAheadLog(path: "/dev/full", sync: false)
        let line = JournalAheadLine(session: "s", firstSeq: 1, runId: 1, timeMs: 1, records: [JournalRecord.sampleIntent("k-1")]).bytes
        #expect(throws: JournalError.writeFailed(reason: "/dev/full: \(String(cString: strerror(ENOSPC)))")) { try log.append(line) }
        #expect(throws: JournalError.writeFailed(reason: "/dev/full: an earlier write failed")) { try log.append(line) }
    }

    @Test func sessionNamesMapToOneSafeFileName() {
        #expect(JournalAheadLog.path(journal: "/j.sqlite", session: "live-eth_1.a") == "/j.sqlite.ahead-live-eth_1.a")
        #expect(JournalAheadLog.path(journal: "/j.sqlite", session: "../x") == "/j.sqlite.ahead+2e2e2f78")
        #expect(JournalAheadLog.path(journal: "/j.sqlite", session: ".hidden") == "/j.sqlite.ahead+2e68696464656e")
        #expect(JournalAheadLog.path(journal: "/j.sqlite", session: "") == "/j.sqlite.ahead+")
        // A plain name that looks like an encoded one keeps its own file.
        #expect(JournalAheadLog.path(journal: "/j.sqlite", session: "2e2e") != JournalAheadLog.path(journal: "/j.sqlite", session: ".."))
    }

    @Test func linesRoundTripEveryRecordKindAndAwkwardText() throws {
        let awkward = JournalRecord.risk(RiskEventEntry(kind: "q\"\\", ticker: "é€\u{1}\t", detail: "a\nb\r\u{1F}"))
        let line = JournalAheadLine(session: "s\"1", firstSeq: 41, runId: 3, timeMs: -5, records: JournalRecord.samples + [awkward])
        let bytes = line.bytes
        #expect(bytes.last == 0x0A)
        #expect(!bytes.dropLast().contains(0x0A), "one line")
        #expect(try JournalAheadLine.decode(bytes.dropLast(), line: 1, path: "p") == line)
    }
}
