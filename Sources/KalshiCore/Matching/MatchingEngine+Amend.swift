extension MatchingEngine {
    /// Changes a resting order's price and/or size. `totalCount` is the new *total*: contracts
    /// already filled plus the size that should rest.
    ///
    /// A pure size decrease at the same price keeps the order's place in the queue. A price
    /// change or a size increase sends it to the back: it is taken off the book and matched
    /// again as an incoming order, so it may trade (as taker) if the new price crosses.
    public mutating func amend(
        orderId: String, owner: String? = nil, price: Price, totalCount: Quantity, updatedClientOrderId: String? = nil,
        nowMs: Int64
    ) throws(ExchangeError) -> MatchingResult {
        try perform(nowMs: nowMs) { (engine, operation) throws(ExchangeError) in
            let order = try engine.validateAmend(
                orderId: orderId, owner: owner, price: price, totalCount: totalCount,
                updatedClientOrderId: updatedClientOrderId, nowMs: nowMs)
            operation.primaryOrderId = orderId
            if let updatedClientOrderId, updatedClientOrderId != order.clientOrderId {
                engine.replaceClientOrderId(of: order, with: updatedClientOrderId)
                operation.touch(orderId)
            }
            let newRemaining = totalCount - order.filledCount
            if price == order.price && newRemaining <= order.remainingCount {
                engine.shrinkInPlace(order, to: newRemaining, operation: &operation)
            } else {
                engine.requeue(order, price: price, remaining: newRemaining, operation: &operation)
            }
        }
    }

    /// Shrinks a resting order, keeping its place in the queue (`reduce_by` / `reduce_to` of
    /// the remaining count). Reducing to zero cancels it. `reducedBy` in the result is the size
    /// taken off.
    public mutating func decrease(
        orderId: String, owner: String? = nil, _ reduction: OrderReduction, nowMs: Int64
    ) throws(ExchangeError) -> MatchingResult {
        try perform(nowMs: nowMs) { (engine, operation) throws(ExchangeError) in
            try engine.requireOpen()
            let order = try engine.restingOrder(orderId, owner: owner, nowMs: nowMs)
            let reduceBy: Quantity
            switch reduction {
            case .by(let amount):
                guard amount.units > 0 else { throw .invalidOrderSize(amount, reason: "reduce_by must be positive") }
                reduceBy = min(amount, order.remainingCount)
            case .to(let target):
                guard target.units >= 0, target <= order.remainingCount else {
                    throw .invalidOrderSize(
                        target, reason: "reduce_to must be between 0 and the remaining \(order.remainingCount)")
                }
                reduceBy = order.remainingCount - target
            }
            operation.primaryOrderId = orderId
            guard reduceBy.units > 0 else { return }
            engine.cancelResting(orderId, count: reduceBy, reason: .decreased, operation: &operation)
        }
    }

    private mutating func replaceClientOrderId(of order: ExchangeOrder, with clientOrderId: String) {
        if let old = order.clientOrderId {
            orderIdByClientKey[ClientOrderKey(owner: order.owner, clientOrderId: old)] = nil
        }
        orderIdByClientKey[ClientOrderKey(owner: order.owner, clientOrderId: clientOrderId)] = order.id
        orders[order.id]!.clientOrderId = clientOrderId
    }

    /// An amend that restates the order smaller: its total shrinks, nothing is "canceled".
    private mutating func shrinkInPlace(
        _ order: ExchangeOrder, to newRemaining: Quantity, operation: inout MatchingOperation
    ) {
        let removed = order.remainingCount - newRemaining
        guard removed.units > 0 else { return }
        modifyLadder(order.side) { $0.reduce(price: order.price, units: removed.units) }
        operation.deltas.record(order.side, yesPrice: order.price, units: -removed.units)
        orders[order.id]!.remainingCount = newRemaining
        orders[order.id]!.initialCount = order.initialCount - removed
        orders[order.id]!.lastUpdatedMs = operation.nowMs
        operation.touch(order.id)
    }

    /// Takes the order off the book and matches it again at its new price and size, behind
    /// every order already resting there.
    private mutating func requeue(
        _ order: ExchangeOrder, price: Price, remaining: Quantity, operation: inout MatchingOperation
    ) {
        modifyLadder(order.side) { $0.remove(order.id, price: order.price, units: order.remainingCount.units) }
        operation.deltas.record(order.side, yesPrice: order.price, units: -order.remainingCount.units)
        let sequence = nextPrioritySequence()
        orders[order.id]!.price = price
        orders[order.id]!.remainingCount = remaining
        orders[order.id]!.initialCount = order.filledCount + remaining + order.canceledCount
        orders[order.id]!.prioritySequence = sequence
        orders[order.id]!.lastUpdatedMs = operation.nowMs
        operation.touch(order.id)
        matchIncoming(order.id, operation: &operation)
    }
}
