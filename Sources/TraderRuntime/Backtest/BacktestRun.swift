import KalshiCore
import Strategies
import TradingEngine

/// One run of the strategy over the recording under one fill model: its runner (engine +
/// simulated exchange), its metrics and P&L curve, and — for the primary run — the session
/// logs and the report's panels.
struct BacktestRun {
    let variant: ExecutionVariant
    var runner: SimulationRunner<BinaryEdgeStrategy>
    var metrics: BacktestMetrics
    var pnl = BoundedSeries()
    var collector: ReportCollector?
    /// Decisions that valued a market (had a fair value).
    private(set) var valuations = 0
    let log: (any EngineRecordSink)?
    /// Live runs (the recording session) also show orders and fills on the console.
    var console: ConsoleReporter?
    /// Records are collected (logs, metrics); off in the benchmark.
    let collects: Bool
    private var lastSampleSecond = Int64.min
    /// How many of the engine's records the metrics have seen (the rest are new).
    private var consumed = 0
    /// An emptied records array, swapped into the engine when its records are handed over.
    private var spareRecords: [EngineRecord] = []
    /// Runs without a log drop their records in blocks of this many.
    static let unloggedBlockSize = 4_096

    init(
        variant: ExecutionVariant, configuration: TradingConfiguration, sessionId: String, collects: Bool,
        log: (any EngineRecordSink)?,
        report: Bool
    ) {
        self.variant = variant
        var engine = TradingEngine(
            strategy: BinaryEdgeStrategy(configuration: configuration.strategyConfiguration),
            startingBalance: configuration.startingBalance,
            limits: configuration.risk, sessionPrefix: sessionId)
        engine.recording = collects
        runner = SimulationRunner(
            engine: engine, exchange: SimulatedExchange(configuration: variant.exchange(configuration.simulatedExchange)))
        metrics = BacktestMetrics(startingBalance: configuration.startingBalance)
        self.log = log
        self.collects = collects
        collector = report ? ReportCollector() : nil
    }

    @inline(__always)
    mutating func feed(_ event: borrowing TimedEvent) {
        runner.feed(event)
        if collects { collect(timeMs: event.timeMs) }
    }

    /// Reads the engine's new records where they lie (the metrics, the report, the console),
    /// and hands them to the log in blocks, swapping the engine's array for an emptied one: no
    /// array is copied or allocated per event.
    private mutating func collect(timeMs: Int64) {
        let count = runner.engine.records.count
        if count > consumed {
            consume(from: consumed, timeMs: timeMs)
            consumed = count
            if count >= (log?.blockSize ?? Self.unloggedBlockSize) { handOverRecords() }
        }
        let second = timeMs >= 0 ? timeMs / 1_000 : (timeMs - 999) / 1_000
        if second != lastSampleSecond {
            lastSampleSecond = second
            sampleEquity(timeMs)
        }
    }

    private mutating func sampleEquity(_ timeMs: Int64) {
        let state = runner.engine.state
        let equity = state.portfolio.equity(state.marks)
        metrics.observe(equity: equity)
        pnl.append(timeMs: timeMs, Double((equity - metrics.startingBalance).micros) / 1e6)
    }

    private mutating func handOverRecords() {
        var block: [EngineRecord] = []
        swap(&block, &spareRecords)
        runner.exchangeRecords(&block)
        if let log { log.take(&block) } else { block.removeAll(keepingCapacity: true) }
        spareRecords = block
        consumed = 0
    }

    /// The engine's records from `start` on, seen by the metrics, the report and the console.
    private mutating func consume(from start: Int, timeMs: Int64) {
        let records = runner.engine.records[start...]
        if let console { console.report(Array(records)) }
        var moved = false
        for record in records {
            switch record {
            case .decision(let decision):
                if decision.fair != nil { valuations += 1 }
                metrics.observe(decision: decision)
                collector?.observe(decision)
            case .fill(let fill):
                let metadata = runner.engine.state.id(of: fill.ticker).map { runner.engine.state.market($0).metadata }
                let strike = (metadata?.floorStrike ?? metadata?.capStrike).map { $0.formatted(decimals: 2) } ?? fill.ticker
                let secondsToClose = metadata.map { Double($0.closeTimeMs - fill.timeMs) / 1_000 } ?? .infinity
                metrics.observe(fill: fill, strike: strike, secondsToClose: secondsToClose)
                collector?.observe(fill)
                moved = true
            case .state(let state) where state.kind == "settlement":
                if let ticker = state.ticker, let id = runner.engine.state.id(of: ticker),
                    let settlement = runner.engine.state.market(id).settlement
                {
                    metrics.settle(ticker: ticker, yesWon: settlement.result == .yes)
                }
                moved = true
            default:
                break
            }
        }
        if moved { sampleEquity(timeMs) }
    }

    /// Ends the run (see `ReplayEnd`) and returns its figures.
    mutating func finish(lastTimeMs: Int64, events: Int, spanMs: Int64) -> BacktestMetrics.Values {
        ReplayEnd.finish(&runner, lastTimeMs: lastTimeMs)
        if collects {
            consume(from: consumed, timeMs: runner.engine.state.nowMs)
            handOverRecords()
        }
        let state = runner.engine.state
        let marks = state.marks
        let equity = state.portfolio.equity(marks)
        pnl.append(timeMs: state.nowMs, Double((equity - metrics.startingBalance).micros) / 1e6)
        return metrics.finish(marks: marks, finalEquity: equity, fees: state.portfolio.fees, events: events, spanMs: spanMs)
    }
}
