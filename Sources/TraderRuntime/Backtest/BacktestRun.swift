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

    private mutating func collect(timeMs: Int64) {
        if !runner.engine.records.isEmpty { consume(runner.drainRecords(), timeMs: timeMs) }
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

    private mutating func consume(_ records: [EngineRecord], timeMs: Int64) {
        log?.write(records)
        console?.report(records)
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
            consume(runner.drainRecords(), timeMs: runner.engine.state.nowMs)
        }
        let state = runner.engine.state
        let marks = state.marks
        let equity = state.portfolio.equity(marks)
        pnl.append(timeMs: state.nowMs, Double((equity - metrics.startingBalance).micros) / 1e6)
        return metrics.finish(marks: marks, finalEquity: equity, fees: state.portfolio.fees, events: events, spanMs: spanMs)
    }
}
