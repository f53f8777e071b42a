import KalshiCore

/// One market inside the simulated exchange: the displayed book from market data, the
/// liquidity our own fills took from it, and our resting orders.
struct SimulatedMarket: Sendable {
    let metadata: MarketMetadata
    let asset: String?
    var book: OrderBook
    /// Displayed size our taker fills consumed, per (leg, price): the feed does not know about
    /// our fills, so without this the same liquidity could fill us twice.
    var consumed: [Int64: Int64] = [:]
    var resting: [SimulatedOrder] = []
    var settled: Money?
    /// False while the book lapsed (see `SimulatedExchange.sharesEngineBooks`): market data is
    /// not applied, and the engine's book is taken up again before the book is next read.
    var followsFeed = true
    /// The engine's book stopped following the feed (it invalidated it on a lost sequence or a
    /// resume) while this one goes on: until the next snapshot the two may differ, so this
    /// book may not lapse.
    var engineBookDiverged = false

    /// Nothing of ours is in this market (no resting order, no liquidity taken): its book is
    /// not read again before an order arrives.
    var isIdle: Bool { resting.isEmpty && consumed.isEmpty }

    init(metadata: MarketMetadata, asset: String?) {
        self.metadata = metadata
        self.asset = asset
        self.book = OrderBook(grid: metadata.priceGrid)
    }

    static func key(_ leg: OutcomeSide, _ price: Price) -> Int64 { Int64(leg.legIndex) * 20_000 + price.ticks }

    /// The leg and leg price where a resting order of ours would show in the public book.
    static func restingLevel(of side: BookSide, at price: Price) -> (OutcomeSide, Price) {
        side == .bid ? (.yes, price) : (.no, price.complement)
    }

    func available(_ leg: OutcomeSide, at price: Price) -> Int64 {
        max(0, book.bidSize(leg, at: price).units - consumed[SimulatedMarket.key(leg, price), default: 0])
    }

    func crosses(_ spec: OrderSpec) -> Bool {
        if spec.side == .bid { return book.bestYesAsk.map { $0.price <= spec.price } ?? false }
        return book.bestYesBid.map { $0.price >= spec.price } ?? false
    }

    mutating func remove(_ clientOrderId: String) -> SimulatedOrder? {
        guard let index = resting.firstIndex(where: { $0.spec.clientOrderId == clientOrderId }) else { return nil }
        return resting.remove(at: index)
    }

    /// Takes displayed liquidity for an arriving order, then rests, cancels or kills the rest.
    /// `alreadyFilled` is the part of `spec.count` (the order's total) that filled before, when
    /// an amended order is re-queued; a resting order keeps its total so later amends see it.
    mutating func match(
        _ spec: inout OrderSpec, alreadyFilled: Int64 = 0, orderId: String, timeMs: Int64,
        model: SimulatedExchangeConfiguration.QueueModel, nextTrade: inout Int
    ) -> [ExecutionReport] {
        let opposite: OutcomeSide = spec.side == .bid ? .no : .yes
        var fillable: [(yesPrice: Price, legPrice: Price, units: Int64)] = []
        for level in book.levels(opposite) {
            let yesPrice = spec.side == .bid ? level.price.complement : level.price
            guard spec.side == .bid ? yesPrice <= spec.price : yesPrice >= spec.price else { break }
            let units = available(opposite, at: level.price)
            if units > 0 { fillable.append((yesPrice, level.price, units)) }
        }
        let open = spec.count.units - alreadyFilled
        if spec.timeInForce == .fillOrKill, fillable.reduce(0, { $0 + $1.units }) < open {
            return [.canceled(clientOrderId: spec.clientOrderId, canceledCount: Quantity(units: open), reason: "fill_or_kill")]
        }
        var reports: [ExecutionReport] = []
        var remaining = open
        for level in fillable where remaining > 0 {
            let take = min(remaining, level.units)
            consumed[SimulatedMarket.key(opposite, level.legPrice), default: 0] += take
            remaining -= take
            reports.append(fill(spec, price: level.yesPrice, units: take, isTaker: true, nextTrade: &nextTrade))
        }
        guard remaining > 0 else { return reports }
        if spec.timeInForce == .goodTillCanceled {
            let (leg, legPrice) = SimulatedMarket.restingLevel(of: spec.side, at: spec.price)
            resting.append(
                SimulatedOrder(spec: spec, orderId: orderId, remaining: Quantity(units: remaining), queueAhead: available(leg, at: legPrice)))
        } else {
            reports.append(.canceled(clientOrderId: spec.clientOrderId, canceledCount: Quantity(units: remaining), reason: "immediate_or_cancel"))
        }
        return reports
    }

    /// A book change: taken liquidity reappears as the feed removes it, and size leaving our
    /// price level moves our resting orders up the queue.
    mutating func applyDelta(_ delta: BookDelta, model: SimulatedExchangeConfiguration.QueueModel) {
        let sizeBefore = resting.isEmpty ? 0 : book.bidSize(delta.side, at: delta.price).units
        book.apply(delta)
        guard delta.delta.units < 0 else { return }
        let sizeAfter = resting.isEmpty ? 0 : book.bidSize(delta.side, at: delta.price).units
        let removed = -delta.delta.units
        if !consumed.isEmpty {
            let key = SimulatedMarket.key(delta.side, delta.price)
            if let taken = consumed[key] { consumed[key] = taken > removed ? taken - removed : nil }
        }
        for index in resting.indices {
            let (leg, legPrice) = SimulatedMarket.restingLevel(of: resting[index].spec.side, at: resting[index].spec.price)
            guard leg == delta.side, legPrice == delta.price else { continue }
            let fromTrades = min(removed, resting[index].tradeCredit)
            resting[index].tradeCredit -= fromTrades
            let canceledAhead = removed - fromTrades
            guard canceledAhead > 0, resting[index].queueAhead > 0 else { continue }
            switch model {
            case .conservative:
                // Cancellations are assumed to come from behind us: we only move up when the
                // level no longer holds as much as we thought was ahead of us.
                resting[index].queueAhead = min(resting[index].queueAhead, sizeAfter)
            case .probabilistic:
                // A cancellation lands ahead of us in proportion to the share of the level ahead of us.
                let share = Double(resting[index].queueAhead) / Double(max(1, sizeBefore))
                let advanced = resting[index].queueAhead - Int64((Double(canceledAhead) * share).rounded())
                resting[index].queueAhead = max(0, min(advanced, sizeAfter))
            }
        }
    }

    /// A public trade: at our price it consumes the queue ahead first; through our price it fills us.
    mutating func applyTrade(price: Price, count: Quantity, takerSide: BookSide?, nextTrade: inout Int) -> [ExecutionReport] {
        var reports: [ExecutionReport] = []
        var volume = count.units
        for index in resting.indices where volume > 0 {
            let order = resting[index]
            // A taker on the other side of our order is what can reach it.
            if let takerSide, takerSide == order.spec.side { continue }
            let through = order.spec.side == .bid ? price < order.spec.price : price > order.spec.price
            let atPrice = price == order.spec.price
            guard through || atPrice else { continue }
            var fillUnits: Int64
            if through {
                fillUnits = min(volume, order.remaining.units)
            } else {
                resting[index].tradeCredit += volume
                let ahead = resting[index].queueAhead
                fillUnits = max(0, min(volume - ahead, order.remaining.units))
                resting[index].queueAhead = max(0, ahead - volume)
            }
            guard fillUnits > 0 else { continue }
            volume -= fillUnits
            reports.append(fill(order.spec, price: order.spec.price, units: fillUnits, isTaker: false, nextTrade: &nextTrade))
            resting[index].remaining = Quantity(units: order.remaining.units - fillUnits)
        }
        resting.removeAll { $0.remaining.isZero }
        return reports
    }

    /// When the displayed opposite side crosses a resting order, that liquidity would have met
    /// our order (the real book cannot be crossed): fill us as the maker at our price.
    mutating func fillCrossedOrders(timeMs: Int64, nextTrade: inout Int) -> [ExecutionReport] {
        guard !resting.isEmpty, book.isTradable else { return [] }
        var reports: [ExecutionReport] = []
        for index in resting.indices {
            var spec = resting[index].spec
            guard crosses(spec) else { continue }
            spec.count = resting[index].remaining
            let opposite: OutcomeSide = spec.side == .bid ? .no : .yes
            var remaining = spec.count.units
            for level in book.levels(opposite) where remaining > 0 {
                let yesPrice = spec.side == .bid ? level.price.complement : level.price
                guard spec.side == .bid ? yesPrice <= spec.price : yesPrice >= spec.price else { break }
                let take = min(remaining, available(opposite, at: level.price))
                guard take > 0 else { continue }
                consumed[SimulatedMarket.key(opposite, level.price), default: 0] += take
                remaining -= take
                reports.append(fill(spec, price: spec.price, units: take, isTaker: false, nextTrade: &nextTrade))
            }
            resting[index].remaining = Quantity(units: remaining)
            resting[index].queueAhead = 0
        }
        resting.removeAll { $0.remaining.isZero }
        return reports
    }

    private func fill(_ spec: OrderSpec, price: Price, units: Int64, isTaker: Bool, nextTrade: inout Int) -> ExecutionReport {
        defer { nextTrade += 1 }
        let count = Quantity(units: units)
        return .fill(
            ExecutionFill(
                clientOrderId: spec.clientOrderId, tradeId: "sim-t\(nextTrade)", side: spec.side, yesPrice: price, count: count,
                fee: metadata.fees.tradeFee(price: price, count: count, role: isTaker ? .taker : .maker), isTaker: isTaker))
    }
}
