import ArgumentParser
import Foundation
import KalshiAPI
import KalshiCore
import Recording
import TraderRuntime
import TradingEngine

struct BacktestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backtest",
        abstract: "Run the strategy over a recording with simulated execution, as fast as possible.",
        discussion: """
            The demo's engine, BinaryEdgeStrategy, risk checks and simulated exchange, on the \
            recording's clock. Writes decisions.jsonl, orders.jsonl, fills.jsonl, state.jsonl and \
            summary.json (with "metrics") to logs/<session-id>/, or to --out DIR. The same recording \
            and configuration give byte-identical files. --fill-model and --latency-ms may be repeated \
            (or given as comma lists): every combination runs, the first is the primary run (the \
            files), and --report compares them all; with --report and a single model or latency, \
            the report adds the other queue model and a latency one second longer (see --no-compare). A \
            damaged recording is backtested up to the damage; the error names the byte offset and \
            the command exits non-zero after writing the files.
            """
    )

    @Argument(help: "The recording.")
    var file: String

    @Option(help: "JSON configuration file (see config/demo.json).")
    var config: String?

    @Option(
        name: .customLong("fill-model"), parsing: .singleValue, help: "Queue model: conservative or probabilistic (repeatable).")
    var fillModels: [String] = []

    @Option(
        name: .customLong("latency-ms"), parsing: .unconditionalSingleValue, help: "Order entry and acknowledgement latency, ms (repeatable).")
    var latencies: [String] = []

    @Option(help: "Write an HTML report (index.html) into this directory.")
    var report: String?

    @Option(help: "Write the session files into this directory instead of logs/<session-id>/.")
    var out: String?

    @Option(help: "Directory for the session logs when --out is not given.")
    var logs: String = "logs"

    @Flag(help: "With --report, do not add the other queue model and a second latency to the comparison.")
    var noCompare = false

    @Option(parsing: .unconditional, help: "Starting balance in dollars (overrides the config).")
    var balance: String?

    func validate() throws {
        _ = try models()
        _ = try latencyValues()
        if let balance {
            guard let amount = try? Money(parsing: balance), amount > .zero else {
                throw ValidationError("--balance must be a positive dollar amount, got '\(balance)'")
            }
        }
        _ = try loadConfiguration()
        guard FileManager.default.isReadableFile(atPath: file) else { throw ValidationError("cannot read recording '\(file)'") }
    }

    private func split(_ values: [String]) -> [String] {
        values.flatMap { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }.filter { !$0.isEmpty }
    }

    private func models() throws -> [SimulatedExchangeConfiguration.QueueModel] {
        try split(fillModels).map { name in
            guard let model = SimulatedExchangeConfiguration.QueueModel(rawValue: name) else {
                throw ValidationError("--fill-model '\(name)' is not one of conservative, probabilistic")
            }
            return model
        }.uniqued()
    }

    private func latencyValues() throws -> [Int64] {
        try split(latencies).map { text in
            guard let value = Int64(text), (0...600_000).contains(value) else {
                throw ValidationError("--latency-ms '\(text)' must be a whole number of milliseconds in 0...600000")
            }
            return value
        }.uniqued()
    }

    private func loadConfiguration() throws -> TradingConfiguration {
        var configuration = TradingConfiguration()
        if let config {
            do { configuration = try ConfigurationLoader.load(path: config) } catch { throw ValidationError(error.description) }
        }
        if let balance, let amount = try? Money(parsing: balance) { configuration.startingBalance = amount }
        return configuration
    }

    /// Every model × latency; the first of each is the primary run.
    func variants(_ configuration: TradingConfiguration) throws -> [ExecutionVariant] {
        var queueModels = try models()
        var latencyList = try latencyValues()
        let explicitLatency = !latencyList.isEmpty
        if queueModels.isEmpty { queueModels = [configuration.execution.queueModel] }
        if report != nil, !noCompare {
            if queueModels.count == 1 {
                queueModels += SimulatedExchangeConfiguration.QueueModel.allCases.filter { $0 != queueModels[0] }
            }
            if latencyList.count == 1 || latencyList.isEmpty {
                let first = latencyList.first ?? configuration.execution.entryLatencyMs
                latencyList = [first, first + 1_000]
            }
        }
        var result: [ExecutionVariant] = []
        for model in queueModels {
            if latencyList.isEmpty {
                result.append(
                    ExecutionVariant(
                        queueModel: model, entryLatencyMs: configuration.execution.entryLatencyMs,
                        acknowledgementLatencyMs: configuration.execution.acknowledgementLatencyMs))
            }
            for (index, latency) in latencyList.enumerated() {
                // Without --latency-ms the primary keeps the configuration's two latencies.
                let primaryFromConfig = !explicitLatency && index == 0
                result.append(
                    ExecutionVariant(
                        queueModel: model, entryLatencyMs: primaryFromConfig ? configuration.execution.entryLatencyMs : latency,
                        acknowledgementLatencyMs: primaryFromConfig ? configuration.execution.acknowledgementLatencyMs : latency))
            }
        }
        return result
    }

    func run() throws {
        let configuration = try loadConfiguration()
        var options = BacktestOptions()
        options.outDirectory = out
        options.logsDirectory = logs
        options.reportDirectory = report
        options.variants = try variants(configuration)
        if ProgressBar.isTerminal {
            options.progress = { ProgressBar.draw(fraction: $0) }
        }
        let result: BacktestResult
        do {
            result = try BacktestSession.run(recordingPath: file, configuration: configuration, options: options)
        } catch {
            if ProgressBar.isTerminal { ProgressBar.clear() }
            throw CommandFailure(description: "backtest failed: \(error)")
        }
        if ProgressBar.isTerminal { ProgressBar.clear() }
        for (index, run) in result.runs.enumerated() {
            var writer = JSONLineWriter()
            writer.add("run", run.label)
            writer.add("primary", json: index == 0 ? "true" : "false")
            writer.add("metrics", json: run.metrics)
            Console.line(writer.line)
        }
        var writer = JSONLineWriter()
        writer.add("session_id", result.summary.sessionId)
        writer.add("logs", result.logDirectory)
        writer.add("report", result.reportPath)
        writer.add("records", result.records)
        writer.add("events", result.events)
        writer.add("wall_s", result.wallSeconds, decimals: 3)
        writer.add("wall_events_per_s", result.wallSeconds > 0 ? Double(result.events) / result.wallSeconds : 0, decimals: 0)
        Console.line(writer.line)
        if let damage = result.recordingError {
            throw CommandFailure(
                description: "\(file): \(damage.description); the backtest used the valid part and wrote its files")
        }
    }
}

extension Array where Element: Equatable {
    func uniqued() -> [Element] {
        var result: [Element] = []
        for element in self where !result.contains(element) { result.append(element) }
        return result
    }
}
