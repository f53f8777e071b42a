import KalshiCore
import Observability

/// Command-line choices of a demo run, layered over the configuration file.
public struct DemoOptions: Sendable {
    /// Wall-clock bound on the run.
    public var runtimeSeconds: Double?
    /// Live Kalshi and Crypto.com data (paper trading) instead of the offline fake venues.
    public var liveData = false
    public var logsDirectory = "logs"
    public var showDecisions = false
    /// Offline, the longest the scenario's hour waits for the books and the volatility before it
    /// starts anyway (a slow machine should not spend the hour connecting; one that never gets a
    /// volatility should still show the market).
    public var clockStartPatienceSeconds = 20.0
    /// `--metrics`, `--dashboard`, `--dashboard-control`: nothing is served by default.
    public var observability = ObservabilityOptions()
    /// Called once the servers are up, with the session's observer (tests watch through it).
    public var onObserving: (@Sendable (ObservabilityServers) -> Void)?

    public init() {}
}
