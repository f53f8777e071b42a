/// What one simulated session includes. Every rate is a probability per opportunity (per
/// request, per message, per step); zero turns that fault off.
public struct SimulationOptions: Sendable, Equatable {
    public var seed: UInt64
    /// Simulated length of the session, before its shutdown.
    public var minutes: Int = 20
    /// A request refused before the exchange saw it (429 after the client's retries, 5xx).
    public var requestFailure = 0.03
    /// A request the exchange processed whose answer was lost (the client timed out).
    public var answerLost = 0.03
    /// A request that reached the exchange only after the client had given up on it.
    public var lateArrival = 0.02
    /// A request that reached the exchange twice (a retry of a request that had gone through).
    public var duplicateRequest = 0.02
    /// A fill message delivered twice.
    public var duplicateFill = 0.05
    /// An account message (fill, order update) overtaken by later ones.
    public var reorder = 0.05
    /// A feed disconnect, per second.
    public var disconnect = 0.004
    /// A failed account read, per read.
    public var readFailure = 0.05
    /// A crash of the process, per step (with restart from the journal).
    public var crash = 0.0008
    /// A jump of the host clock, per second.
    public var clockJump = 0.003
    /// A manual trade on the account outside the session, per second.
    public var manualTrade = 0.003
    /// Operator kill switch and resume (SIGUSR1, SIGUSR2), per second.
    public var operatorSignal = 0.002

    /// Contracts the engine's `max_inventory` is raised by while the invariant keeps the
    /// configured limit: a deliberately broken session, to show that the checks catch one.
    public var engineLimitSlack: Int = 0

    /// Keep a trace of the session (console lines, requests, answers) in the report.
    public var trace = false

    public init(seed: UInt64) { self.seed = seed }

    /// The same session without any fault: the reference behaviour.
    public static func calm(seed: UInt64) -> SimulationOptions {
        var options = SimulationOptions(seed: seed)
        options.requestFailure = 0
        options.answerLost = 0
        options.lateArrival = 0
        options.duplicateRequest = 0
        options.duplicateFill = 0
        options.reorder = 0
        options.disconnect = 0
        options.readFailure = 0
        options.crash = 0
        options.clockJump = 0
        options.manualTrade = 0
        options.operatorSignal = 0
        return options
    }
}

/// What a simulated session did and what it found.
public struct SimulationReport: Sendable, Equatable {
    public var seed: UInt64
    public var steps = 0
    public var simulatedMs: Int64 = 0
    public var requests = 0
    public var fills = 0
    public var crashes = 0
    /// Sessions whose market settled (the others ended by a stop).
    public var settlements = 0
    /// Faults injected, by kind.
    public var faults: [String: Int] = [:]
    /// Invariants that failed, with the step and simulated time; empty when the session held.
    public var violations: [String] = []
    /// The session's trace, when asked for (`SimulationOptions.trace`).
    public var trace: [String] = []
    /// A digest of every action the core took, to check that a seed replays identically.
    public var digest: UInt64 = 0xcbf2_9ce4_8422_2325

    public var passed: Bool { violations.isEmpty }

    public init(seed: UInt64) { self.seed = seed }

    mutating func count(_ fault: String) { faults[fault, default: 0] += 1 }

    mutating func mix(_ text: String) {
        for byte in text.utf8 { digest = (digest ^ UInt64(byte)) &* 0x100_0000_01b3 }
    }
}
