import KalshiCore

extension OrderManager {
    /// The number in one of our client order ids (`prefix-n`), if it is one of ours.
    /// Compared as UTF-8 bytes (it runs for every order sent): the ids this session makes are
    /// its prefix, `-` and digits, byte for byte; one that only canonically equals such an id
    /// was not made here.
    public func sequence(of clientOrderId: String) -> Int? {
        let id = clientOrderId.utf8
        let prefix = sessionPrefix.utf8
        guard id.count > prefix.count, id.starts(with: prefix) else { return nil }
        let dash = id.index(id.startIndex, offsetBy: prefix.count)
        guard id[dash] == UInt8(ascii: "-") else { return nil }
        return Int(Substring(id[id.index(after: dash)...]))
    }

    /// Makes sure the counter never hands out an id already used at the exchange. The id comes
    /// from the exchange or the journal: a suffix of Int.max has no successor (`used + 1` would
    /// trap), and no session of ours could have issued it, so it cannot collide with our counter.
    mutating func noteUsedClientOrderId(_ clientOrderId: String) {
        if let used = sequence(of: clientOrderId), used >= nextSequence, used < Int.max { nextSequence = used + 1 }
    }

    /// Registers an order found at the exchange (an adopted orphan, or a journaled intent on
    /// restart) as pending; the reports that follow bring it to the exchange's state.
    mutating func registerKnown(_ spec: OrderSpec, nowMs: Int64) -> ManagedOrder {
        noteUsedClientOrderId(spec.clientOrderId)
        if let existing = orders[spec.clientOrderId] { return existing }
        return register(spec, nowMs: nowMs)
    }

    /// An order the engine had finished (refused, or canceled) that the exchange has resting or
    /// filled beyond what the engine booked: it is live again, with the exchange's size and
    /// cancels, so the fills still to come can be booked.
    mutating func revive(_ clientOrderId: String, as view: ExchangeOrderView, nowMs: Int64) -> ManagedOrder? {
        guard var order = orders[clientOrderId], order.status == .rejected || order.status == .cancelled else { return nil }
        order.orderId = view.orderId
        order.price = view.price
        order.count = view.initialCount
        order.canceled = view.canceledCount
        order.rejectReason = nil
        order.status = order.filled.isZero ? .open : .partiallyFilled
        order.lastUpdateMs = nowMs
        orders[clientOrderId] = order
        if !(activeByMarket[order.market] ?? []).contains(clientOrderId) {
            activeByMarket[order.market, default: []].append(clientOrderId)
        }
        return order
    }
}
