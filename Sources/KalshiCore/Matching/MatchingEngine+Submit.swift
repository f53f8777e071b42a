extension MatchingEngine {
    /// Accepts a new order: it trades with what crosses, then rests (good-till-canceled) or has
    /// its remainder canceled (immediate-or-cancel, fill-or-kill, self-trade prevention).
    ///
    /// A fill-or-kill order is checked against the crossing size of *other* owners' live orders;
    /// when that is short of its count it is canceled without fills (the order still exists,
    /// status `canceled`). When it has enough but meets its owner's order under `takerAtCross`,
    /// it behaves like immediate-or-cancel and keeps its fills (Kalshi's documented behaviour,
    /// reference §4.7).
    public mutating func submit(_ request: OrderRequest, nowMs: Int64) throws(ExchangeError) -> MatchingResult {
        try perform(nowMs: nowMs) { (engine, operation) throws(ExchangeError) in
            try engine.validate(request, nowMs: nowMs)
            engine.accept(request, operation: &operation)
        }
    }

    private mutating func accept(_ request: OrderRequest, operation: inout MatchingOperation) {
        let id = ids.nextOrderId()
        let order = ExchangeOrder(
            id: id, ticker: ticker, request: request, nowMs: operation.nowMs, prioritySequence: nextPrioritySequence())
        orders[id] = order
        if let clientOrderId = request.clientOrderId {
            orderIdByClientKey[ClientOrderKey(owner: request.owner, clientOrderId: clientOrderId)] = id
        }
        operation.primaryOrderId = id
        operation.touch(id)
        if request.timeInForce == .fillOrKill {
            let available = crossingUnits(
                for: request.side, limit: request.price, excludingOwner: request.owner, upTo: request.count.units)
            guard available >= request.count.units else {
                orders[id]!.cancel(request.count, nowMs: operation.nowMs)
                operation.noteCancel(id, reason: .fillOrKill)
                return
            }
        }
        matchIncoming(id, operation: &operation)
    }

    /// Resting size that crosses `limit` from the other side, not counting `owner`'s orders
    /// (self-trade prevention never lets them fill); stops counting at `upTo`.
    func crossingUnits(for side: BookSide, limit: Price, excludingOwner owner: String, upTo wanted: Int64) -> Int64 {
        let opposite = ladder(side.opposite)
        var total: Int64 = 0
        for level in opposite.levels {
            guard opposite.crosses(level.price, limit: limit), total < wanted else { break }
            for id in level.orderIds {
                let order = orders[id]!
                if order.owner != owner { total += order.remainingCount.units }
            }
        }
        return total
    }
}
