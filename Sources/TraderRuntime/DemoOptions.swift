import KalshiCore

/// Command-line choices of a demo run, layered over the configuration file.
public struct DemoOptions: Sendable {
    /// Wall-clock bound on the run.
    public var runtimeSeconds: Double?
    /// Live Kalshi and Crypto.com data (paper trading) instead of the offline fake venues.
    public var liveData = false
    public var logsDirectory = "logs"
    public var showDecisions = false

    public init() {}
}
