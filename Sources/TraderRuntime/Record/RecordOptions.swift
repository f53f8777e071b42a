import Observability

/// Command-line choices of a recording session.
public struct RecordOptions: Sendable {
    /// The recording file.
    public var outPath: String
    /// Wall-clock seconds to record; nil = until the recorded markets settle.
    public var durationSeconds: Double?
    /// The Kalshi exchange: `prod`, `demo` or a fake venue's URL; nil = fake venues started
    /// in-process (the offline demo's scenario).
    public var url: String?
    /// API key for the WebSocket (the real exchange and external fake venues need one).
    public var keyId: String?
    public var keyFile: String?
    public var logsDirectory = "logs"
    /// Stop once the strategy has valued a market this many times (smoke runs and tests, which
    /// wait for what they check rather than for a duration); `durationSeconds` still bounds it.
    public var stopAfterValuations: Int?
    /// `--metrics HOST:PORT` (the recorder has no dashboard).
    public var observability = ObservabilityOptions()

    public init(outPath: String) { self.outPath = outPath }
}
