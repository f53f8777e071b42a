import Foundation
import KalshiCore
import Testing

@testable import Storage

/// Seeded runs of the SQLite journal as the live session drives it — steps written ahead and
/// committed, plain appends, and process deaths between a write ahead and its commit or in the
/// middle of writing a line — each followed by a reopen. After every reopen the session holds
/// exactly the records whose call returned, in order, numbered 1, 2, 3, …
///
/// A failing seed replays alone: `KALSHI_AHEAD_SEED=<seed> swift test --filter JournalAheadCrashSimulation`.
@Suite struct JournalAheadCrashSimulationTests {
    static let seeds: [UInt64] = {
        if let text = ProcessInfo.processInfo.environment["KALSHI_AHEAD_SEED"], let seed = UInt64(text) { return [seed] }
        return Array(1...12)
    }()

    struct Run {
        var random: SplitMixRandom
        var nextOrder = 0
        var nextTrade = 0

        mutating func records() -> [JournalRecord] {
            (0..<Int.random(in: 1...3, using: &random)).map { _ in
                switch Int.random(in: 0..<3, using: &random) {
                case 0:
                    nextOrder += 1
                    return JournalRecord.sampleIntent("ktaaaa0001-\(nextOrder)")
                case 1:
                    nextTrade += 1
                    return JournalRecord.sampleFill(tradeId: "t-\(nextTrade)")
                default:
                    return .risk(RiskEventEntry(kind: "k", ticker: nil, detail: "step \(Int.random(in: 0..<1_000, using: &random))"))
                }
            }
        }
    }

    @Test(arguments: seeds)
    func everyAcknowledgedRecordSurvivesCrashesAtAnyPoint(seed: UInt64) async throws {
        var run = Run(random: SplitMixRandom(seed: seed))
        let path = JournalBackend.temporaryPath()
        let aheadPath = JournalAheadLog.path(journal: path, session: "s")
        var journal = try SQLiteJournal(path: path, fsync: false)
        var session = try await journal.openSession("s", creating: .sample(), nowMs: 0, pid: 1)
        var expected: [JournalRecord] = []

        func reopen(step: Int) async throws {
            await journal.close()
            journal = try SQLiteJournal(path: path, fsync: false)
            session = try await journal.openSession("s", creating: .sample(), nowMs: Int64(step), pid: 1)
            let entries = try await journal.entries(of: session)
            #expect(entries.map(\.record) == expected, "seed \(seed), step \(step)")
            #expect(entries.map(\.seq) == Array(stride(from: Int64(1), through: Int64(expected.count), by: 1)), "seed \(seed), step \(step)")
        }

        for step in 1...60 {
            let records = run.records()
            let time = Int64(step)
            switch Int.random(in: 0..<10, using: &run.random) {
            case 0..<5:
                try await journal.commit(try journal.writeAhead(records, timeMs: time, session: session))
                expected += records
            case 5, 6:
                // Dies after the write ahead returned (the requests may have left), before the commit.
                _ = try journal.writeAhead(records, timeMs: time, session: session)
                expected += records
                try await reopen(step: step)
            case 7:
                try await journal.append(records, timeMs: time, session: session)
                expected += records
            case 8:
                // Dies while writing a line: the call never returned, nothing was sent on it.
                let line = JournalAheadLine(session: "s", firstSeq: Int64(expected.count + 1), runId: session.runId, timeMs: time, records: records)
                let bytes = line.bytes
                let cut = Int.random(in: 0..<bytes.count, using: &run.random)
                await journal.close()
                // Where the log's content ends (its first zero byte), as the write would have.
                let content = try Data(contentsOf: URL(fileURLWithPath: aheadPath))
                let handle = try #require(FileHandle(forWritingAtPath: aheadPath))
                try handle.seek(toOffset: UInt64(content.firstIndex(of: 0) ?? content.count))
                try handle.write(contentsOf: Data(bytes.prefix(cut)))
                try handle.close()
                // The intents it held were never journaled: their ids stay free.
                run.nextOrder -= records.filter { if case .intent = $0 { true } else { false } }.count
                try await reopen(step: step)
            default:
                try await reopen(step: step)
            }
        }
        try await reopen(step: 61)
        await journal.close()
    }
}
