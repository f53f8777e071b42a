/// Collects resting-size changes during one operation and emits one net `BookDelta` per level,
/// in the order the levels were first touched (so the output is deterministic).
struct BookDeltaAccumulator: Sendable {
    private struct Key: Hashable {
        var side: OutcomeSide
        var ticks: Int64
    }

    private var order: [Key] = []
    private var totals: [Key: Int64] = [:]

    /// Records a change of `units` to the resting size of a `bookSide` order at YES `price`,
    /// translated to the feed's convention (asks are NO bids at the complement).
    mutating func record(_ bookSide: BookSide, yesPrice: Price, units: Int64) {
        guard units != 0 else { return }
        let key =
            bookSide == .bid
            ? Key(side: .yes, ticks: yesPrice.ticks) : Key(side: .no, ticks: yesPrice.complement.ticks)
        if let total = totals[key] {
            totals[key] = total + units
        } else {
            totals[key] = units
            order.append(key)
        }
    }

    var deltas: [BookDelta] {
        order.compactMap { key in
            let units = totals[key]!
            guard units != 0 else { return nil }
            return BookDelta(side: key.side, price: Price(uncheckedTicks: key.ticks), delta: Quantity(units: units))
        }
    }
}
