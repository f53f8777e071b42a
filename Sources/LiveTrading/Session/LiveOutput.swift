import TradingSession
import TradingEngine

/// Where a live session reports: the console (`ConsoleReporter`) for the CLI, a collector in tests.
public protocol LiveOutput: Sendable {
    func line(_ text: String)
    func report(_ records: [EngineRecord])
    func summarize(_ summary: SessionSummary, logDirectory: String)
}

extension ConsoleReporter: LiveOutput {}
