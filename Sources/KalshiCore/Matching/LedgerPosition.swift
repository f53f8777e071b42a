/// One account's holding in one market, with the figures Kalshi's `market_position` reports.
public struct LedgerPosition: Hashable, Sendable {
    public let ticker: String
    /// Net contracts: positive = long YES, negative = long NO (`position_fp`).
    public internal(set) var position: Quantity = .zero
    /// Premium paid for the contracts now held, fees excluded (`position_cost`). Average cost:
    /// closing part of a position removes the proportional part of the cost.
    public internal(set) var positionCost: Money = .zero
    /// Netting and settlement proceeds minus the premium of the contracts they consumed, fees
    /// excluded (`realized_pnl`).
    public internal(set) var realizedPnL: Money = .zero
    public internal(set) var feesPaid: Money = .zero
    /// Contracts traded, both directions (`volume_fp`).
    public internal(set) var volume: Quantity = .zero

    public init(ticker: String) {
        self.ticker = ticker
    }

    /// Contracts that pay $1 if YES wins (zero when short YES, i.e. long NO).
    public var yesContracts: Quantity { Quantity(units: max(0, position.units)) }
    /// Contracts that pay $1 if NO wins.
    public var noContracts: Quantity { Quantity(units: max(0, -position.units)) }

    /// What the position pays at settlement for `result`.
    public func payout(result: OutcomeSide) -> Money {
        let winning = result == .yes ? yesContracts : noContracts
        return Money.notional(price: .one, count: winning)
    }
}
