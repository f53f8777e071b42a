extension OrderBook {
    /// Highest resting YES bid.
    @inlinable
    public var bestYesBid: BookLevel? {
        let index = bestIndex(leg: 0)
        guard index >= 0 else { return nil }
        return BookLevel(price: grid.price(at: index), size: Quantity(units: size(leg: 0, index: index)))
    }

    /// Highest resting NO bid (NO-leg price).
    @inlinable
    public var bestNoBid: BookLevel? {
        let index = bestIndex(leg: 1)
        guard index >= 0 else { return nil }
        return BookLevel(price: grid.price(at: index), size: Quantity(units: size(leg: 1, index: index)))
    }

    /// Lowest YES ask: the best NO bid seen from the YES leg (1 − price, same size).
    @inlinable
    public var bestYesAsk: BookLevel? {
        guard let no = bestNoBid else { return nil }
        return BookLevel(price: no.price.complement, size: no.size)
    }

    /// Lowest NO ask: the best YES bid seen from the NO leg.
    public var bestNoAsk: BookLevel? {
        guard let yes = bestYesBid else { return nil }
        return BookLevel(price: yes.price.complement, size: yes.size)
    }

    /// Resting bid size on `side` at that leg's `price` (zero when off-grid or empty).
    public func bidSize(_ side: OutcomeSide, at price: Price) -> Quantity {
        let index = grid.index(of: price)
        guard index >= 0 else { return .zero }
        return Quantity(units: size(leg: side.legIndex, index: index))
    }

    /// Size offered to YES buyers at `price` (resting NO bids at 1 − price).
    public func yesAskSize(at price: Price) -> Quantity {
        bidSize(.no, at: price.complement)
    }

    /// YES ask − YES bid, in ticks of 1/10,000 dollar; nil when a side is empty.
    public var spreadTicks: Int64? {
        guard let bid = bestYesBid, let ask = bestYesAsk else { return nil }
        return ask.price.ticks - bid.price.ticks
    }

    /// Midpoint of the YES bid and ask, exact in micro-dollars; nil when a side is empty.
    /// Inlinable: the engine records it on every change of the touch.
    @inlinable
    public var mid: Money? {
        guard let bid = bestYesBid, let ask = bestYesAsk else { return nil }
        return Money(micros: (bid.price.ticks + ask.price.ticks) * 50)
    }

    /// Resting bids on one leg, best (highest) first.
    public func levels(_ side: OutcomeSide) -> [BookLevel] {
        let leg = side.legIndex
        var result: [BookLevel] = []
        var index = bestIndex(leg: leg)
        while index >= 0 {
            let size = size(leg: leg, index: index)
            if size > 0 { result.append(BookLevel(price: grid.price(at: index), size: Quantity(units: size))) }
            index -= 1
        }
        return result
    }
}

extension OrderBook {
    /// Each leg's best grid index and the size there (−1 and 0 for an empty leg). Two touches
    /// are equal exactly when `bestYesBid` and `bestYesAsk` are (grid positions map to distinct
    /// prices), and comparing them reads four numbers instead of building four levels: the
    /// engine compares the touch before and after every delta.
    public struct Touch: Equatable, Sendable {
        @usableFromInline var yesIndex: Int
        @usableFromInline var yesSize: Int64
        @usableFromInline var noIndex: Int
        @usableFromInline var noSize: Int64

        @inlinable
        init(yesIndex: Int, yesSize: Int64, noIndex: Int, noSize: Int64) {
            self.yesIndex = yesIndex
            self.yesSize = yesSize
            self.noIndex = noIndex
            self.noSize = noSize
        }
    }

    @inlinable
    public var touch: Touch {
        let yes = bestIndex(leg: 0)
        let no = bestIndex(leg: 1)
        return Touch(
            yesIndex: yes, yesSize: yes >= 0 ? size(leg: 0, index: yes) : 0,
            noIndex: no, noSize: no >= 0 ? size(leg: 1, index: no) : 0)
    }
}
