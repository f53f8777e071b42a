import Foundation
import Recording
import TradingEngine

/// The recording side of a backtest on its own thread: reading, checksum verification,
/// decoding, translation into engine events and timer synthesis run one batch ahead of the
/// engine, which is then the only work on the backtest's thread. A small bounded queue
/// (a few batches of a few thousand events) keeps memory flat; the order of events is exactly
/// the recording's, so results do not depend on the threading.
final class TranslatedBatches: @unchecked Sendable {
    // @unchecked: every mutable property below is read and written only with `condition`
    // locked; the reader is used by the producer thread alone once `start` hands it over.

    struct Item: Sendable {
        var timeMs: Int64
        var output: ReplayPipeline.Output
    }

    struct Batch: Sendable {
        var items: [Item]
        /// Fraction of the file read when the batch was made.
        var progress: Double
    }

    /// How the recording ended, with what the whole stream saw.
    struct Ending: Sendable {
        var records = 0
        var firstTimeMs: Int64?
        var lastTimeMs: Int64 = 0
        var damage: RecordingError?
    }

    static let batchSize = 4_096
    static let queueCapacity = 4

    private let condition = NSCondition()
    private var queue: [Batch] = []
    private var ending: Ending?
    private var cancelled = false
    private var reader: RecordingReader?
    private let header: RecordingHeader

    init(reader: RecordingReader) {
        self.reader = reader
        self.header = reader.header
    }

    /// Starts the producer thread; the reader belongs to it from now on.
    func start() {
        let thread = Thread { [self] in produce() }
        thread.name = "backtest-reader"
        thread.start()
    }

    /// The next batch, waiting for it; nil once the stream ended (see `finish`).
    func next() -> Batch? {
        condition.lock()
        defer { condition.unlock() }
        while queue.isEmpty && ending == nil { condition.wait() }
        guard !queue.isEmpty else { return nil }
        let batch = queue.removeFirst()
        condition.broadcast()
        return batch
    }

    /// How the stream ended (after `next()` returned nil).
    var finish: Ending {
        condition.lock()
        defer { condition.unlock() }
        while ending == nil { condition.wait() }
        return ending!
    }

    /// Stops the producer early (the consumer gave up).
    func cancel() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        condition.unlock()
    }

    private func push(_ batch: Batch) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while queue.count >= TranslatedBatches.queueCapacity && !cancelled { condition.wait() }
        guard !cancelled else { return false }
        queue.append(batch)
        condition.broadcast()
        return true
    }

    private func end(_ summary: Ending) {
        condition.lock()
        ending = summary
        condition.broadcast()
        condition.unlock()
    }

    private func produce() {
        condition.lock()
        let reader = self.reader!
        self.reader = nil
        condition.unlock()
        var pipeline = ReplayPipeline(header: header)
        let synthesizeTimers = header.timers == .synthesized && header.timerIntervalMs > 0
        let interval = max(1, header.timerIntervalMs)
        var nextTimer: Int64?
        var summary = Ending()
        var items: [Item] = []
        items.reserveCapacity(TranslatedBatches.batchSize + 16)
        func progress() -> Double { reader.fileSize > 0 ? Double(reader.offset) / Double(reader.fileSize) : 1 }
        while true {
            let record: Record
            do {
                guard let next = try reader.next() else { break }
                record = next
            } catch {
                summary.damage = error
                break
            }
            summary.records += 1
            let time = record.timeMs
            if summary.firstTimeMs == nil { summary.firstTimeMs = time }
            summary.lastTimeMs = max(summary.lastTimeMs, time)
            if synthesizeTimers {
                if nextTimer == nil { nextTimer = (time / interval + 1) * interval }
                while let due = nextTimer, due <= time {
                    items.append(Item(timeMs: due, output: .event(.timer)))
                    nextTimer = due + interval
                }
            }
            let output = pipeline.translate(record)
            if case .none = output { continue }
            items.append(Item(timeMs: time, output: output))
            if items.count >= TranslatedBatches.batchSize {
                guard push(Batch(items: items, progress: progress())) else { return end(summary) }
                items = []
                items.reserveCapacity(TranslatedBatches.batchSize + 16)
            }
        }
        if !items.isEmpty { _ = push(Batch(items: items, progress: progress())) }
        end(summary)
    }
}
