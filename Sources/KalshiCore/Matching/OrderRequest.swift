/// A new order as a V2 create-order request describes it, already parsed into exact values.
///
/// `side` is on the single YES book: `.bid` buys YES at `price`, `.ask` sells YES at `price`,
/// which is the same as buying NO at `price.complement`.
public struct OrderRequest: Hashable, Sendable {
    /// Account id of the order's owner.
    public var owner: String
    /// The owner's idempotency key; unique per owner while the order is known to the engine.
    public var clientOrderId: String?
    public var side: BookSide
    /// YES price; must lie on the market's grid, strictly between 0 and 1 dollar.
    public var price: Price
    /// Contracts wanted; positive.
    public var count: Quantity
    public var timeInForce: TimeInForce
    /// Refuse the order instead of letting it take liquidity.
    public var postOnly: Bool
    public var selfTradePrevention: SelfTradePrevention
    /// Unix milliseconds after which a resting order is canceled (good-till-time); nil = no expiry.
    public var expirationMs: Int64?

    public init(
        owner: String, clientOrderId: String? = nil, side: BookSide, price: Price, count: Quantity,
        timeInForce: TimeInForce = .goodTillCanceled, postOnly: Bool = false,
        selfTradePrevention: SelfTradePrevention = .takerAtCross, expirationMs: Int64? = nil
    ) {
        self.owner = owner
        self.clientOrderId = clientOrderId
        self.side = side
        self.price = price
        self.count = count
        self.timeInForce = timeInForce
        self.postOnly = postOnly
        self.selfTradePrevention = selfTradePrevention
        self.expirationMs = expirationMs
    }
}
