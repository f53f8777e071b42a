extension AccountLedger {
    /// Extra collateral a new order needs on top of what the account already holds (see
    /// `CollateralRule`): zero premium for the part the position can close, worst-case premium
    /// for the rest, a fee bound for all of it. Immediate-or-cancel and fill-or-kill orders are
    /// checked the same way, as their fills can cost that much too.
    public func requiredCollateral(for request: OrderRequest, ticker: String, fees: FeeSchedule) -> Money {
        let newClaim = CollateralClaim(
            orderId: "", ticker: ticker, side: request.side, price: request.price, remaining: request.count,
            sequence: lastClaimSequence + 1)
        return collateralChange(ticker: ticker, fees: fees, replacing: nil, with: newClaim)
    }

    /// Extra collateral an amend needs (it may be negative when the amend frees some).
    public func requiredCollateral(amending order: ExchangeOrder, price: Price, totalCount: Quantity, fees: FeeSchedule)
        -> Money
    {
        let sequence = claims[order.ticker]?[order.id]?.sequence ?? lastClaimSequence + 1
        let claim = CollateralClaim(
            orderId: order.id, ticker: order.ticker, side: order.side, price: price,
            remaining: Quantity(units: max(0, (totalCount - order.filledCount).units)), sequence: sequence)
        return collateralChange(ticker: order.ticker, fees: fees, replacing: order.id, with: claim)
    }

    /// Throws `insufficient_balance` when available cash cannot cover the new order.
    public func checkCollateral(for request: OrderRequest, ticker: String, fees: FeeSchedule) throws(ExchangeError) {
        try requireAvailable(requiredCollateral(for: request, ticker: ticker, fees: fees))
    }

    /// Throws `insufficient_balance` when available cash cannot cover the amended order.
    public func checkCollateral(amending order: ExchangeOrder, price: Price, totalCount: Quantity, fees: FeeSchedule)
        throws(ExchangeError)
    {
        try requireAvailable(requiredCollateral(amending: order, price: price, totalCount: totalCount, fees: fees))
    }

    private func requireAvailable(_ required: Money) throws(ExchangeError) {
        guard required <= availableCash else {
            throw .insufficientBalance(required: required, available: availableCash)
        }
    }

    private func collateralChange(
        ticker: String, fees: FeeSchedule, replacing orderId: String?, with claim: CollateralClaim
    ) -> Money {
        let current = claims[ticker] ?? [:]
        let before = (reservations[ticker] ?? [:]).values.reduce(Money.zero, +)
        var proposed = current.values.filter { $0.orderId != orderId }
        proposed.append(claim)
        let after = CollateralRule.reservations(claims: proposed, position: position(in: ticker), fees: fees)
            .values.reduce(Money.zero, +)
        return after - before
    }

    /// Recomputes the reservations of one market's claims after its position or orders changed.
    mutating func updateReservations(ticker: String, fees: FeeSchedule) {
        let old = (reservations[ticker] ?? [:]).values.reduce(Money.zero, +)
        let fresh = CollateralRule.reservations(
            claims: Array((claims[ticker] ?? [:]).values), position: position(in: ticker), fees: fees)
        let new = fresh.values.reduce(Money.zero, +)
        reservations[ticker] = fresh.isEmpty ? nil : fresh
        if claims[ticker]?.isEmpty == true { claims[ticker] = nil }
        reserved = reserved - old + new
    }
}
