import Foundation
import Histogram
import KalshiAPI
import KalshiCore
import Storage

/// `journal.append`: one append of one record to a SQLite journal (one transaction), with and
/// without fsync; the latency of each call in an HdrHistogram. `journal.write_ahead`: the live
/// session's path — the record written ahead (one line of the ahead log, before the request is
/// sent), then committed to SQLite (after it): both latencies, with and without fsync.
enum JournalBenchmark {
    static let appends = 2_000
    static let warmUp = 500

    static func run() async throws -> [String] {
        [try await run(fsync: true), try await run(fsync: false)]
    }

    static func runWriteAhead() async throws -> [String] {
        [try await runWriteAhead(fsync: true), try await runWriteAhead(fsync: false)]
    }

    /// A fresh journal in a scratch folder (removed by the caller) and its session.
    static func openJournal(fsync: Bool) async throws -> (URL, SQLiteJournal, JournalSession) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kalshi-bench-journal-\(UUID().uuidString)")
        do {
            let journal = try SQLiteJournal(path: directory.appendingPathComponent("journal.sqlite").path, fsync: fsync)
            let session = try await journal.openSession(
                "bench", creating: NewSessionParameters(clientPrefix: "kb", startingBalance: Money(cents: 100_000), environment: "bench"),
                nowMs: 0, pid: 0)
            return (directory, journal, session)
        } catch {
            try? FileManager.default.removeItem(at: directory)
            throw error
        }
    }

    static func runWriteAhead(fsync: Bool) async throws -> String {
        let (directory, journal, session) = try await openJournal(fsync: fsync)
        defer { try? FileManager.default.removeItem(at: directory) }
        var ahead = Histogram<UInt64>(highestTrackableValue: 60_000_000_000, numberOfSignificantValueDigits: .three)
        var commit = ahead
        let clock = ContinuousClock()
        for index in 0..<(appends + warmUp) {
            let record = JournalRecord.risk(RiskEventEntry(kind: "bench", ticker: "KXETHD-BENCH", detail: "append \(index)"))
            let start = clock.now
            let written = try journal.writeAhead([record], timeMs: Int64(index), session: session)
            let writtenAt = clock.now
            try await journal.commit(written)
            if index >= warmUp {
                _ = ahead.record(UInt64(start.duration(to: writtenAt).saturatingNanoseconds))
                _ = commit.record(UInt64(writtenAt.duration(to: clock.now).saturatingNanoseconds))
            }
        }
        await journal.close()
        var writer = JSONLineWriter()
        writer.add("name", "journal.write_ahead")
        writer.add("journal_fsync", json: fsync ? "true" : "false")
        writer.add("appends", appends)
        writer.addLatency("", ahead)
        writer.addLatency("commit_", commit)
        writer.addBuild()
        return writer.line
    }

    static func run(fsync: Bool) async throws -> String {
        let (directory, journal, session) = try await openJournal(fsync: fsync)
        defer { try? FileManager.default.removeItem(at: directory) }
        var histogram = Histogram<UInt64>(highestTrackableValue: 60_000_000_000, numberOfSignificantValueDigits: .three)
        let clock = ContinuousClock()
        for index in 0..<(appends + warmUp) {
            let record = JournalRecord.risk(RiskEventEntry(kind: "bench", ticker: "KXETHD-BENCH", detail: "append \(index)"))
            let start = clock.now
            try await journal.append([record], timeMs: Int64(index), session: session)
            if index >= warmUp { _ = histogram.record(UInt64(start.duration(to: clock.now).saturatingNanoseconds)) }
        }
        await journal.close()
        var writer = JSONLineWriter()
        writer.add("name", "journal.append")
        writer.add("journal_fsync", json: fsync ? "true" : "false")
        writer.add("appends", appends)
        writer.addLatency("", histogram)
        writer.addBuild()
        return writer.line
    }
}
