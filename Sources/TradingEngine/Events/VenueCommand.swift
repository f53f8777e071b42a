import KalshiCore

/// An order the engine wants the venue to act on. Prices are YES prices on the single book.
public struct OrderSpec: Hashable, Sendable {
    public var clientOrderId: String
    public var market: MarketID
    public var ticker: String
    public var side: BookSide
    public var price: Price
    public var count: Quantity
    public var timeInForce: TimeInForce
    public var postOnly: Bool
    /// Only takes off (part of) the position: sent `reduce_only`, so the exchange never lets it
    /// cross through zero. Set by the engine when it places an immediate-or-cancel order.
    public var reduceOnly: Bool

    public init(
        clientOrderId: String, market: MarketID, ticker: String, side: BookSide, price: Price, count: Quantity,
        timeInForce: TimeInForce, postOnly: Bool = false, reduceOnly: Bool = false
    ) {
        self.reduceOnly = reduceOnly
        self.clientOrderId = clientOrderId
        self.market = market
        self.ticker = ticker
        self.side = side
        self.price = price
        self.count = count
        self.timeInForce = timeInForce
        self.postOnly = postOnly
    }
}

/// What the engine asks of the execution venue.
public enum VenueCommand: Hashable, Sendable {
    case place(OrderSpec)
    case cancel(clientOrderId: String, market: MarketID)
    case amend(clientOrderId: String, market: MarketID, price: Price, totalCount: Quantity)

    /// The market the command is about.
    public var market: MarketID {
        switch self {
        case .place(let spec): spec.market
        case .cancel(_, let market), .amend(_, let market, _, _): market
        }
    }
}
