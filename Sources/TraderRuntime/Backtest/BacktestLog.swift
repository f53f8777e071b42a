import Foundation
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
            case .decision(let decision): decisions.line(SessionLog.json(decision))
            case .order(let order): orders.line(SessionLog.json(order))
            case .fill(let fill): fills.line(SessionLog.json(fill))
            case .state(let state): states.line(SessionLog.json(state))
            }
        }
    }

    /// Flushes every file, then writes `summary.json`.
    func writeSummary(_ summary: SessionSummary) throws {
        for file in [decisions, orders, fills, states] { try file.flush() }
        try Data((summary.json + "\n").utf8).write(to: directory.appendingPathComponent("summary.json"))
    }
}

/// An append-only text file with a write buffer.
final class BufferedFile {
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    private static let capacity = 256 * 1_024

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
        if buffer.count >= BufferedFile.capacity { try? flush() }
    }

    func flush() throws {
        guard !buffer.isEmpty else { return }
        try handle.write(contentsOf: buffer)
        buffer.removeAll(keepingCapacity: true)
    }
}
