import KalshiCore

extension OrderManager {
    /// The number in one of our client order ids (`prefix-n`), if it is one of ours.
    /// Compared as UTF-8 bytes (it runs for every order sent): the ids this session makes are
    /// its prefix, `-` and digits, byte for byte; one that only canonically equals such an id
    /// was not made here.
    ///
    /// Read over the strings' contiguous bytes: the generic `UTF8View` comparison and an `Int`
    /// parsed from a `Substring` cost about a microsecond of the order's path.
    public func sequence(of clientOrderId: String) -> Int? {
        var id = clientOrderId
        var prefix = sessionPrefix
        return id.withUTF8 { id in
            prefix.withUTF8 { prefix in
                guard id.count > prefix.count, id[prefix.count] == UInt8(ascii: "-"),
                    UnsafeBufferPointer(rebasing: id[..<prefix.count]).elementsEqual(prefix)
                else { return nil }
                return Self.decimal(UnsafeBufferPointer(rebasing: id[(prefix.count + 1)...]))
            }
        }
    }

    /// `Int(text)` over ASCII bytes, with its rules: an optional `+` or `-`, then one digit or
    /// more; nil for anything else and on overflow.
    static func decimal(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        var index = 0
        var negative = false
        if let first = bytes.first, first == UInt8(ascii: "-") || first == UInt8(ascii: "+") {
            negative = first == UInt8(ascii: "-")
            index = 1
        }
        guard index < bytes.count else { return nil }
        var value = 0
        while index < bytes.count {
            let digit = bytes[index] &- UInt8(ascii: "0")
            guard digit < 10 else { return nil }
            // A negative number accumulates downwards, so Int.min is reachable.
            let (shifted, overflowed) = value.multipliedReportingOverflow(by: 10)
            let (next, carried) =
                negative ? shifted.subtractingReportingOverflow(Int(digit)) : shifted.addingReportingOverflow(Int(digit))
            guard !overflowed, !carried else { return nil }
            value = next
            index += 1
        }
        return value
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
        clientOrderIdByOrderId[view.orderId] = clientOrderId
        if !(activeByMarket[order.market] ?? []).contains(clientOrderId) {
            activeByMarket[order.market, default: []].append(clientOrderId)
        }
        return order
    }
}
