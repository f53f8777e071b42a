/// An order as the exchange knows it: what was asked, what happened so far, and what it cost.
///
/// Counts always satisfy `filledCount + remainingCount + canceledCount == initialCount`.
/// An amend restates the order's size, so it changes `initialCount` (the new total is
/// filled + new remaining + already canceled); cancels and decreases move contracts from
/// remaining to canceled.
public struct ExchangeOrder: Hashable, Sendable {
    public let id: String
    public let ticker: String
    public let owner: String
    public internal(set) var clientOrderId: String?
    public let side: BookSide
    /// YES price; an amend may change it.
    public internal(set) var price: Price
    public internal(set) var initialCount: Quantity
    public internal(set) var filledCount: Quantity = .zero
    public internal(set) var remainingCount: Quantity
    public internal(set) var canceledCount: Quantity = .zero
    public let timeInForce: TimeInForce
    public let postOnly: Bool
    public let selfTradePrevention: SelfTradePrevention
    public let expirationMs: Int64?
    public let createdMs: Int64
    public internal(set) var lastUpdatedMs: Int64
    public internal(set) var status: ExchangeOrderStatus
    /// Σ YES price × count over the order's fills, for average fill prices.
    public internal(set) var filledYesNotional: Money = .zero
    /// What the order paid for its taker / maker fills on its own outcome side: YES price for a
    /// bid, NO price (1 − YES) for an ask. Kalshi's `taker_fill_cost_dollars` and friends.
    public internal(set) var takerFillCost: Money = .zero
    public internal(set) var makerFillCost: Money = .zero
    public internal(set) var takerFees: Money = .zero
    public internal(set) var makerFees: Money = .zero
    /// Position in time priority: bigger is later. Refreshed when an amend forfeits priority.
    public internal(set) var prioritySequence: UInt64

    /// `yes` for a bid (it buys YES), `no` for an ask (it buys NO).
    public var outcomeSide: OutcomeSide { side == .bid ? .yes : .no }

    public var isResting: Bool { status == .resting }

    /// Fees charged so far, both roles.
    public var fees: Money { takerFees + makerFees }

    /// The price this order pays per contract on its own outcome side.
    public var outcomePrice: Price { side == .bid ? price : price.complement }

    init(id: String, ticker: String, request: OrderRequest, nowMs: Int64, prioritySequence: UInt64) {
        self.id = id
        self.ticker = ticker
        self.owner = request.owner
        self.clientOrderId = request.clientOrderId
        self.side = request.side
        self.price = request.price
        self.initialCount = request.count
        self.remainingCount = request.count
        self.timeInForce = request.timeInForce
        self.postOnly = request.postOnly
        self.selfTradePrevention = request.selfTradePrevention
        self.expirationMs = request.expirationMs
        self.createdMs = nowMs
        self.lastUpdatedMs = nowMs
        self.status = .resting
        self.prioritySequence = prioritySequence
    }

    /// Records one fill of `count` at YES price `yesPrice` in the given role.
    mutating func recordFill(yesPrice: Price, count: Quantity, role: LiquidityRole, fee: Money, nowMs: Int64) {
        filledCount = filledCount + count
        remainingCount = remainingCount - count
        filledYesNotional = filledYesNotional + Money.notional(price: yesPrice, count: count)
        let outcomePrice = side == .bid ? yesPrice : yesPrice.complement
        let cost = Money.notional(price: outcomePrice, count: count)
        switch role {
        case .taker:
            takerFillCost = takerFillCost + cost
            takerFees = takerFees + fee
        case .maker:
            makerFillCost = makerFillCost + cost
            makerFees = makerFees + fee
        }
        lastUpdatedMs = nowMs
        if remainingCount.isZero { status = .executed }
    }

    /// Moves `count` (at most the remaining count) from remaining to canceled.
    mutating func cancel(_ count: Quantity, nowMs: Int64) {
        precondition(count <= remainingCount, "cannot cancel more than the remaining count")
        remainingCount = remainingCount - count
        canceledCount = canceledCount + count
        lastUpdatedMs = nowMs
        if remainingCount.isZero { status = .canceled }
    }
}
