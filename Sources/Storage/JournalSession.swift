import KalshiCore

/// A journaled trading session: one stream of client order ids (`clientPrefix-n`) and one
/// starting balance, across any number of runs (each start of the process is a run).
public struct JournalSession: Sendable, Equatable {
    public var name: String
    public var clientPrefix: String
    public var startingBalance: Money
    public var createdMs: Int64
    public var environment: String
    /// This process's run.
    public var runId: Int64
    /// True when this run created the session.
    public var isNew: Bool

    public init(
        name: String, clientPrefix: String, startingBalance: Money, createdMs: Int64, environment: String, runId: Int64,
        isNew: Bool
    ) {
        self.name = name
        self.clientPrefix = clientPrefix
        self.startingBalance = startingBalance
        self.createdMs = createdMs
        self.environment = environment
        self.runId = runId
        self.isNew = isNew
    }
}

/// What opening a session needs when it does not exist yet.
public struct NewSessionParameters: Sendable, Equatable {
    public var clientPrefix: String
    public var startingBalance: Money
    public var environment: String

    public init(clientPrefix: String, startingBalance: Money, environment: String) {
        self.clientPrefix = clientPrefix
        self.startingBalance = startingBalance
        self.environment = environment
    }
}
