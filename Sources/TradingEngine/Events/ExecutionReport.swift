import KalshiCore

/// What an execution venue (the simulated exchange or Kalshi) says happened to one of our
/// orders, keyed by our `client_order_id`.
public enum ExecutionReport: Hashable, Sendable {
    case accepted(clientOrderId: String, orderId: String)
    case rejected(clientOrderId: String, reason: String)
    case fill(ExecutionFill)
    /// The order's resting remainder was canceled (by us, by IOC, or by the exchange).
    case canceled(clientOrderId: String, canceledCount: Quantity, reason: String)
    /// An amend took effect: new price and new total count.
    case amended(clientOrderId: String, price: Price, totalCount: Quantity)
    /// The request's outcome is unknown (timeout, lost answer): blocks the market until reconciled.
    case unknown(clientOrderId: String, reason: String)

    public var clientOrderId: String {
        switch self {
        case .accepted(let id, _), .rejected(let id, _), .canceled(let id, _, _), .amended(let id, _, _), .unknown(let id, _): id
        case .fill(let fill): fill.clientOrderId
        }
    }
}

/// One execution of our order.
public struct ExecutionFill: Hashable, Sendable {
    public var clientOrderId: String
    public var tradeId: String
    public var side: BookSide
    public var yesPrice: Price
    public var count: Quantity
    public var fee: Money
    public var isTaker: Bool

    public init(clientOrderId: String, tradeId: String, side: BookSide, yesPrice: Price, count: Quantity, fee: Money, isTaker: Bool) {
        self.clientOrderId = clientOrderId
        self.tradeId = tradeId
        self.side = side
        self.yesPrice = yesPrice
        self.count = count
        self.fee = fee
        self.isTaker = isTaker
    }
}
