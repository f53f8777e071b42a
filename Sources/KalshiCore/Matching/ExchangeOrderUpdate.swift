/// An order's state after an operation touched it, one per order per operation: what a
/// `user_orders` message reports.
public struct ExchangeOrderUpdate: Hashable, Sendable {
    /// The order as it stands after the operation.
    public var order: ExchangeOrder
    /// Set when the operation canceled some of the order's contracts.
    public var cancelReason: CancelReason?

    public init(order: ExchangeOrder, cancelReason: CancelReason? = nil) {
        self.order = order
        self.cancelReason = cancelReason
    }

    public var orderId: String { order.id }
    public var owner: String { order.owner }
    public var status: ExchangeOrderStatus { order.status }
    public var filledCount: Quantity { order.filledCount }
    public var remainingCount: Quantity { order.remainingCount }
}
