import Observability
/// Command-line choices layered over the configuration file (flags win).
public struct LiveOverrides: Sendable, Equatable {
    /// `--url`: the exchange's base URL (e.g. a `kalshi-trader fake-venue`), replacing `environment`.
    public var url: String?
    public var keyId: String?
    public var keyFile: String?
    /// `--journal`: a file path or a `postgresql://` URL.
    public var journal: String?
    /// Stop (as on SIGTERM) after this many seconds.
    public var runtimeSeconds: Double?
    /// Release a kill switch left engaged by an earlier run.
    public var resume = false
    /// Trap SIGINT/SIGTERM/SIGUSR1/SIGUSR2 (the CLI); an in-process session (tests) leaves them alone.
    public var trapSignals = true
    /// Stops the session (as the runtime does) once requested.
    public var stopRequest: LiveStopRequest?
    /// `--metrics`, `--dashboard`, `--dashboard-control`: nothing is served by default.
    public var observability = ObservabilityOptions()
    /// False only in the tick-to-order benchmark's no-fsync run (no command-line flag sets it):
    /// the SQLite journal then commits without waiting for the disk.
    public var journalFsync = true

    public init() {}

    public func applied(to configuration: LiveConfiguration) -> LiveConfiguration {
        var result = configuration
        if let url { result.environment = url }
        if let keyId { result.key.id = keyId }
        if let keyFile { result.key.file = LiveConfigurationLoader.expandingHome(keyFile) }
        if let journal { result.journal.location = journal }
        return result
    }
}
