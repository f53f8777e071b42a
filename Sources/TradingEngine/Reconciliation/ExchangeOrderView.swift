import KalshiCore

/// One order as the exchange reports it (REST `GET /portfolio/orders`, a create or amend answer,
/// a `user_order` message): absolute figures, so applying the same view twice changes nothing.
public struct ExchangeOrderView: Hashable, Sendable {
    public var orderId: String
    public var clientOrderId: String?
    public var ticker: String
    public var side: BookSide
    public var price: Price
    /// The order's total size: filled + remaining + canceled (an amend restates it).
    public var initialCount: Quantity
    public var filledCount: Quantity
    public var remainingCount: Quantity
    public var isResting: Bool

    public init(
        orderId: String, clientOrderId: String?, ticker: String, side: BookSide, price: Price, initialCount: Quantity,
        filledCount: Quantity, remainingCount: Quantity, isResting: Bool
    ) {
        self.orderId = orderId
        self.clientOrderId = clientOrderId
        self.ticker = ticker
        self.side = side
        self.price = price
        self.initialCount = initialCount
        self.filledCount = filledCount
        self.remainingCount = remainingCount
        self.isResting = isResting
    }

    /// Contracts taken off the order without filling (cancels, IOC remainders, decreases).
    public var canceledCount: Quantity {
        Quantity(units: max(0, initialCount.units - filledCount.units - remainingCount.units))
    }

    public var summary: String {
        "\(isResting ? "resting" : "finished") \(side.rawValue) \(initialCount) @ \(price), filled \(filledCount), remaining \(remainingCount), canceled \(canceledCount)"
    }
}

/// One execution of ours as the exchange reports it (`fill` message, `GET /portfolio/fills`).
public struct ExchangeFillView: Hashable, Sendable {
    public var tradeId: String
    public var orderId: String
    public var clientOrderId: String?
    public var ticker: String
    public var side: BookSide
    public var yesPrice: Price
    public var count: Quantity
    public var fee: Money
    public var isTaker: Bool
    public var timeMs: Int64

    public init(
        tradeId: String, orderId: String, clientOrderId: String?, ticker: String, side: BookSide, yesPrice: Price,
        count: Quantity,
        fee: Money, isTaker: Bool, timeMs: Int64
    ) {
        self.tradeId = tradeId
        self.orderId = orderId
        self.clientOrderId = clientOrderId
        self.ticker = ticker
        self.side = side
        self.yesPrice = yesPrice
        self.count = count
        self.fee = fee
        self.isTaker = isTaker
        self.timeMs = timeMs
    }

    public func execution(clientOrderId: String) -> ExecutionFill {
        ExecutionFill(
            clientOrderId: clientOrderId, tradeId: tradeId, side: side, yesPrice: yesPrice, count: count, fee: fee,
            isTaker: isTaker)
    }
}
