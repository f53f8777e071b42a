import KalshiCore

/// Follows a recorded scenario's books along scenario time: `advance(toMs:)` applies every
/// recorded change up to that time to the target books and says which markets changed. The
/// exchange then makes a participant's resting orders match the target (see
/// `FakeKalshiExchange+Tape`). A book the recording lost (a gap, a bad delta) is not followed
/// until its next snapshot.
struct RecordedTape: Sendable {
    private let changes: [RecordedScenario.TimedBookChange]
    private var cursor = 0
    private(set) var books: [OrderBook]

    init(scenario: RecordedScenario) {
        changes = scenario.bookChanges
        books = scenario.markets.map { OrderBook(grid: $0.metadata.priceGrid) }
    }

    var isFinished: Bool { cursor == changes.count }

    /// Applies the changes at or before `nowMs`; the markets whose book changed, ascending.
    mutating func advance(toMs nowMs: Int64) -> [Int] {
        var changed: Set<Int> = []
        while cursor < changes.count, changes[cursor].timeMs <= nowMs {
            let change = changes[cursor]
            cursor += 1
            switch change.change {
            case .snapshot(let yes, let no): _ = books[change.market].applySnapshot(yes: yes, no: no)
            case .delta(let delta): _ = books[change.market].apply(delta)
            case .untrusted: books[change.market].invalidate(.connectionReset)
            }
            changed.insert(change.market)
        }
        return changed.sorted()
    }

    /// The resting quantity the participant should show at each price of a market's single
    /// YES book: YES bids as bids, NO bids at `p` as asks at `1 − p`. Nil while the book is
    /// not trusted.
    func target(market: Int) -> [TapeLevel: Quantity]? {
        let book = books[market]
        guard book.isTradable else { return nil }
        var levels: [TapeLevel: Quantity] = [:]
        for level in book.levels(.yes) { levels[TapeLevel(side: .bid, price: level.price)] = level.size }
        for level in book.levels(.no) { levels[TapeLevel(side: .ask, price: level.price.complement)] = level.size }
        return levels
    }
}

/// One price level of a side of the single YES book.
struct TapeLevel: Hashable, Sendable, Comparable {
    var side: BookSide
    var price: Price

    static func < (lhs: TapeLevel, rhs: TapeLevel) -> Bool {
        (lhs.side.rawValue, lhs.price.ticks) < (rhs.side.rawValue, rhs.price.ticks)
    }
}
