import Foundation
import KalshiCore
import Recording
import TradingEngine

/// The recording side of a backtest: reading, checksum verification, decoding, translation
/// into engine events and timer synthesis, in batches. With `readAhead` it runs on its own
/// thread one batch ahead of the engine, which is then the only work on the backtest's thread;
/// a small bounded queue (a few batches of a few thousand events) keeps memory flat. Either
/// way the events come in exactly the recording's order, so results do not depend on it.
final class TranslatedBatches: @unchecked Sendable {
    // @unchecked: `queue`, `ending` and `cancelled` are touched only with `condition` locked;
    // `producer` belongs to the producer thread once `start` ran (or to the caller's thread
    // without read-ahead), never to both.

    /// A market to register with the runners before `events[position]`.
    struct MarketAt: Sendable {
        var position: Int
        var metadata: MarketMetadata
        var asset: String?
    }

    /// Engine events ready to feed, and the markets defined among them: the consumer's loop
    /// copies nothing but the events themselves.
    struct Batch: Sendable {
        var events: [TimedEvent]
        var markets: [MarketAt]
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
    /// Event arrays the consumer is done with, emptied and refilled by the producer: their
    /// events are destroyed on the producer's thread (the engine's thread is the bottleneck)
    /// and no batch allocates.
    private var spares: [[TimedEvent]] = []
    private var ending: Ending?
    private var cancelled = false
    private var producer: Producer
    private let readAhead: Bool

    init(reader: RecordingReader, readAhead: Bool) {
        producer = Producer(reader: reader)
        self.readAhead = readAhead
    }

    /// Starts the producer thread (with read-ahead).
    func start() {
        guard readAhead else { return }
        let thread = Thread { [self] in
            while let batch = producer.fill(reusing: takeSpare()) {
                guard push(batch) else { break }
            }
            end(producer.ending)
        }
        thread.name = "backtest-reader"
        thread.start()
    }

    /// The next batch (waiting for it with read-ahead); nil once the stream ended.
    func next() -> Batch? {
        guard readAhead else {
            if let batch = producer.fill(reusing: takeSpare()) { return batch }
            ending = producer.ending
            return nil
        }
        condition.lock()
        defer { condition.unlock() }
        while queue.isEmpty && ending == nil { condition.wait() }
        guard !queue.isEmpty else { return nil }
        let batch = queue.removeFirst()
        condition.broadcast()
        return batch
    }

    /// Hands a batch's events back once they were fed, for the producer to reuse. Pass the
    /// array's only reference (`consume`): a shared one would be copied, not reused.
    func recycle(_ events: consuming [TimedEvent]) {
        condition.lock()
        defer { condition.unlock() }
        if spares.count <= TranslatedBatches.queueCapacity { spares.append(events) }
    }

    private func takeSpare() -> [TimedEvent] {
        condition.lock()
        defer { condition.unlock() }
        return spares.popLast() ?? []
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

    /// The longest silence between two records that is filled with synthesized timers.
    static let maximumTimerGapMs: Int64 = 3_600_000

    /// Reads and translates one batch at a time.
    struct Producer {
        let reader: RecordingReader
        var pipeline: ReplayPipeline
        let synthesizeTimers: Bool
        let interval: Int64
        var nextTimer: Int64?
        var previousTimeMs: Int64?
        var ending = Ending()
        var done = false

        init(reader: RecordingReader) {
            self.reader = reader
            pipeline = ReplayPipeline(header: reader.header)
            synthesizeTimers = reader.header.timers == .synthesized && reader.header.timerIntervalMs > 0
            interval = max(1, reader.header.timerIntervalMs)
        }

        /// The next batch, nil at the end of the recording (or at its damage), in `spare`'s
        /// storage when one is given.
        mutating func fill(reusing spare: consuming [TimedEvent]) -> Batch? {
            guard !done else { return nil }
            var events = consume spare
            events.removeAll(keepingCapacity: true)
            var markets: [MarketAt] = []
            events.reserveCapacity(TranslatedBatches.batchSize + 16)
            while events.count < TranslatedBatches.batchSize {
                let record: Record
                do {
                    guard let next = try reader.next() else {
                        done = true
                        break
                    }
                    record = next
                } catch {
                    ending.damage = error
                    done = true
                    break
                }
                ending.records += 1
                let time = record.timeMs
                if ending.firstTimeMs == nil { ending.firstTimeMs = time }
                ending.lastTimeMs = max(ending.lastTimeMs, time)
                if synthesizeTimers {
                    if nextTimer == nil { nextTimer = (time / interval + 1) * interval }
                    // A long silence (recordings merged across months, a capture without
                    // times) gets timers for its first `maximumTimerGapMs` only, then resumes
                    // on the grid at the next record: memory and time stay proportional to the
                    // data, not to the span between records.
                    if nextTimer != nil, let previous = previousTimeMs, time - previous > TranslatedBatches.maximumTimerGapMs {
                        let gapEnd = previous + TranslatedBatches.maximumTimerGapMs
                        while let pending = nextTimer, pending <= gapEnd {
                            events.append(TimedEvent(timeMs: pending, .timer))
                            nextTimer = pending + interval
                        }
                        nextTimer = max(nextTimer!, (time / interval) * interval)
                    }
                    while let due = nextTimer, due <= time {
                        events.append(TimedEvent(timeMs: due, .timer))
                        nextTimer = due + interval
                    }
                }
                previousTimeMs = time
                switch pipeline.translate(record) {
                case .none: break
                case .event(let event): events.append(TimedEvent(timeMs: time, event))
                case .events(let list): for event in list { events.append(TimedEvent(timeMs: time, event)) }
                case .market(let metadata, let asset):
                    markets.append(MarketAt(position: events.count, metadata: metadata, asset: asset))
                }
            }
            guard !events.isEmpty || !markets.isEmpty else { return nil }
            let progress = reader.fileSize > 0 ? Double(reader.offset) / Double(reader.fileSize) : 1
            return Batch(events: events, markets: markets, progress: progress)
        }
    }
}
