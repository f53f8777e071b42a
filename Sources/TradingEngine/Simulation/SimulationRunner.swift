import HeapModule
import KalshiCore

/// Runs the engine against the simulated exchange in event time: market data is fed in order,
/// and what the exchange and the engine schedule for later (an order arriving after the entry
/// latency, a report arriving after the acknowledgement latency) is interleaved by time. The
/// demo drives it from live or fake feeds with a clock; a backtest drives it from a recording as
/// fast as it can. Same inputs, same outputs.
public struct SimulationRunner<S: Strategy>: Sendable {
    public private(set) var engine: TradingEngine<S>
    public private(set) var exchange: SimulatedExchange
    private var pending = Heap<Scheduled>() {
        didSet { nextDueMs = pending.min?.timeMs ?? .max }
    }
    /// Time of the earliest scheduled item (`.max` when none): most events find nothing due,
    /// and this test is cheaper than asking the heap.
    private var nextDueMs: Int64 = .max
    private var sequence: UInt64 = 0
    public private(set) var processedEvents = 0
    /// Reused for each event's reports and commands (most events have none): no array is
    /// returned per event on the backtest's hot path.
    private var reportScratch: [TimedEvent] = []
    private var commandScratch: [VenueCommand] = []

    struct Scheduled: Comparable, Sendable {
        enum Kind: Sendable {
            case engine(EngineEvent)
            case arrival(VenueCommand)
        }

        var timeMs: Int64
        var sequence: UInt64
        var kind: Kind

        static func < (lhs: Scheduled, rhs: Scheduled) -> Bool { (lhs.timeMs, lhs.sequence) < (rhs.timeMs, rhs.sequence) }
        static func == (lhs: Scheduled, rhs: Scheduled) -> Bool { lhs.timeMs == rhs.timeMs && lhs.sequence == rhs.sequence }
    }

    /// With `sharingBooks` (the default) the exchange lets the books of markets where we have
    /// nothing lapse and takes the engine's up when it needs one (`SimulatedExchange.sharesEngineBooks`):
    /// the same reports, without applying every book update twice. Off, the exchange keeps
    /// its own books throughout (the tests compare the two). Books are only shared when both
    /// start without markets: then every market reaches both through `addMarket` and every
    /// book update through `feed`.
    public init(engine: TradingEngine<S>, exchange: SimulatedExchange, sharingBooks: Bool = true) {
        self.engine = engine
        self.exchange = exchange
        if sharingBooks, exchange.marketCount == 0, engine.state.markets.isEmpty { self.exchange.shareEngineBooks() }
    }

    @discardableResult
    public mutating func addMarket(_ metadata: MarketMetadata, asset: String?) -> MarketID {
        if let existing = engine.state.id(of: metadata.ticker) { return existing }
        let id = engine.addMarket(metadata, asset: asset)
        exchange.addMarket(id, metadata: metadata, asset: asset)
        return id
    }

    public mutating func drainRecords() -> [EngineRecord] { engine.drainRecords() }

    /// The engine's records swapped with `other` (`TradingEngine.exchangeRecords`).
    public mutating func exchangeRecords(_ other: inout [EngineRecord]) { engine.exchangeRecords(&other) }

    /// Feeds one external event (market data, signal, timer): first everything scheduled up to
    /// its time, then the event itself to the exchange and the engine.
    public mutating func feed(_ event: borrowing TimedEvent) {
        advance(to: event.timeMs)
        // Closes first: an order resting in a market that closed must not fill on later data.
        if exchange.mayHaveSettlementsDue(nowMs: event.timeMs) {
            for settlement in exchange.settleDue(nowMs: event.timeMs) { schedule(settlement) }
        }
        // Most events are book deltas in markets where the exchange's book lapsed: they are
        // not handed to it at all (the call and its switch were a tenth of a backtest).
        if case .bookDelta(let id, let delta) = event.event, !exchange.followsFeed(id) {
            processedEvents += 1
            engine.processBookDelta(id, delta, atMs: event.timeMs, into: &commandScratch)
            return scheduleCommands(sentAtMs: event.timeMs)
        }
        exchange.observe(event, into: &reportScratch)
        if let id = exchange.bookWanted { exchange.resume(id, from: engine.state.markets[id.index].market.book) }
        if !reportScratch.isEmpty {
            for report in reportScratch { schedule(report) }
            reportScratch.removeAll(keepingCapacity: true)
        }
        dispatch(event)
    }

    /// Processes everything scheduled at or before `timeMs`. Inlined: most events find nothing
    /// due, and the call itself (a large frame) cost more than the test.
    @inline(__always)
    public mutating func advance(to timeMs: Int64) {
        if nextDueMs <= timeMs { processDue(upTo: timeMs) }
    }

    private mutating func processDue(upTo timeMs: Int64) {
        while nextDueMs <= timeMs, let next = pending.min, next.timeMs <= timeMs {
            let item = pending.removeMin()
            switch item.kind {
            case .engine(let event):
                dispatch(TimedEvent(timeMs: item.timeMs, event))
            case .arrival(let command):
                let book = exchange.sharesEngineBooks ? engine.state.markets[command.market.index].market.book : nil
                for report in exchange.arrive(command, atMs: item.timeMs, engineBook: book) { schedule(report) }
            }
        }
    }

    /// Processes everything still scheduled (end of a backtest).
    public mutating func finish() {
        while let last = pending.max { advance(to: last.timeMs) }
    }

    public var hasPendingWork: Bool { !pending.isEmpty }

    private mutating func dispatch(_ event: borrowing TimedEvent) {
        processedEvents += 1
        engine.process(event, into: &commandScratch)
        scheduleCommands(sentAtMs: event.timeMs)
    }

    /// The engine's commands reach the exchange after the entry latency.
    @inline(__always)
    private mutating func scheduleCommands(sentAtMs timeMs: Int64) {
        guard !commandScratch.isEmpty else { return }
        for command in commandScratch {
            sequence += 1
            pending.insert(
                Scheduled(timeMs: timeMs + exchange.configuration.entryLatencyMs, sequence: sequence, kind: .arrival(command)))
        }
        commandScratch.removeAll(keepingCapacity: true)
    }

    private mutating func schedule(_ event: TimedEvent) {
        sequence += 1
        pending.insert(Scheduled(timeMs: event.timeMs, sequence: sequence, kind: .engine(event.event)))
    }
}
