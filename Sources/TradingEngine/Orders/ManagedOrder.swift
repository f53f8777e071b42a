import KalshiCore

/// One of our orders as the engine tracks it.
public struct ManagedOrder: Hashable, Sendable {
    public let clientOrderId: String
    public internal(set) var orderId: String?
    public let market: MarketID
    public let ticker: String
    public let side: BookSide
    public internal(set) var price: Price
    /// Total contracts ordered (an amend changes it).
    public internal(set) var count: Quantity
    public internal(set) var filled: Quantity = .zero
    public internal(set) var canceled: Quantity = .zero
    public internal(set) var fees: Money = .zero
    public internal(set) var status: OrderStatus = .pendingNew
    public let timeInForce: TimeInForce
    public let createdMs: Int64
    public internal(set) var lastUpdateMs: Int64
    public internal(set) var rejectReason: String?
    /// The larger total an amend in flight may give the order, until its answer (or a
    /// reconciliation) says what the exchange did.
    public internal(set) var amendCeiling: Quantity?
    /// Amends (and decreases) sent and not yet answered: the ceiling holds until all are.
    public internal(set) var amendsInFlight = 0

    /// Contracts that may still fill.
    public var remaining: Quantity { Quantity(units: max(0, count.units - filled.units - canceled.units)) }
    /// What the order may fill in all, filled plus remaining: the count an amend speaks of
    /// (what a decrease canceled is not part of it).
    public var fillableTotal: Quantity { Quantity(units: max(0, count.units - canceled.units)) }
    /// What may still fill at worst: the remaining count, or more while an amend to a larger
    /// total is in flight (the risk checks count this, not `remaining`).
    public var exposure: Quantity {
        guard let amendCeiling, !status.isTerminal else { return remaining }
        return Quantity(units: max(remaining.units, amendCeiling.units - filled.units))
    }
}

extension ManagedOrder {
    /// One amend answered (taken or refused); with none left, no larger size is coming.
    mutating func amendAnswered() {
        amendsInFlight = max(0, amendsInFlight - 1)
        if amendsInFlight == 0 { amendCeiling = nil }
    }
}

/// A report that does not fit the order's state: logged and counted, and it puts the market in
/// doubt (the state we track may be wrong).
public struct OrderAnomaly: Error, Hashable, Sendable, CustomStringConvertible {
    public var clientOrderId: String
    public var status: OrderStatus
    public var report: String

    public var description: String { "order \(clientOrderId) in state \(status.rawValue) received \(report)" }
}
