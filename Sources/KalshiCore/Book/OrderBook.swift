/// One market's L2 book as Kalshi publishes it: resting YES bids and resting NO bids.
///
/// A YES ask at p is a NO bid at 1 − p, so two bid ladders describe the whole book. Sizes live in
/// flat arrays indexed by grid position (see `PriceGrid`); applying a delta is an index lookup,
/// an add and, only when the best level empties, a short scan. Any inconsistency (a level driven
/// negative, a crossed book, an off-grid price, a delta before a snapshot) moves the book to
/// `needsResync`, where it ignores deltas and reports itself untradable until a snapshot.
public struct OrderBook: Sendable {
    public let grid: PriceGrid
    /// Everything mutable in one flat buffer, so an update pays for a single uniqueness check:
    /// `[best YES index, best NO index, YES level count, NO level count, YES sizes…, NO sizes…]`.
    /// Sizes are in 1/100 contract by grid index; a best index is −1 when its leg is empty.
    /// The leg is an offset rather than a branch, which matters on a stream whose sides
    /// alternate at random.
    @usableFromInline var storage: [Int64]
    @usableFromInline let levelsPerLeg: Int
    /// Mirrors `state == .ok`; a plain flag keeps the hot path free of enum comparisons.
    @usableFromInline var acceptsDeltas: Bool = false
    public internal(set) var state: BookState = .awaitingSnapshot

    @usableFromInline static let bestSlot = 0
    @usableFromInline static let countSlot = 2
    @usableFromInline static let firstLevelSlot = 4

    public init(grid: PriceGrid = .linearCent) {
        self.grid = grid
        self.levelsPerLeg = grid.count
        self.storage = [Int64](repeating: 0, count: OrderBook.firstLevelSlot + 2 * grid.count)
        storage[OrderBook.bestSlot] = -1
        storage[OrderBook.bestSlot + 1] = -1
    }

    public var isTradable: Bool { acceptsDeltas }
    public var yesLevelCount: Int { Int(storage[OrderBook.countSlot]) }
    public var noLevelCount: Int { Int(storage[OrderBook.countSlot + 1]) }

    /// Grid index of the best bid of a leg (0 = YES, 1 = NO), −1 when empty.
    @inlinable
    func bestIndex(leg: Int) -> Int { Int(storage[OrderBook.bestSlot &+ leg]) }

    /// Size at a grid index of a leg (0 = YES, 1 = NO).
    @inlinable
    func size(leg: Int, index: Int) -> Int64 { storage[OrderBook.firstLevelSlot &+ leg &* levelsPerLeg &+ index] }

    /// Replaces the whole book. Levels may come in any order; zero sizes are skipped.
    @discardableResult
    public mutating func applySnapshot(yes: [BookLevel], no: [BookLevel]) -> BookUpdate {
        for index in storage.indices { storage[index] = 0 }
        storage[OrderBook.bestSlot] = -1
        storage[OrderBook.bestSlot + 1] = -1
        for (side, levels) in [(OutcomeSide.yes, yes), (OutcomeSide.no, no)] {
            let leg = side.legIndex
            for level in levels {
                let index = grid.index(of: level.price)
                guard index >= 0 else { return fault(.offGrid(side: side, price: level.price)) }
                guard level.size.units >= 0 else {
                    return fault(.invalidSnapshot(.negativeSize(side, level.price, level.size)))
                }
                guard level.size.units > 0 else { continue }
                let slot = OrderBook.firstLevelSlot + leg * levelsPerLeg + index
                guard storage[slot] == 0 else { return fault(.invalidSnapshot(.duplicatePrice(side, level.price))) }
                storage[slot] = level.size.units
                storage[OrderBook.countSlot + leg] += 1
                storage[OrderBook.bestSlot + leg] = max(storage[OrderBook.bestSlot + leg], Int64(index))
            }
        }
        if let crossing = crossingFault() { return fault(crossing) }
        state = .ok
        acceptsDeltas = true
        return .applied
    }

    /// Applies a signed size change. Hot path: no allocation, no dictionary, no enum comparison,
    /// one uniqueness check, and no data-dependent branch except the rescan when the best level
    /// empties.
    @inlinable @inline(__always)
    @discardableResult
    public mutating func apply(_ delta: BookDelta) -> BookUpdate {
        guard acceptsDeltas else { return rejectWhileUntrusted() }
        let index = grid.index(of: delta.price)
        guard index >= 0 else { return fault(.offGrid(side: delta.side, price: delta.price)) }
        let leg = delta.side.legIndex
        let change = delta.delta.units
        let perLeg = levelsPerLeg
        let ticks = grid.tickByIndex
        // Outcome codes: 0 applied, 1 would go negative, 2 crossed.
        let outcome: Int = storage.withUnsafeMutableBufferPointer { buffer in
            let levels = buffer.baseAddress! + OrderBook.firstLevelSlot
            let legLevels = levels + leg &* perLeg
            let old = legLevels[index]
            let new = old &+ change
            if new < 0 { return 1 }
            legLevels[index] = new
            let grows = new > 0
            buffer[OrderBook.countSlot &+ leg] &+= (grows ? 1 : 0) &- (old > 0 ? 1 : 0)
            var best = Int(buffer[OrderBook.bestSlot &+ leg])
            best = grows && index > best ? index : best
            // One test for "the best level just emptied" (new ≥ 0 here), so the common case
            // costs a single well-predicted branch.
            if new | Int64(index ^ best) == 0 {
                best = index &- 1
                while best >= 0, legLevels[best] == 0 { best &-= 1 }
            }
            buffer[OrderBook.bestSlot &+ leg] = Int64(best)
            let yes = Int(buffer[OrderBook.bestSlot])
            let no = Int(buffer[OrderBook.bestSlot &+ 1])
            if yes >= 0, no >= 0, ticks[yes] &+ ticks[no] >= Price.ticksPerDollar { return 2 }
            return 0
        }
        if outcome == 0 { return .applied }
        if outcome == 1 {
            let old = Quantity(units: size(leg: leg, index: index))
            return fault(.negativeLevel(side: delta.side, price: delta.price, size: old, delta: delta.delta))
        }
        return crossed()
    }

    /// Marks the book untradable until the next snapshot (e.g. its subscription lost a frame).
    public mutating func invalidate(_ reason: BookFault) {
        state = .needsResync(reason)
        acceptsDeltas = false
    }

    @usableFromInline
    mutating func rejectWhileUntrusted() -> BookUpdate {
        state == .awaitingSnapshot ? fault(.deltaBeforeSnapshot) : .ignored
    }

    @usableFromInline
    mutating func fault(_ reason: BookFault) -> BookUpdate {
        invalidate(reason)
        return .faulted(reason)
    }

    @usableFromInline
    mutating func crossed() -> BookUpdate {
        fault(crossingFault()!)
    }

    func crossingFault() -> BookFault? {
        let (yesIndex, noIndex) = (bestIndex(leg: 0), bestIndex(leg: 1))
        guard yesIndex >= 0, noIndex >= 0 else { return nil }
        let yes = grid.price(at: yesIndex)
        let no = grid.price(at: noIndex)
        return yes.ticks + no.ticks >= Price.ticksPerDollar ? .crossed(yesBid: yes, noBid: no) : nil
    }
}

/// What applying an update did to a book.
public enum BookUpdate: Hashable, Sendable {
    case applied
    /// The book is waiting for a snapshot after a fault; the update was dropped.
    case ignored
    /// The update revealed an inconsistency; the book now needs a snapshot.
    case faulted(BookFault)
}
