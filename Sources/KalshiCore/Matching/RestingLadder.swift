/// One side of the engine's book: price levels ordered best first (bids highest first, asks
/// lowest first), each a FIFO queue.
struct RestingLadder: Hashable, Sendable {
    let side: BookSide
    /// Best level first; never contains an empty level.
    private(set) var levels: [PriceLevelQueue] = []

    init(side: BookSide) {
        self.side = side
    }

    var best: PriceLevelQueue? { levels.first }

    /// True when `price` has priority over `other` on this side.
    func isBetter(_ price: Price, than other: Price) -> Bool {
        side == .bid ? price > other : price < other
    }

    /// True when a resting order at `restingPrice` on this side trades with an incoming order of
    /// the other side limited at `limit`.
    func crosses(_ restingPrice: Price, limit: Price) -> Bool {
        side == .bid ? restingPrice >= limit : restingPrice <= limit
    }

    /// Where the level for `price` is or would be inserted.
    private func position(of price: Price) -> (index: Int, found: Bool) {
        var low = 0
        var high = levels.count
        while low < high {
            let middle = (low + high) / 2
            let candidate = levels[middle].price
            if candidate == price { return (middle, true) }
            if isBetter(candidate, than: price) { low = middle + 1 } else { high = middle }
        }
        return (low, false)
    }

    /// Queues an order at the back of its price level.
    mutating func append(_ orderId: String, price: Price, units: Int64) {
        let (index, found) = position(of: price)
        if !found { levels.insert(PriceLevelQueue(price: price), at: index) }
        levels[index].append(orderId, units: units)
    }

    mutating func remove(_ orderId: String, price: Price, units: Int64) {
        let (index, found) = position(of: price)
        precondition(found, "no level at \(price) for order \(orderId)")
        levels[index].remove(orderId, units: units)
        if levels[index].isEmpty { levels.remove(at: index) }
    }

    /// Shrinks an order in place; the caller removes it with `remove` once its remaining is zero.
    mutating func reduce(price: Price, units: Int64) {
        let (index, found) = position(of: price)
        precondition(found, "no level at \(price)")
        levels[index].reduce(units: units)
    }

    func size(at price: Price) -> Int64 {
        let (index, found) = position(of: price)
        return found ? levels[index].totalUnits : 0
    }

    /// Order ids in priority order (best price first, oldest first within a price).
    var orderIdsInPriority: [String] { levels.flatMap(\.orderIds) }
}
