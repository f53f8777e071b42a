import BacktestReport
import Foundation
import KalshiAPI
import KalshiCore
import Recording
import Strategies
import TradingEngine

/// A backtest: the recording streams through `ReplayPipeline` into one `SimulationRunner`
/// per fill model — the demo's engine, strategy, risk checks and simulated exchange — on the
/// recording's clock, as fast as the machine goes. Memory is flat in the recording's length
/// (one block of records in memory, bounded series for the report). The same recording and
/// configuration give byte-identical files.
public enum BacktestSession {
    public enum BacktestError: Error, CustomStringConvertible {
        case recording(RecordingError)
        case output(String)

        public var description: String {
            switch self {
            case .recording(let error): return error.description
            case .output(let detail): return detail
            }
        }
    }

    /// The session id of a backtest written to `--out`: from the recording's file name, so it
    /// does not depend on when the backtest ran.
    public static func deterministicSessionId(recordingPath: String) -> String {
        let stem = URL(fileURLWithPath: recordingPath).deletingPathExtension().lastPathComponent
        let cleaned = String(stem.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" ? $0 : "-" }.prefix(48))
        return "backtest-" + (cleaned.isEmpty ? "recording" : cleaned)
    }

    public static func run(recordingPath: String, configuration: TradingConfiguration, options: BacktestOptions)
        throws(BacktestError)
        -> BacktestResult
    {
        let wallStart = ContinuousClock.now
        let reader: RecordingReader
        do { reader = try RecordingReader(path: recordingPath) } catch { throw .recording(error) }
        let sessionId =
            options.outDirectory != nil
            ? deterministicSessionId(recordingPath: recordingPath)
            : SessionLog.newSessionId(nowMs: Int64(Date().timeIntervalSince1970 * 1_000))
        var log: BacktestLog?
        if options.collectRecords {
            let directory =
                options.outDirectory.map { URL(fileURLWithPath: $0) }
                ?? URL(fileURLWithPath: options.logsDirectory).appendingPathComponent(sessionId)
            do { log = try BacktestLog(directory: directory) } catch {
                throw .output("cannot write the session files in '\(directory.path)': \(error.localizedDescription)")
            }
        }
        let variants =
            options.variants.isEmpty
            ? [
                ExecutionVariant(
                    queueModel: configuration.execution.queueModel, entryLatencyMs: configuration.execution.entryLatencyMs,
                    acknowledgementLatencyMs: configuration.execution.acknowledgementLatencyMs)
            ] : options.variants
        var runs: [BacktestRun] = []
        for (index, variant) in variants.enumerated() {
            var sink: (any EngineRecordSink)?
            if index == 0 { sink = log }
            runs.append(
                BacktestRun(
                    variant: variant, configuration: configuration, sessionId: sessionId, collects: options.collectRecords,
                    log: sink,
                    report: index == 0 && options.reportDirectory != nil))
        }

        var events = 0
        let source = TranslatedBatches(reader: reader, readAhead: options.readAhead)
        source.start()
        while var batch = source.next() {
            var nextMarket = 0
            var start = 0
            // Events run in spans between market definitions (which must be registered first).
            while start < batch.events.count || nextMarket < batch.markets.count {
                while nextMarket < batch.markets.count, batch.markets[nextMarket].position == start {
                    let market = batch.markets[nextMarket]
                    for index in runs.indices { runs[index].runner.addMarket(market.metadata, asset: market.asset) }
                    nextMarket += 1
                }
                let end = nextMarket < batch.markets.count ? batch.markets[nextMarket].position : batch.events.count
                Self.feed(&batch.events, start..<end, to: &runs)
                start = end
                if start == batch.events.count && nextMarket == batch.markets.count { break }
            }
            events += batch.events.count
            options.progress?(batch.progress)
            var done: [TimedEvent] = []
            swap(&done, &batch.events)
            source.recycle(consume done)
        }
        let ending = source.finish
        let records = ending.records
        let damage = ending.damage
        let lastTime = ending.lastTimeMs
        let firstTime = ending.firstTimeMs
        options.progress?(1)

        let span = lastTime - (firstTime ?? lastTime)
        var values: [BacktestMetrics.Values] = []
        for index in runs.indices { values.append(runs[index].finish(lastTimeMs: lastTime, events: events, spanMs: span)) }
        var summary = SessionSummary(sessionId: sessionId, mode: "backtest", engine: runs[0].runner.engine)
        summary.metricsJSON = values[0].json
        summary.calibrationJSON = runs[0].metrics.calibration.json
        if let log {
            do { try log.writeSummary(summary) } catch {
                throw .output("cannot write summary.json: \(error.localizedDescription)")
            }
        }
        var reportPath: String?
        if let directory = options.reportDirectory {
            let document = report(
                runs: runs, values: values, recordingPath: recordingPath, header: reader.header, configuration: configuration,
                damage: damage)
            reportPath = try write(document, to: directory)
        }
        let elapsed = wallStart.duration(to: .now)
        return BacktestResult(
            summary: summary, runs: zip(runs, values).map { ($0.variant.label, $1.json) }, metricFields: values[0].fields,
            logDirectory: log?.directory.path,
            reportPath: reportPath, events: events, records: records, recordingError: damage,
            wallSeconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
    }

    /// The hot loop. Each event is moved out of the batch into a local for the runs to borrow,
    /// then moved back: reading it in place (through the array or a pointer) made Swift copy
    /// it, and copying or destroying an `EngineEvent` switches on its case and retains its
    /// payload — about a tenth of the engine thread's time. Moved back, the events are
    /// destroyed by the producer when it reuses the array (`TranslatedBatches.recycle`). The
    /// runs are passed `inout` (a variable captured by a closure would be boxed and checked on
    /// every access).
    private static func feed(_ events: inout [TimedEvent], _ range: Range<Int>, to runs: inout [BacktestRun]) {
        guard !range.isEmpty else { return }
        events.withUnsafeMutableBufferPointer { buffer in
            // The spans come from the batch's own market positions: always inside it.
            precondition(range.lowerBound >= 0 && range.upperBound <= buffer.count, "event span outside its batch")
            guard let base = buffer.baseAddress else { preconditionFailure("a non-empty batch has storage") }
            if runs.count == 1 {
                for index in range {
                    let event = (base + index).move()
                    runs[0].feed(event)
                    (base + index).initialize(to: event)
                }
            } else {
                for index in range {
                    let event = (base + index).move()
                    for run in runs.indices { runs[run].feed(event) }
                    (base + index).initialize(to: event)
                }
            }
        }
    }

    private static func write(_ document: ReportDocument, to directory: String) throws(BacktestError) -> String {
        let url = URL(fileURLWithPath: directory)
        do {
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
            let file = url.appendingPathComponent("index.html")
            try Data(ReportRenderer.html(document).utf8).write(to: file)
            return file.path
        } catch {
            throw .output("cannot write the report in '\(directory)': \(error.localizedDescription)")
        }
    }

    private static func report(
        runs: [BacktestRun], values: [BacktestMetrics.Values], recordingPath: String, header: RecordingHeader,
        configuration: TradingConfiguration, damage: RecordingError?
    ) -> ReportDocument {
        let primary = runs[0]
        let collector = primary.collector ?? ReportCollector()
        let reportRuns = zip(runs, values).map { run, value in
            ReportRun(
                label: run.variant.label, pnlNet: value.pnlNet.description, trades: value.trades, hitRate: value.hitRate,
                maxDrawdown: value.maxDrawdown.description, brierModel: value.brierModel, brierMarket: value.brierMarket,
                events: value.events, fees: value.fees.description,
                pnl: run.pnl.points.map { ReportPoint(timeMs: $0.timeMs, value: $0.value) })
        }
        let strategy = configuration.strategyConfiguration
        var notes = [
            "Equity is cash plus open positions at the mid (settled markets at their payout); fees are paid out of cash, so every P&L figure is net of fees.",
            "Brier scores: every valuation in a market that settled with a two-sided book, (fair − outcome)² for the model and (mid − outcome)² for the market, outcome 1 when YES won.",
            "Hit rate: share of fills whose P&L to settlement (or to the last mid, for markets still open), net of their fee, is positive.",
        ]
        if runs.count > 1 {
            notes.append(
                "Queue models only differ for orders that rest on the book; \(BinaryEdgeStrategy().name) takes liquidity with immediate-or-cancel orders, so there only the latencies change its fills."
            )
        }
        if let damage {
            notes.append("The recording is damaged: \(damage.description). Everything before that point was backtested.")
        }
        return ReportDocument(
            title: "Backtest of \(URL(fileURLWithPath: recordingPath).lastPathComponent)",
            details: [
                "Recording: \(header.producer) — \(header.source)",
                "Strategy: \(BinaryEdgeStrategy().name) (\(strategy.model.rawValue) pricing), \(strategy.tradeSize) contracts per order, minimum edge \(strategy.minimumEdge), strikes \(strategy.strikes.rawValue); starting balance \(configuration.startingBalance.formatted(decimals: 2))",
                "Primary run: \(runs[0].variant.label) (queue model, order entry and acknowledgement latency)",
            ],
            runs: reportRuns, markets: collector.marketPanels(state: primary.runner.engine.state), fills: collector.fillRows,
            fillsOmitted: collector.fillsOmitted, fees: collector.fees, notes: notes, calibration: primary.metrics.calibration.report)
    }
}
