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

    /// Bytes of lines in the session's ahead log: the file's bytes before its first zero.
    func aheadContentSize(_ path: String) throws -> Int {
        let bytes = try Data(contentsOf: URL(fileURLWithPath: JournalAheadLog.path(journal: path, session: "s")))
        return bytes.withUnsafeBytes { raw in
            guard let base = raw.baseAddress, let zero = memchr(base, 0, raw.count) else { return raw.count }
            return UnsafeRawPointer(zero) - base
        }
    }

    /// A path for an ahead log of its own, in a new folder.
    func aheadLogPath() throws -> String {
        let path = JournalBackend.temporaryPath() + ".ahead-s"
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        return path
    }

    /// Writes `bytes` where the ahead log's content ends, as a write cut by a crash would leave them.
    func writeAtContentEnd(_ path: String, _ bytes: some Sequence<UInt8>) throws {
        let end = try aheadContentSize(path)
        let handle = try #require(FileHandle(forWritingAtPath: JournalAheadLog.path(journal: path, session: "s")))
        try handle.seek(toOffset: UInt64(end))
        try handle.write(contentsOf: Data(bytes))
        try handle.close()
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
        let pendingSize = try aheadContentSize(path)
        #expect(pendingSize > 0)

        let second = try SQLiteJournal(path: path, fsync: false)
        defer { Task { await second.close() } }
        await #expect {
            try await second.openSession("s", creating: .sample(), nowMs: 2, pid: 2)
        } throws: { error in
            guard case .cannotOpen(let location, let reason) = error as? JournalError else { return false }
            return location == JournalAheadLog.path(journal: path, session: "s") && reason.contains("another process")
        }
        #expect(try aheadContentSize(path) == pendingSize, "the first writer's pending line is untouched")
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
        #expect(try aheadContentSize(path) == 0, "once in the database, the ahead log is emptied")
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
        #expect(try aheadContentSize(path) > 0, "small ahead logs are kept until they grow")
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
        try writeAtContentEnd(path, cut)

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
        let file = try Data(contentsOf: URL(fileURLWithPath: JournalAheadLog.path(journal: path, session: "s")))
        #expect(file.prefix(text.utf8.count) == Data(text.utf8) && file.dropFirst(text.utf8.count).allSatisfy { $0 == 0 }, "nothing is lost")
    }

    @Test func aRepeatedClientOrderIdIsRefusedBeforeAnythingIsWrittenAhead() async throws {
        let (journal, session, path) = try await openFresh()
        defer { Task { await journal.close() } }
        try await journal.commit(try journal.writeAhead([JournalRecord.sampleIntent("ktaaaa0001-1")], timeMs: 5, session: session))
        let size = try aheadContentSize(path)
        #expect(throws: JournalError.duplicateClientOrderId("ktaaaa0001-1")) {
            _ = try journal.writeAhead([JournalRecord.sampleIntent("ktaaaa0001-1")], timeMs: 6, session: session)
        }
        #expect(throws: JournalError.duplicateClientOrderId("ktaaaa0001-2")) {
            _ = try journal.writeAhead(
                [JournalRecord.sampleIntent("ktaaaa0001-2"), JournalRecord.sampleIntent("ktaaaa0001-2")], timeMs: 6, session: session)
        }
        #expect(try aheadContentSize(path) == size)
        try await journal.commit(try journal.writeAhead([JournalRecord.sampleIntent("ktaaaa0001-2")], timeMs: 7, session: session))
        #expect(try await journal.entries(of: session).map(\.seq) == [1, 2])

        // Many intents in one step (a reconciliation adopting resting orders): past the first
        // few they are checked by a set; a repeat anywhere is refused, and all are journaled.
        let many = (3...20).map { JournalRecord.sampleIntent("ktaaaa0001-\($0)") }
        let before = try aheadContentSize(path)
        for repeated in ["ktaaaa0001-4", "ktaaaa0001-15", "ktaaaa0001-20"] {
            #expect(throws: JournalError.duplicateClientOrderId(repeated)) {
                _ = try journal.writeAhead(many + [JournalRecord.sampleIntent(repeated)], timeMs: 8, session: session)
            }
        }
        #expect(try aheadContentSize(path) == before, "a refused step writes nothing ahead")
        try await journal.commit(try journal.writeAhead(many, timeMs: 9, session: session))
        for journaled in ["ktaaaa0001-3", "ktaaaa0001-12", "ktaaaa0001-20"] {
            #expect(throws: JournalError.duplicateClientOrderId(journaled)) {
                _ = try journal.writeAhead([JournalRecord.sampleIntent(journaled)], timeMs: 10, session: session)
            }
        }
        #expect(try await journal.entries(of: session).map(\.seq) == Array(1...20))
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
            emptied = try aheadContentSize(path) == 0
            #expect(try aheadContentSize(path) <= JournalAheadLog.truncateAfterBytes + 1_024)
        }
        #expect(written > 100)
        #expect(try await journal.entries(of: session).count == written)
    }

    /// The log is a regular file it can map: a device in its place is refused with a clear error.
    @Test(.enabled(if: FileManager.default.fileExists(atPath: "/dev/full")))
    func aDeviceIsNotAnAheadLog() throws {
        #expect(throws: JournalError.cannotOpen(location: "/dev/full", reason: "not a regular file")) {
            _ = try JournalAheadLog(path: "/dev/full", sync: false)
        }
    }

    /// Lines past the file's first size: it grows (zero-filled, mapped again) and keeps every
    /// line, which a later opening finds where they were.
    @Test(arguments: [false, true])
    func aLogFullerThanItsFileGrowsAndKeepsEveryLine(sync: Bool) throws {
        let path = try aheadLogPath()
        var expected: [[UInt8]] = []
        do {
            let log = try JournalAheadLog(path: path, sync: sync, capacity: 4_096)
            for seq in 1...40 {
                let line = JournalAheadLine(
                    session: "s", firstSeq: Int64(seq), runId: 1, timeMs: 1, records: [JournalRecord.sampleIntent("k-\(seq)")]
                ).bytes
                try log.append(line)
                expected.append(line)
            }
            #expect(log.contentSize == expected.map(\.count).reduce(0, +))
        }
        let fileSize = try #require(try FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber).intValue
        #expect(fileSize > 4_096 && fileSize % 4_096 == 0)
        #expect(try JournalAheadLog.lines(at: path).map { Array($0) + [0x0A] } == expected)
        let reopened = try JournalAheadLog(path: path, sync: sync, capacity: 4_096)
        #expect(reopened.contentSize == expected.map(\.count).reduce(0, +))
        try reopened.truncate()
        #expect(reopened.contentSize == 0)
        #expect(try JournalAheadLog.lines(at: path).isEmpty)
    }

    /// A log appended by an earlier version (no zeros after its lines) reads the same, and
    /// opening it goes on after its last line.
    @Test func aLogWithoutZerosAfterItsLinesReadsTheSame() throws {
        let path = try aheadLogPath()
        let line = JournalAheadLine(session: "s", firstSeq: 1, runId: 1, timeMs: 1, records: [JournalRecord.sampleIntent("k-1")]).bytes
        try Data(line + line.dropLast(3)).write(to: URL(fileURLWithPath: path))
        #expect(try JournalAheadLog.lines(at: path).map { Array($0) + [0x0A] } == [line])
        let log = try JournalAheadLog(path: path, sync: false)
        #expect(log.contentSize == 2 * line.count - 3)
        try log.truncate()
        #expect(try JournalAheadLog.lines(at: path).isEmpty)
    }

    /// The file's size comes from the disk: one far larger than any ahead log (here a sparse
    /// 2 GB file) is refused by name before anything is read or computed from it.
    @Test func aFileLargerThanAnyAheadLogIsRefused() throws {
        let path = try aheadLogPath()
        #expect(FileManager.default.createFile(atPath: path, contents: nil))
        let handle = try #require(FileHandle(forWritingAtPath: path))
        try handle.truncate(atOffset: 2 << 30)
        try handle.close()
        #expect(
            throws: JournalError.cannotOpen(
                location: path, reason: "\(2 << 30) bytes, more than an ahead log holds (at most \(JournalAheadLog.largestFile))")
        ) {
            _ = try JournalAheadLog(path: path, sync: false)
        }
    }

    @Test func aLineWithoutItsNewlineOrWithAZeroByteIsRefused() throws {
        let log = try JournalAheadLog(path: try aheadLogPath(), sync: false)
        let line = JournalAheadLine(session: "s", firstSeq: 1, runId: 1, timeMs: 1, records: [JournalRecord.sampleIntent("k-1")]).bytes
        #expect(throws: JournalError.self) { try log.append(Array(line.dropLast())) }
        #expect(throws: JournalError.self) { try log.append([0x41, 0, 0x0A]) }
        try log.append(line)
        #expect(log.contentSize == line.count)
    }

    /// A child being spawned by another thread holds a copy of every descriptor until it
    /// executes its program: a log closed and opened again meanwhile waits for the copy to go
    /// (here a `dup`, closed 50 ms later on a thread of its own) instead of refusing the session
    /// as open elsewhere. The wait is given a minute, not the default second: on a loaded CI
    /// machine the closing thread was once scheduled more than a second late.
    @Test func aLockHeldForAMomentByACopyOfTheDescriptorIsWaitedFor() throws {
        let path = try aheadLogPath()
        var copy: Int32 = -1
        do {
            let log = try JournalAheadLog(path: path, sync: false)
            copy = dup(log.descriptor)
        }
        #expect(copy >= 0)
        let held = copy
        Thread.detachNewThread {
            usleep(50_000)
            close(held)
        }
        let reopened = try JournalAheadLog(path: path, sync: false, lockWait: .seconds(60))
        #expect(reopened.contentSize == 0)
    }

    @Test func sessionNamesMapToOneSafeFileName() {
        #expect(JournalAheadLog.path(journal: "/j.sqlite", session: "live-eth_1.a") == "/j.sqlite.ahead-live-eth_1.a")
        #expect(JournalAheadLog.path(journal: "/j.sqlite", session: "../x") == "/j.sqlite.ahead+2e2e2f78")
        #expect(JournalAheadLog.path(journal: "/j.sqlite", session: ".hidden") == "/j.sqlite.ahead+2e68696464656e")
        #expect(JournalAheadLog.path(journal: "/j.sqlite", session: "") == "/j.sqlite.ahead+")
        // A plain name that looks like an encoded one keeps its own file.
        #expect(JournalAheadLog.path(journal: "/j.sqlite", session: "2e2e") != JournalAheadLog.path(journal: "/j.sqlite", session: ".."))
    }

    /// The codec's values for every record kind fill exactly its table's columns, and decode back:
    /// the database's rows and the ahead log's lines both come from them.
    @Test func theRowCodecFillsEachTablesColumnsAndDecodesBack() throws {
        #expect(Set(JournalRecord.samples.map(JournalRowCodec.table(of:))) == Set(JournalTable.allCases))
        for record in JournalRecord.samples {
            let (table, values) = JournalRowCodec.encode(record)
            #expect(table == JournalRowCodec.table(of: record))
            #expect(values.count == table.columns.count, "\(table.rawValue)")
            #expect(try JournalRowCodec.decode(table, values) == record)
        }
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
