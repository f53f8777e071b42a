import ArgumentParser
import Logging
import Observability
import TradingSession

/// `--metrics HOST:PORT`: Prometheus metrics, off by default.
struct MetricsArgument: ParsableArguments {
    @Option(
        name: .customLong("metrics"),
        help: "Serve Prometheus metrics at http://HOST:PORT/metrics (off by default; ':PORT' binds to 127.0.0.1).")
    var metrics: String?

    func address() throws -> ListenAddress? {
        guard let metrics else { return nil }
        do { return try ListenAddress(parsing: metrics, flag: "--metrics") } catch { throw ValidationError(error.description) }
    }
}

/// `--dashboard HOST:PORT` and `--dashboard-control`.
struct DashboardArguments: ParsableArguments {
    @Option(help: "Serve the live dashboard at http://HOST:PORT/ (off by default; ':PORT' binds to 127.0.0.1).")
    var dashboard: String?

    @Flag(help: "Show a kill-switch button on the dashboard (loopback only), behind a token printed at start.")
    var dashboardControl = false

    func options(metrics: MetricsArgument) throws -> ObservabilityOptions {
        var options = ObservabilityOptions(metrics: try metrics.address())
        if let dashboard {
            do { options.dashboard = try ListenAddress(parsing: dashboard, flag: "--dashboard") } catch {
                throw ValidationError(error.description)
            }
        }
        options.dashboardControl = dashboardControl
        do { try options.validate() } catch { throw ValidationError(error.description) }
        return options
    }
}

extension LogFormat: ExpressibleByArgument {}

/// `--log-format text|json`.
struct LogFormatArgument: ParsableArguments {
    @Option(help: "Console output: human text, or JSON lines through swift-log for log collectors (text|json).")
    var logFormat: LogFormat = .text

    /// The console's structured logger in JSON mode (and every logger of the process goes to
    /// JSON lines); nil for text.
    func consoleLogger() -> Logger? {
        guard logFormat == .json else { return nil }
        LogFormat.bootstrapJSON()
        return Logger(label: "kalshi-trader")
    }
}
