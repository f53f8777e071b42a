import KalshiCore
import SignalFeeds

/// The fake book: `depth` levels each side, `levelStep` apart, the touch `halfSpread` either
/// side of the path's price. Sizes are a fixed function of the level (and of the second at the
/// touch), so every connection sees the same book and deltas are exact differences.
struct FakeBookLadder: Sendable, Equatable {
    var bids: [Money: AssetAmount] = [:]
    var asks: [Money: AssetAmount] = [:]

    init() {}

    init(price: Money, depth: Int, second: Int64, halfSpread: Money, step: Money) {
        let center = price.rounded(toMultipleOf: Money.microsPerCent, .down)
        for level in 0..<depth {
            let offset = halfSpread + Money(micros: step.micros * Int64(level))
            let size = AssetAmount(units: Int64(10 + (level * 7) % 23) * 10_000_000 + (level == 0 ? (second % 5) * 1_000_000 : 0))
            bids[center - offset] = size
            asks[center + offset] = size
        }
    }

    /// Levels that changed from `old` to `self`: new sizes, and zero for levels that disappeared.
    func changes(from old: FakeBookLadder) -> (bids: [(Money, AssetAmount)], asks: [(Money, AssetAmount)]) {
        func diff(_ new: [Money: AssetAmount], _ old: [Money: AssetAmount], descending: Bool) -> [(Money, AssetAmount)] {
            var result: [(Money, AssetAmount)] = []
            for (price, size) in new where old[price] != size { result.append((price, size)) }
            for price in old.keys where new[price] == nil { result.append((price, .zero)) }
            return result.sorted { descending ? $0.0 > $1.0 : $0.0 < $1.0 }
        }
        return (diff(bids, old.bids, descending: true), diff(asks, old.asks, descending: false))
    }

    var sortedBids: [(Money, AssetAmount)] { bids.sorted { $0.key > $1.key }.map { ($0.key, $0.value) } }
    var sortedAsks: [(Money, AssetAmount)] { asks.sorted { $0.key < $1.key }.map { ($0.key, $0.value) } }
}
