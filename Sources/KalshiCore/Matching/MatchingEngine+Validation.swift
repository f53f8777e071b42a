extension MatchingEngine {
    /// Checks a new order without changing anything; `submit` runs the same checks. A server can
    /// call this first to answer validation errors before it checks the account's balance.
    public func validate(_ request: OrderRequest, nowMs: Int64) throws(ExchangeError) {
        try requireOpen()
        try requireTradablePrice(request.price)
        try requireValidCount(request.count)
        if let expirationMs = request.expirationMs {
            guard request.timeInForce == .goodTillCanceled else {
                throw .invalidOrder(
                    details: "Cannot specify both expiration_time and \(request.timeInForce.rawValue)")
            }
            guard expirationMs > nowMs else {
                throw .invalidOrder(details: "expiration_time \(expirationMs) ms is not after now (\(nowMs) ms)")
            }
        }
        if request.postOnly && request.timeInForce != .goodTillCanceled {
            // A post-only order that may not rest can never do anything.
            throw .invalidOrder(details: "post_only requires good_till_canceled, not \(request.timeInForce.rawValue)")
        }
        if let clientOrderId = request.clientOrderId {
            try requireUnusedClientOrderId(clientOrderId, owner: request.owner)
        }
        if request.postOnly && wouldCross(request.side, limit: request.price, nowMs: nowMs) {
            throw .postOnlyCross(side: request.side, price: request.price)
        }
    }

    /// Checks an amend without changing anything; returns the order as it stands.
    @discardableResult
    public func validateAmend(
        orderId: String, owner: String?, price: Price, totalCount: Quantity, updatedClientOrderId: String? = nil,
        nowMs: Int64
    ) throws(ExchangeError) -> ExchangeOrder {
        try requireOpen()
        let order = try restingOrder(orderId, owner: owner, nowMs: nowMs)
        try requireTradablePrice(price)
        try requireValidCount(totalCount)
        guard totalCount > order.filledCount else {
            throw .invalidOrderSize(totalCount, reason: "must exceed the \(order.filledCount) contracts already filled")
        }
        if let updatedClientOrderId, updatedClientOrderId != order.clientOrderId {
            try requireUnusedClientOrderId(updatedClientOrderId, owner: order.owner)
        }
        if order.postOnly && price != order.price && wouldCross(order.side, limit: price, nowMs: nowMs) {
            throw .postOnlyCross(side: order.side, price: price)
        }
        return order
    }

    func requireOpen() throws(ExchangeError) {
        guard isOpen else { throw .marketClosed(ticker: ticker) }
    }

    /// Kalshi trades strictly between 0 and 1 dollar, on the market's grid.
    func requireTradablePrice(_ price: Price) throws(ExchangeError) {
        guard price > .zero, price < .one, grid.isOnGrid(price) else { throw .invalidPrice(price) }
    }

    func requireValidCount(_ count: Quantity) throws(ExchangeError) {
        guard count.units > 0 else { throw .invalidOrderSize(count, reason: "must be positive") }
        guard allowsFractionalCounts || count.units % Quantity.unitsPerContract == 0 else {
            throw .invalidOrderSize(count, reason: "must be whole contracts on this market")
        }
    }

    func requireUnusedClientOrderId(_ clientOrderId: String, owner: String) throws(ExchangeError) {
        if orderIdByClientKey[ClientOrderKey(owner: owner, clientOrderId: clientOrderId)] != nil {
            throw .orderAlreadyExists(clientOrderId: clientOrderId)
        }
    }

    /// The order if it exists, belongs to `owner` (when given) and still rests. Another owner's
    /// order is reported as not found, as an exchange does not reveal other accounts' orders.
    /// An order already due to expire counts as canceled.
    func restingOrder(_ orderId: String, owner: String?, nowMs: Int64) throws(ExchangeError) -> ExchangeOrder {
        guard let order = orders[orderId], owner == nil || order.owner == owner else {
            throw .orderNotFound(orderId: orderId)
        }
        if order.isResting, isDue(order, nowMs: nowMs) {
            throw .orderNotResting(orderId: orderId, status: .canceled)
        }
        guard order.isResting else { throw .orderNotResting(orderId: orderId, status: order.status) }
        return order
    }

    /// True when an order of `side` limited at `limit` would trade with any live resting order.
    func wouldCross(_ side: BookSide, limit: Price, nowMs: Int64) -> Bool {
        let opposite = ladder(side.opposite)
        for level in opposite.levels {
            guard opposite.crosses(level.price, limit: limit) else { return false }
            if level.orderIds.contains(where: { !isDue(orders[$0]!, nowMs: nowMs) }) { return true }
        }
        return false
    }

    func isDue(_ order: ExchangeOrder, nowMs: Int64) -> Bool {
        order.expirationMs.map { $0 <= nowMs } ?? false
    }
}
