import ArgumentParser
import Foundation
import KalshiCore
import TraderRuntime

struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run the trading algorithm end to end with simulated execution (offline by default).",
        discussion: """
            Offline (the default) the fake Kalshi exchange and the fake Crypto.com feed start \
            in-process on loopback and play a synthetic hourly market through settlement, by \
            default in under a minute (speed 75); the real WebSocket and REST clients feed the \
            engine and BinaryEdgeStrategy, and orders fill in the simulated exchange. With \
            --live-data the same runs on live Kalshi and Crypto.com data (a read-only key from the \
            config's live_data section), still paper trading. Writes logs/<session-id>/ \
            (decisions, orders, fills, state, summary.json). --metrics serves Prometheus metrics \
            and --dashboard a live page while it runs; `report logs/<session-id>` renders the logs.
            """
    )

    @Option(parsing: .unconditional, help: "Stop after this many wall-clock seconds.")
    var runtime: Double?

    @Option(parsing: .unconditional, help: "Starting balance in dollars (overrides the config).")
    var balance: String?

    @Option(help: "ETH or BTC (overrides the config).")
    var asset: String?

    @Option(parsing: .unconditional, help: "Scenario speed-up of the offline demo (overrides the config).")
    var speed: Double?

    @Option(help: "JSON configuration file (see config/demo.json).")
    var config: String?

    @Flag(help: "Use live Kalshi and Crypto.com data instead of the offline fake venues.")
    var liveData = false

    @Flag(help: "Print every valuation, not only the ones that trade.")
    var verbose = false

    @Option(help: "Directory for the session logs.")
    var logs: String = "logs"

    @OptionGroup var metrics: MetricsArgument
    @OptionGroup var dashboard: DashboardArguments
    @OptionGroup var logFormat: LogFormatArgument

    func validate() throws {
        _ = try dashboard.options(metrics: metrics)
        if let runtime { try CommandLimits.checkSeconds(runtime, flag: "--runtime") }
        if let speed {
            guard speed > 0, speed <= 10_000 else { throw ValidationError("--speed must be in (0, 10000], got \(speed)") }
        }
        if let asset {
            guard ["ETH", "BTC"].contains(asset.uppercased()) else {
                throw ValidationError("--asset must be ETH or BTC, got '\(asset)'")
            }
        }
        if let balance {
            guard let amount = try? Money(parsing: balance), amount > .zero else {
                throw ValidationError("--balance must be a positive dollar amount such as 1000 or 250.50, got '\(balance)'")
            }
        }
        let configuration = try loadConfiguration()
        if let refusal = audit(configuration).refusals.first {
            throw ValidationError("refusing to start: \(refusal)")
        }
    }

    /// Settings that contradict each other, e.g. a starting balance below the balance floor,
    /// with which the demo could never trade.
    private func audit(_ configuration: TradingConfiguration) -> ConfigurationAudit {
        var context = ConfigurationAudit.Context()
        context.startingBalance = configuration.startingBalance
        context.balanceField = balance != nil ? "--balance" : "starting_balance"
        return ConfigurationAudit(risk: configuration.risk, strategy: configuration.strategyConfiguration, context: context)
    }

    func run() async throws {
        let configuration = try loadConfiguration()
        for warning in audit(configuration).warnings {
            FileHandle.standardError.write(Data("warning: \(warning)\n".utf8))
        }
        var options = DemoOptions()
        options.runtimeSeconds = runtime
        options.liveData = liveData
        options.logsDirectory = logs
        options.showDecisions = verbose
        options.observability = try dashboard.options(metrics: metrics)
        do {
            _ = try await DemoSession.run(
                configuration: configuration, options: options,
                console: ConsoleReporter(showDecisions: verbose, structured: logFormat.consoleLogger()))
        } catch let error as ConfigurationError {
            throw ValidationError(error.description)
        } catch {
            throw CommandFailure(description: "demo failed: \(error)")
        }
    }

    private func loadConfiguration() throws -> TradingConfiguration {
        var configuration: TradingConfiguration
        if let config {
            do { configuration = try ConfigurationLoader.load(path: config) } catch { throw ValidationError(error.description) }
        } else {
            configuration = TradingConfiguration()
        }
        if let balance, let amount = try? Money(parsing: balance) { configuration.startingBalance = amount }
        if let asset { configuration.asset = asset.uppercased() }
        if let speed { configuration.speed = speed }
        return configuration
    }
}
