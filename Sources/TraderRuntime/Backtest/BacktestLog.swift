import Foundation
import KalshiAPI
import TradingEngine

/// Where a run's engine records go: the demo's `SessionLog` (each line written as it happens,
/// for live sessions) or `BacktestLog` (the same files and lines, buffered).
protocol EngineRecordSink: AnyObject {
    func write(_ records: [EngineRecord])
}

extension SessionLog: EngineRecordSink {}

/// The session files of a backtest — the demo's files, lines formatted by `SessionLog` — written
/// through 256 KiB buffers instead of one system call per line: a backtest writes hundreds of
/// thousands of lines in seconds.
final class BacktestLog: EngineRecordSink {
    let directory: URL
    private let decisions: BufferedFile
    private let orders: BufferedFile
    private let fills: BufferedFile
    private let states: BufferedFile

    init(directory: URL) throws {
        self.directory = directory
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        decisions = try BufferedFile(directory.appendingPathComponent("decisions.jsonl"))
        orders = try BufferedFile(directory.appendingPathComponent("orders.jsonl"))
        fills = try BufferedFile(directory.appendingPathComponent("fills.jsonl"))
        states = try BufferedFile(directory.appendingPathComponent("state.jsonl"))
    }

    func write(_ records: [EngineRecord]) {
        for record in records {
            switch record {
            case .decision(let decision): decisions.line(SessionLog.writer(decision))
            case .order(let order): orders.line(SessionLog.writer(order))
            case .fill(let fill): fills.line(SessionLog.writer(fill))
            case .state(let state): states.line(SessionLog.writer(state))
            }
        }
    }

    /// Flushes every file, then writes `summary.json`; the first failed write of any file is
    /// the error (a full disk does not pass silently).
    func writeSummary(_ summary: SessionSummary) throws {
        for file in [decisions, orders, fills, states] { try file.flush() }
        for file in [decisions, orders, fills, states] { if let error = file.failure { throw error } }
        try Data((summary.json + "\n").utf8).write(to: directory.appendingPathComponent("summary.json"))
    }
}

/// An append-only text file with a write buffer.
final class BufferedFile {
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    private static let capacity = 256 * 1_024
    /// The first write that failed; later lines are dropped and `writeSummary` reports it.
    private(set) var failure: (any Error)?

    init(_ url: URL) throws {
        _ = FileManager.default.createFile(atPath: url.path, contents: nil)
        handle = try FileHandle(forWritingTo: url)
        buffer.reserveCapacity(BufferedFile.capacity + 4_096)
    }

    deinit {
        try? flush()
        try? handle.close()
    }

    func line(_ text: String) {
        buffer.append(contentsOf: text.utf8)
        buffer.append(UInt8(ascii: "\n"))
        if buffer.count >= BufferedFile.capacity { flushRecordingFailure() }
    }

    func line(_ writer: JSONLineWriter) {
        writer.appendLine(to: &buffer)
        if buffer.count >= BufferedFile.capacity { flushRecordingFailure() }
    }

    private func flushRecordingFailure() {
        do { try flush() } catch {
            if failure == nil { failure = error }
            buffer.removeAll(keepingCapacity: true)
        }
    }

    func flush() throws {
        guard !buffer.isEmpty, failure == nil else {
            buffer.removeAll(keepingCapacity: true)
            return
        }
        try handle.write(contentsOf: buffer)
        buffer.removeAll(keepingCapacity: true)
    }
}
