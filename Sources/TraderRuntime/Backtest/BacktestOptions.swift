/// Command-line choices of a backtest, layered over the configuration file.
public struct BacktestOptions: Sendable {
    /// Write the session files here (instead of `logsDirectory/<session-id>/`); the session id
    /// is then derived from the recording's name, so repeated runs give identical files.
    public var outDirectory: String?
    public var logsDirectory = "logs"
    /// Write `index.html` here.
    public var reportDirectory: String?
    /// Fill models; the first is the primary run (logs, summary, panels), the others are
    /// compared with it in the report.
    public var variants: [ExecutionVariant] = []
    /// Collect the engine's records (logs, metrics, report); off only in the benchmark.
    public var collectRecords = true
    /// Read, verify and translate the recording on a second thread, one batch ahead of the
    /// engine (the results are the same either way).
    public var readAhead = true
    /// Called with the fraction of the recording read, about every 64 Ki records.
    public var progress: (@Sendable (Double) -> Void)?

    public init() {}
}
