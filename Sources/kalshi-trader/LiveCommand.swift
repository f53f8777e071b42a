import ArgumentParser
import Foundation
import LiveTrading
import TraderRuntime

struct LiveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "live",
        abstract: "Trade for real: the demo's engine and strategy on Kalshi's order API, with a journal and reconciliation.",
        discussion: """
            Reads the YAML configuration (see config/live.yaml): API key, environment, market \
            selection, risk limits (required), strategy, journal, operations. Refuses to start, \
            without sending any order, on a missing or unreadable key, a key file readable by \
            others, missing risk limits, a closed or unknown market, or a balance below \
            minimum_balance. Every order intent is journaled (SQLite, or PostgreSQL with \
            --journal postgresql://…) before it is sent; a restart with the same journal resumes \
            the session: client order ids continue, the journal is replayed and reconciled with \
            the exchange. SIGINT/SIGTERM cancel resting orders and exit; SIGUSR1 or the kill-switch \
            file cancels everything and halts; SIGUSR2 resumes.
            """
    )

    @Option(help: "YAML configuration file (see config/live.yaml).")
    var config: String

    @Option(help: "Exchange base URL, e.g. http://127.0.0.1:8080 for `kalshi-trader fake-venue` (overrides `environment`).")
    var url: String?

    @Option(name: .customLong("key-id"), help: "API key id (overrides key.id).")
    var keyId: String?

    @Option(name: .customLong("key"), help: "Private key PEM file, readable by you only (overrides key.file).")
    var key: String?

    @Option(parsing: .unconditional, help: "Stop (cancelling resting orders) after this many seconds.")
    var runtime: Double?

    @Option(help: "Journal: a file path, or postgresql://user@host:port/database (overrides journal.location).")
    var journal: String?

    @Flag(help: "Release a kill switch left engaged by an earlier run.")
    var resume = false

    @OptionGroup var metrics: MetricsArgument
    @OptionGroup var dashboard: DashboardArguments
    @OptionGroup var logFormat: LogFormatArgument

    func validate() throws {
        _ = try dashboard.options(metrics: metrics)
        if let runtime { try CommandLimits.checkSeconds(runtime, flag: "--runtime") }
        do { _ = try LiveConfigurationLoader.load(path: config) } catch {
            throw ValidationError("refusing to start: \(error.description)")
        }
    }

    func run() async throws {
        let configuration: LiveConfiguration
        do { configuration = try LiveConfigurationLoader.load(path: config) } catch {
            throw ValidationError("refusing to start: \(error.description)")
        }
        var overrides = LiveOverrides()
        overrides.url = url
        overrides.keyId = keyId
        overrides.keyFile = key
        overrides.journal = journal
        overrides.runtimeSeconds = runtime
        overrides.resume = resume
        overrides.observability = try dashboard.options(metrics: metrics)
        let outcome: LiveOutcome
        do {
            outcome = try await LiveLauncher.run(
                configuration: configuration, overrides: overrides, console: ConsoleReporter(structured: logFormat.consoleLogger()))
        } catch let error as LiveStartupError {
            throw CommandFailure(description: error.description)
        } catch {
            throw CommandFailure(description: "live session failed: \(error)")
        }
        if !outcome.clean { throw ExitCode(3) }
    }
}
