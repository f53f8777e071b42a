/// What one account received when a market settled.
public struct SettlementPayout: Hashable, Sendable {
    public var owner: String
    public var ticker: String
    /// The net position that settled (positive = YES, negative = NO).
    public var position: Quantity
    public var result: OutcomeSide
    public var payout: Money

    public init(owner: String, ticker: String, position: Quantity, result: OutcomeSide, payout: Money) {
        self.owner = owner
        self.ticker = ticker
        self.position = position
        self.result = result
        self.payout = payout
    }
}
