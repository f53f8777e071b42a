extension MatchingEngine {
    /// Cancels a resting order; `reducedBy` in the result is the size it had left.
    /// With `owner`, another account's order is reported as not found.
    public mutating func cancel(orderId: String, owner: String? = nil, nowMs: Int64) throws(ExchangeError)
        -> MatchingResult
    {
        try perform(nowMs: nowMs) { (engine, operation) throws(ExchangeError) in
            try engine.requireOpen()
            let order = try engine.restingOrder(orderId, owner: owner, nowMs: nowMs)
            operation.primaryOrderId = orderId
            engine.cancelResting(orderId, count: order.remainingCount, reason: .requested, operation: &operation)
        }
    }

    /// Cancels every resting order of `owner`, in priority order (bids, then asks).
    public mutating func cancelAll(owner: String, nowMs: Int64) throws(ExchangeError) -> MatchingResult {
        try perform(nowMs: nowMs) { (engine, operation) throws(ExchangeError) in
            try engine.requireOpen()
            for order in engine.restingOrders(owner: owner) {
                engine.cancelResting(order.id, count: order.remainingCount, reason: .requested, operation: &operation)
            }
        }
    }

    /// Cancels good-till-time orders whose expiration is at or before `nowMs`. Every other
    /// operation does this first on its own; a server calls it from a timer so that expiries
    /// reach the feeds even when nobody trades.
    public mutating func expire(nowMs: Int64) -> MatchingResult {
        var operation = MatchingOperation(ticker: ticker, nowMs: nowMs)
        expireDue(&operation)
        return operation.finished(orders: orders)
    }

    /// Closes the market: cancels every resting order and refuses further order operations.
    public mutating func close(nowMs: Int64) -> MatchingResult {
        var operation = MatchingOperation(ticker: ticker, nowMs: nowMs)
        expireDue(&operation)
        for order in restingOrders() {
            cancelResting(order.id, count: order.remainingCount, reason: .marketClosed, operation: &operation)
        }
        isOpen = false
        return operation.finished(orders: orders)
    }

    /// Accepts orders again after `close` (for example a paused market resuming).
    public mutating func reopen() {
        isOpen = true
    }

    func hasOrdersDue(nowMs: Int64) -> Bool {
        earliestExpirationMs.map { $0 <= nowMs } ?? false
    }

    mutating func expireDue(_ operation: inout MatchingOperation) {
        guard hasOrdersDue(nowMs: operation.nowMs) else { return }
        var earliest: Int64?
        for order in restingOrders() {
            guard let expirationMs = order.expirationMs else { continue }
            if expirationMs <= operation.nowMs {
                cancelResting(order.id, count: order.remainingCount, reason: .expired, operation: &operation)
            } else {
                earliest = min(earliest ?? expirationMs, expirationMs)
            }
        }
        earliestExpirationMs = earliest
    }
}
