/// One execution between a resting (maker) order and an incoming (taker) order.
///
/// Both sides trade at the same YES price; the ask side effectively pays the NO price
/// `1 − yesPrice` (reference §5.1). Each trade is two fills, one per order.
public struct ExchangeTrade: Hashable, Sendable {
    public var tradeId: String
    public var ticker: String
    public var makerOrderId: String
    public var makerOwner: String
    public var takerOrderId: String
    public var takerOwner: String
    /// The maker's price: price improvement goes to the taker.
    public var yesPrice: Price
    public var count: Quantity
    /// `.bid` when the taker bought YES, `.ask` when it sold YES (bought NO).
    public var takerSide: BookSide
    public var makerFee: Money
    public var takerFee: Money
    public var timeMs: Int64

    public init(
        tradeId: String, ticker: String, makerOrderId: String, makerOwner: String, takerOrderId: String,
        takerOwner: String, yesPrice: Price, count: Quantity, takerSide: BookSide, makerFee: Money,
        takerFee: Money, timeMs: Int64
    ) {
        self.tradeId = tradeId
        self.ticker = ticker
        self.makerOrderId = makerOrderId
        self.makerOwner = makerOwner
        self.takerOrderId = takerOrderId
        self.takerOwner = takerOwner
        self.yesPrice = yesPrice
        self.count = count
        self.takerSide = takerSide
        self.makerFee = makerFee
        self.takerFee = takerFee
        self.timeMs = timeMs
    }

    public var noPrice: Price { yesPrice.complement }
    public var makerSide: BookSide { takerSide.opposite }
    /// `taker_outcome_side` on the public `trade` channel.
    public var takerOutcomeSide: OutcomeSide { takerSide == .bid ? .yes : .no }

    /// The account that bought YES in this trade.
    public var yesBuyer: String { takerSide == .bid ? takerOwner : makerOwner }
    /// The account that sold YES (bought NO) in this trade.
    public var yesSeller: String { takerSide == .bid ? makerOwner : takerOwner }

    /// `owner`'s book side in this trade, nil when it is not a party.
    public func side(of owner: String) -> BookSide? {
        if owner == takerOwner { return takerSide }
        if owner == makerOwner { return makerSide }
        return nil
    }

    /// The fee `owner` paid for this trade (zero when it is not a party).
    public func fee(of owner: String) -> Money {
        if owner == takerOwner { return takerFee }
        if owner == makerOwner { return makerFee }
        return .zero
    }
}
