import Foundation
import KalshiAPI
import TradingEngine

/// Where a run's engine records go: the demo's `SessionLog` (each line written as it happens,
/// for live sessions) or `BacktestLog` (the same files and lines, written in blocks).
protocol EngineRecordSink: AnyObject {
    /// How many records a run gathers before handing them over: 1 where lines are written as
    /// they happen.
    var blockSize: Int { get }
    /// Takes `records`, leaving the array empty (its storage possibly swapped for another).
    func take(_ records: inout [EngineRecord])
}

extension SessionLog: EngineRecordSink {
    var blockSize: Int { 1 }

    func take(_ records: inout [EngineRecord]) {
        write(records)
        records.removeAll(keepingCapacity: true)
    }
}

/// The session files of a backtest — the demo's files, lines formatted by `SessionLog` —
/// formatted and written by a thread of their own (`LogWriterThread`): a backtest writes
/// millions of lines (a gigabyte of decisions for ten million events), and formatting them on
/// the engine's thread took five times as long as the backtest itself. The engine's thread
/// only hands over its blocks of records; the lines come out in the engine's order, byte for
/// byte as before.
final class BacktestLog: EngineRecordSink {
    let directory: URL
    private let writer: LogWriterThread
    private var closed = false

    init(directory: URL) throws {
        self.directory = directory
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        writer = LogWriterThread(files: try LogFiles(directory: directory))
    }

    deinit {
        // A run that ended without its summary still leaves its lines on disk.
        if !closed { try? writer.close() }
    }

    var blockSize: Int { LogWriterThread.blockSize }

    func take(_ records: inout [EngineRecord]) { writer.enqueue(&records) }

    /// Waits for every line to be written, then writes `summary.json`; the first failed write
    /// of any file is the error (a full disk does not pass silently).
    func writeSummary(_ summary: SessionSummary) throws {
        closed = true
        try writer.close()
        try Data((summary.json + "\n").utf8).write(to: directory.appendingPathComponent("summary.json"))
    }
}

/// The four line files of a session, each buffered.
final class LogFiles {
    private let decisions: BufferedFile
    private let orders: BufferedFile
    private let fills: BufferedFile
    private let states: BufferedFile
    private var decisionLines = DecisionLineFormatter()

    convenience init(directory: URL) throws {
        try self.init(
            decisions: directory.appendingPathComponent("decisions.jsonl"), orders: directory.appendingPathComponent("orders.jsonl"),
            fills: directory.appendingPathComponent("fills.jsonl"), states: directory.appendingPathComponent("state.jsonl"))
    }

    convenience init(decisions: URL, orders: URL, fills: URL, states: URL) throws {
        self.init(
            decisions: try BufferedFile(decisions), orders: try BufferedFile(orders), fills: try BufferedFile(fills),
            states: try BufferedFile(states))
    }

    init(decisions: BufferedFile, orders: BufferedFile, fills: BufferedFile, states: BufferedFile) {
        self.decisions = decisions
        self.orders = orders
        self.fills = fills
        self.states = states
    }

    func append(_ record: EngineRecord) {
        switch record {
        case .decision(let decision): decisions.append { decisionLines.append(decision, to: &$0) }
        case .order(let order): orders.line { SessionLog.add(order, to: &$0) }
        case .fill(let fill): fills.line { SessionLog.add(fill, to: &$0) }
        case .state(let state): states.line { SessionLog.add(state, to: &$0) }
        }
    }

    /// Flushes every file; the first write that failed, if one did.
    func flush() -> (any Error)? {
        var first: (any Error)?
        for file in [decisions, orders, fills, states] {
            do { try file.flush() } catch { first = first ?? error }
        }
        for file in [decisions, orders, fills, states] where first == nil { first = file.failure }
        return first
    }
}

/// The thread that formats and writes a backtest's records, fed blocks of them through a
/// small bounded queue (memory stays flat whichever side is faster). Emptied blocks go back to
/// the engine's side for reuse, their records destroyed on this thread.
final class LogWriterThread: @unchecked Sendable {
    // @unchecked: `queue`, `spares`, `closing`, `done` and `failure` are touched only with
    // `condition` locked; `files` belongs to the thread once it started.
    static let blockSize = 8_192
    static let queueCapacity = 4

    private let condition = NSCondition()
    private var queue: [[EngineRecord]] = []
    private var spares: [[EngineRecord]] = []
    private var closing = false
    private var done = false
    private var failure: (any Error)?
    private let files: LogFiles

    init(files: LogFiles) {
        self.files = files
        let thread = Thread { [self] in run() }
        thread.name = "backtest-log"
        thread.start()
    }

    /// Hands `block` over (waiting while the queue is full) and leaves an empty one in its place.
    func enqueue(_ block: inout [EngineRecord]) {
        guard !block.isEmpty else { return }
        condition.lock()
        defer { condition.unlock() }
        while queue.count >= LogWriterThread.queueCapacity { condition.wait() }
        var replacement = spares.popLast() ?? []
        swap(&replacement, &block)
        queue.append(replacement)
        condition.broadcast()
    }

    /// Waits until everything handed over is written and flushed; the first failed write.
    func close() throws {
        condition.lock()
        closing = true
        condition.broadcast()
        while !done { condition.wait() }
        let failure = failure
        condition.unlock()
        if let failure { throw failure }
    }

    private func run() {
        while var block = take() {
            for record in block { files.append(record) }
            block.removeAll(keepingCapacity: true)
            condition.lock()
            if spares.count < LogWriterThread.queueCapacity { spares.append(block) }
            condition.unlock()
        }
        let failure = files.flush()
        condition.lock()
        self.failure = failure
        done = true
        condition.broadcast()
        condition.unlock()
    }

    /// The next block, nil once closing with nothing left.
    private func take() -> [EngineRecord]? {
        condition.lock()
        defer { condition.unlock() }
        while queue.isEmpty && !closing { condition.wait() }
        guard !queue.isEmpty else { return nil }
        let block = queue.removeFirst()
        condition.broadcast()
        return block
    }
}
