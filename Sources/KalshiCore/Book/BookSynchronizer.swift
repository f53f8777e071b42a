/// Keeps every market's book consistent with Kalshi's per-subscription sequence numbers.
///
/// Sans-I/O: feed it decoded frames, it updates the books and says when a resync is needed.
/// `seq` is scoped to the subscription (`sid`), not the market (reference §3), so a gap means
/// *any* market on that sid may have lost a delta: every book on the sid becomes untradable
/// until its own fresh snapshot arrives. After a gap the sid is re-baselined on the frame that
/// revealed it, so the snapshots answering `get_snapshot` are accepted as they come.
public struct BookSynchronizer: Sendable {
    public private(set) var books: [String: OrderBook] = [:]
    public private(set) var counters = BookFeedCounters()
    private var lastSeq: [Int: Int64] = [:]
    private var tickersBySid: [Int: Set<String>] = [:]
    private var grids: [String: PriceGrid]
    private let defaultGrid: PriceGrid

    /// - Parameters:
    ///   - grids: the price grid of each known market.
    ///   - defaultGrid: the grid for markets not in `grids`; the finest grid accepts any valid price.
    public init(grids: [String: PriceGrid] = [:], defaultGrid: PriceGrid = .finest) {
        self.grids = grids
        self.defaultGrid = defaultGrid
    }

    public func book(_ ticker: String) -> OrderBook? { books[ticker] }

    /// Registers or changes a market's grid (e.g. after `price_level_structure_updated`); the book is
    /// rebuilt empty and must be re-snapshotted.
    public mutating func setGrid(_ grid: PriceGrid, for ticker: String) {
        grids[ticker] = grid
        if books[ticker] != nil {
            var book = OrderBook(grid: grid)
            book.invalidate(.invalidSnapshot(.gridChanged))
            books[ticker] = book
        }
    }

    /// Drops the books of markets no longer followed (settled and unsubscribed).
    public mutating func forget(_ tickers: Set<String>) {
        for ticker in tickers {
            books[ticker] = nil
            grids[ticker] = nil
        }
        for sid in tickersBySid.keys { tickersBySid[sid]?.subtract(tickers) }
    }

    public mutating func apply(_ event: BookFeedEvent) -> BookFeedAction {
        switch event {
        case .subscribed(let sid), .unsubscribed(let sid):
            lastSeq[sid] = nil
            return .none
        case .sequenced(let sid, let seq):
            return checkSequence(sid: sid, seq: seq)
        case .snapshot(let sid, let seq, let ticker, let yes, let no):
            counters.snapshots += 1
            let sequenceAction = seq.map { checkSequence(sid: sid, seq: $0) } ?? .none
            tickersBySid[sid, default: []].insert(ticker)
            // Take the book out of the dictionary so mutating it does not copy its level arrays.
            var book = books.removeValue(forKey: ticker) ?? OrderBook(grid: grids[ticker] ?? defaultGrid)
            let update = book.applySnapshot(yes: yes, no: no)
            books[ticker] = book
            if case .faulted(let fault) = update {
                count(fault)
                return merge(sequenceAction, requestResync(sid: sid, tickers: [ticker]))
            }
            // This market is fresh now; a gap found on this very frame need not re-ask for it.
            if case .resync(let resyncSid, let tickers) = sequenceAction {
                let others = tickers.filter { $0 != ticker }
                return others.isEmpty ? .none : .resync(sid: resyncSid, tickers: others)
            }
            return sequenceAction
        case .delta(let sid, let seq, let ticker, let delta):
            counters.deltas += 1
            let sequenceAction = seq.map { checkSequence(sid: sid, seq: $0) } ?? .none
            let update: BookUpdate
            // Hot path: one hash lookup, and the book is mutated in place through the
            // dictionary's storage (no copy of its level arrays).
            if let index = books.index(forKey: ticker) {
                update = books.values[index].apply(delta)
            } else {
                tickersBySid[sid, default: []].insert(ticker)
                var book = OrderBook(grid: grids[ticker] ?? defaultGrid)
                update = book.apply(delta)
                books[ticker] = book
            }
            switch update {
            case .applied:
                return sequenceAction
            case .ignored:
                counters.deltasIgnoredWhileResyncing += 1
                return sequenceAction
            case .faulted(let fault):
                count(fault)
                return merge(sequenceAction, requestResync(sid: sid, tickers: [ticker]))
            }
        }
    }

    /// After a reconnect sids are renumbered and sequences restart: forget them all and distrust
    /// every book until the re-subscription delivers new snapshots.
    public mutating func resetConnection() {
        lastSeq.removeAll()
        tickersBySid.removeAll()
        for ticker in books.keys { books[ticker]?.invalidate(.connectionReset) }
    }

    private mutating func checkSequence(sid: Int, seq: Int64) -> BookFeedAction {
        guard let last = lastSeq[sid] else {
            lastSeq[sid] = seq
            return .none
        }
        // `seq` comes off the wire: a hostile or corrupt Int64.max has no successor, and `last + 1`
        // would trap with orders resting.
        let (expected, overflowed) = last.addingReportingOverflow(1)
        if !overflowed && seq == expected {
            lastSeq[sid] = seq
            return .none
        }
        // A duplicate or reordered frame is as suspect as a gap: we cannot tell what it changed.
        // Only a forward jump moves the baseline; going backwards would turn every later frame
        // into another gap. Nothing can follow Int64.max in order, so whatever comes after it is a
        // gap that re-baselines the sid on the frame that revealed it (the resync snapshots then
        // continue from there).
        if overflowed || seq > last {
            counters.gaps += 1
            lastSeq[sid] = seq
        } else {
            counters.duplicatesOrReordered += 1
        }
        // On overflow the expected successor does not exist; report the saturated value.
        let fault = BookFault.sequenceGap(sid: sid, expected: overflowed ? last : expected, received: seq)
        let tickers = (tickersBySid[sid] ?? []).sorted()
        for ticker in tickers { books[ticker]?.invalidate(fault) }
        return requestResync(sid: sid, tickers: tickers)
    }

    private mutating func requestResync(sid: Int, tickers: [String]) -> BookFeedAction {
        guard !tickers.isEmpty else { return .none }
        counters.resyncsRequested += 1
        return .resync(sid: sid, tickers: tickers)
    }

    private func merge(_ first: BookFeedAction, _ second: BookFeedAction) -> BookFeedAction {
        switch (first, second) {
        case (.none, _): return second
        case (_, .none): return first
        case (.resync(let sid, let a), .resync(_, let b)): return .resync(sid: sid, tickers: Array(Set(a + b)).sorted())
        }
    }

    private mutating func count(_ fault: BookFault) {
        switch fault {
        case .deltaBeforeSnapshot: counters.deltasBeforeSnapshot += 1
        case .negativeLevel: counters.negativeLevels += 1
        case .crossed: counters.crossedBooks += 1
        case .offGrid: counters.offGridPrices += 1
        case .invalidSnapshot: counters.invalidSnapshots += 1
        case .sequenceGap, .connectionReset: break
        }
    }
}
