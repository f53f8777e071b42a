extension MatchingEngine {
    /// Everything that is wrong with the engine's internal state; empty when it is consistent.
    /// Cheap enough for tests and for a fake exchange's self-check after each operation: a
    /// non-empty answer means the engine must stop trading ("doubt stops trading").
    public func consistencyProblems() -> [String] {
        var problems: [String] = []
        var queued: Set<String> = []
        for ladder in [bids, asks] {
            for level in ladder.levels {
                if level.isEmpty { problems.append("empty \(ladder.side) level at \(level.price)") }
                var units: Int64 = 0
                for id in level.orderIds {
                    guard let order = orders[id] else {
                        problems.append("unknown order \(id) queued at \(level.price)")
                        continue
                    }
                    if !queued.insert(id).inserted { problems.append("order \(id) queued twice") }
                    if !order.isResting || order.side != ladder.side || order.price != level.price {
                        problems.append("order \(id) queued at \(ladder.side) \(level.price) but is \(order)")
                    }
                    units += order.remainingCount.units
                }
                if units != level.totalUnits {
                    problems.append("\(ladder.side) level \(level.price) totals \(level.totalUnits), orders hold \(units)")
                }
            }
        }
        for (id, order) in orders {
            let sum = order.filledCount + order.remainingCount + order.canceledCount
            if sum != order.initialCount { problems.append("order \(id) counts do not add up to \(order.initialCount)") }
            if order.isResting != queued.contains(id) { problems.append("order \(id) resting=\(order.isResting) queued") }
            if order.isResting && order.remainingCount.units <= 0 { problems.append("order \(id) rests with no size") }
        }
        if let bid = bids.best?.price, let ask = asks.best?.price, bid >= ask {
            problems.append("crossed book: bid \(bid) >= ask \(ask)")
        }
        return problems
    }
}
