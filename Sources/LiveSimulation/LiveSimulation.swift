/// Deterministic simulation of live trading: each seed is one session of the live core against
/// a simulated exchange and network with faults and crashes (`SimulatedSession`).
public enum LiveSimulation {
    /// Runs one seed.
    public static func run(_ options: SimulationOptions) -> SimulationReport {
        var session = SimulatedSession(options)
        session.run()
        return session.report
    }

    /// The one command that replays a seed.
    public static func replayCommand(seed: UInt64, minutes: Int) -> String {
        "swift run -c release kalshi-trader simulate --seed \(seed) --minutes \(minutes) --trace"
    }
}
