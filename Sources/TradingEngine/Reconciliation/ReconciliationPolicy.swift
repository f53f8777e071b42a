/// What to do with a resting order of ours the engine does not know (an "orphan": left by a run
/// whose journal did not see its answer, or placed by hand on the traded markets).
public enum OrphanPolicy: String, Sendable, Equatable, CaseIterable {
    /// Track it as our own order: its fills count toward positions and limits.
    case adopt
    /// Track it and cancel it at once.
    case cancel
    /// Leave it alone (its fills show up as position corrections).
    case ignore
}

/// The live runtime's side of a reconciliation: what it knows that the engine does not.
public struct ReconciliationOptions: Sendable, Equatable {
    public var orphanPolicy: OrphanPolicy
    /// Orders with a request in flight or sent after the reads began: their exchange view may be
    /// older than what the engine already knows, so they are left for the next round.
    public var busyOrders: Set<String>
    /// Trade ids already booked (journaled), with their market.
    public var bookedTradeIds: [String: String]
    /// The session's start: what the account holds beyond our books (other sessions, manual
    /// trades) is where the loss limit starts from, not a gain. Later reconciliations count the
    /// account's changes as the account's P&L.
    public var establishesBaseline: Bool

    public init(
        orphanPolicy: OrphanPolicy, busyOrders: Set<String> = [], bookedTradeIds: [String: String] = [:],
        establishesBaseline: Bool = false
    ) {
        self.orphanPolicy = orphanPolicy
        self.busyOrders = busyOrders
        self.bookedTradeIds = bookedTradeIds
        self.establishesBaseline = establishesBaseline
    }
}

/// What a reconciliation did.
public struct ReconciliationOutcome: Sendable, Equatable {
    /// Orders to send (orphan cancels, and whatever the strategy asked after being told).
    public var commands: [VenueCommand]
    public var corrections: [ReconciliationCorrection]
    /// Fills the engine booked from the exchange's record (the runtime journals them).
    public var bookedFills: [ExchangeFillView]
    /// Orders adopted from the exchange (the runtime journals them like intents).
    public var adoptedOrders: [OrderSpec]
    /// Orders revived (the engine had them finished, the exchange had them resting).
    public var revivedOrders: [ExchangeOrderView]
    /// Execution reports applied to bring orders in line (the runtime journals them).
    public var reports: [ExecutionReport]
    /// Balance and positions were not compared: the reads were not one consistent moment.
    public var deferredAccountCheck: Bool

    public init() {
        commands = []
        corrections = []
        bookedFills = []
        adoptedOrders = []
        revivedOrders = []
        reports = []
        deferredAccountCheck = false
    }
}
