import KalshiCore

/// The local copy of one Crypto.com `book.{instrument}.{depth}` stream in delta mode, with the
/// `u`/`pu` rule of reference §2.1: a delta applies only when its `pu` is the `u` of the last
/// message applied. Levels are fixed-point; at most `depth` per side are kept.
public struct CryptoComBook: Sendable, Equatable {
    public enum UpdateOutcome: Sendable, Equatable {
        case applied
        /// Already applied (its `u` is not newer than ours): ignoring it is safe.
        case duplicate
        /// `pu` is not our last `u`: something was missed; the book must be re-snapshotted.
        case sequenceBreak(expected: Int64, got: Int64)
        /// The update left the best bid at or above the best ask.
        case crossed
    }

    public let depth: Int
    /// Best first: bids descending, asks ascending.
    public private(set) var bids: [CryptoComLevel] = []
    public private(set) var asks: [CryptoComLevel] = []
    public private(set) var lastUpdateId: Int64

    public init(snapshot: CryptoComBookSnapshot, depth: Int) {
        self.depth = depth
        self.lastUpdateId = snapshot.updateId
        self.bids = Self.normalized(snapshot.bids, descending: true, depth: depth)
        self.asks = Self.normalized(snapshot.asks, descending: false, depth: depth)
    }

    public var bestBid: CryptoComLevel? { bids.first }
    public var bestAsk: CryptoComLevel? { asks.first }
    public var isCrossed: Bool {
        guard let bid = bestBid, let ask = bestAsk else { return false }
        return bid.price >= ask.price
    }

    /// (best bid + best ask) / 2, rounded down to the micro-dollar; nil when a side is empty.
    public var mid: Money? {
        guard let bid = bestBid, let ask = bestAsk else { return nil }
        return Money(micros: (bid.price.micros + ask.price.micros) / 2)
    }

    public mutating func apply(_ update: CryptoComBookUpdate) -> UpdateOutcome {
        if update.updateId <= lastUpdateId { return .duplicate }
        guard update.previousUpdateId == lastUpdateId else {
            return .sequenceBreak(expected: lastUpdateId, got: update.previousUpdateId)
        }
        bids = Self.merged(bids, update.bids, descending: true, depth: depth)
        asks = Self.merged(asks, update.asks, descending: false, depth: depth)
        lastUpdateId = update.updateId
        return isCrossed ? .crossed : .applied
    }

    static func normalized(_ levels: [CryptoComLevel], descending: Bool, depth: Int) -> [CryptoComLevel] {
        let kept = levels.filter { $0.size > .zero }
        let sorted = kept.sorted { descending ? $0.price > $1.price : $0.price < $1.price }
        return Array(sorted.prefix(depth))
    }

    /// A changed level replaces ours at the same price; size zero deletes it.
    static func merged(_ current: [CryptoComLevel], _ changes: [CryptoComLevel], descending: Bool, depth: Int) -> [CryptoComLevel]
    {
        guard !changes.isEmpty else { return current }
        var byPrice = Dictionary(current.map { ($0.price, $0) }, uniquingKeysWith: { _, last in last })
        for change in changes { byPrice[change.price] = change.size > .zero ? change : nil }
        return normalized(Array(byPrice.values), descending: descending, depth: depth)
    }
}
