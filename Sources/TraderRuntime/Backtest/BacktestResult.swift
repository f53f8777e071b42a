import Recording

/// What a backtest produced.
public struct BacktestResult: Sendable {
    public var summary: SessionSummary
    /// The primary run's figures and every run's, in the order of the variants.
    public var runs: [(label: String, metrics: String)]
    /// The primary run's metrics as (key, JSON literal), in the order of `summary.json`.
    public var metricFields: [(key: String, json: String)]
    /// Where the session files are (nil when logs were off).
    public var logDirectory: String?
    public var reportPath: String?
    /// Events fed to the engine from the recording.
    public var events: Int
    public var records: Int
    /// The recording was damaged after this many records: everything before the error was
    /// backtested and written, and the error names the offset.
    public var recordingError: RecordingError?
    /// Wall-clock seconds of the run (for the console only: files hold no wall-clock figure).
    public var wallSeconds: Double
}
