import Foundation
import Histogram
import KalshiAPI
import KalshiCore
import Storage

/// `journal.append`: one append of one record to a SQLite journal, as the live session makes
/// before every order (intent written, then the request sent), with and without fsync; the
/// latency of each call in an HdrHistogram.
enum JournalBenchmark {
    static let appends = 2_000

    static func run() async throws -> [String] {
        [try await run(fsync: true), try await run(fsync: false)]
    }

    static func run(fsync: Bool) async throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kalshi-bench-journal-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let journal = try SQLiteJournal(path: directory.appendingPathComponent("journal.sqlite").path, fsync: fsync)
        let session = try await journal.openSession(
            "bench", creating: NewSessionParameters(clientPrefix: "kb", startingBalance: Money(cents: 100_000), environment: "bench"),
            nowMs: 0, pid: 0)
        var histogram = Histogram<UInt64>(highestTrackableValue: 60_000_000_000, numberOfSignificantValueDigits: .three)
        let clock = ContinuousClock()
        for index in 0..<(appends + 500) {
            let record = JournalRecord.risk(RiskEventEntry(kind: "bench", ticker: "KXETHD-BENCH", detail: "append \(index)"))
            let start = clock.now
            try await journal.append([record], timeMs: Int64(index), session: session)
            if index >= 500 { _ = histogram.record(UInt64(start.duration(to: clock.now).saturatingNanoseconds)) }
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
