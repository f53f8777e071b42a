/// What a marketable order of a given size would get from the displayed book right now.
public struct FillEstimate: Hashable, Sendable {
    /// Contracts that the displayed depth can fill (≤ requested).
    public var filled: Quantity
    /// Exact YES-price notional of the filled part: paid when buying YES, received when selling.
    public var notional: Money
    /// The last (worst) YES price reached, nil when nothing fills.
    public var worstPrice: Price?
    public var levelsTouched: Int

    /// True when the book holds the whole requested size.
    public var isComplete: Bool { requested == filled }
    public let requested: Quantity

    /// Average YES price per contract, rounded half-up to the micro-dollar; nil when nothing fills.
    public var averagePrice: Money? {
        guard filled.units > 0 else { return nil }
        // notional is in micro-dollars for `filled.units / 100` contracts.
        let numerator = notional.micros * Quantity.unitsPerContract
        return Money(micros: (numerator + filled.units / 2) / filled.units)
    }
}

extension OrderBook {
    /// Walks the book as a taker: `.bid` buys YES against the YES asks (lowest first),
    /// `.ask` sells YES into the YES bids (highest first).
    public func estimateFill(_ side: BookSide, count: Quantity) -> FillEstimate {
        var remaining = count.units
        var notional = Money.zero
        var worst: Price?
        var touched = 0
        // Buying YES lifts the YES asks, i.e. the NO bids; selling YES hits the YES bids.
        let leg = side == .bid ? OutcomeSide.no.legIndex : OutcomeSide.yes.legIndex
        var index = bestIndex(leg: leg)
        while remaining > 0, index >= 0 {
            let available = size(leg: leg, index: index)
            if available > 0 {
                let take = min(available, remaining)
                let legPrice = grid.price(at: index)
                let yesPrice = side == .bid ? legPrice.complement : legPrice
                notional = notional + Money.notional(price: yesPrice, count: Quantity(units: take))
                worst = yesPrice
                touched += 1
                remaining -= take
            }
            index -= 1
        }
        return FillEstimate(
            filled: Quantity(units: count.units - remaining), notional: notional,
            worstPrice: worst, levelsTouched: touched, requested: count)
    }
}
