/// Where one of our orders stands (the order lifecycle state machine's states).
public enum OrderStatus: String, Hashable, Sendable, CaseIterable {
    /// Sent, not yet acknowledged.
    case pendingNew = "pending_new"
    case open
    case partiallyFilled = "partially_filled"
    /// A cancel was sent; fills may still arrive.
    case pendingCancel = "pending_cancel"
    case filled
    case cancelled
    case rejected
    /// The outcome of a request was lost: the market is blocked until reconciliation settles it.
    case unknown

    public var isTerminal: Bool { self == .filled || self == .cancelled || self == .rejected }
    /// Resting or possibly resting: counts toward open orders and exposure.
    public var isActive: Bool { !isTerminal }
}
