/// Why a book stopped trusting itself. Any fault makes the book untradable until a snapshot.
public enum BookFault: Error, Hashable, Sendable, CustomStringConvertible {
    /// A delta arrived before any snapshot of the market.
    case deltaBeforeSnapshot
    /// A frame's sequence number did not follow the previous one on its subscription.
    case sequenceGap(sid: Int, expected: Int64, received: Int64)
    /// A delta would leave a negative size at a level.
    case negativeLevel(side: OutcomeSide, price: Price, size: Quantity, delta: Quantity)
    /// Best YES bid + best NO bid reached one dollar: someone's data is wrong.
    case crossed(yesBid: Price, noBid: Price)
    /// A price the market's grid does not contain.
    case offGrid(side: OutcomeSide, price: Price)
    /// A snapshot that cannot describe a book.
    case invalidSnapshot(InvalidSnapshotReason)
    /// The transport was reset (reconnect): every subscription starts again.
    case connectionReset

    public var description: String {
        switch self {
        case .deltaBeforeSnapshot: return "delta before snapshot"
        case .sequenceGap(let sid, let expected, let received):
            return "sequence gap on sid \(sid): expected seq \(expected), received \(received)"
        case .negativeLevel(let side, let price, let size, let delta):
            return "delta \(delta) at \(side) \(price) would leave \(size + delta) contracts"
        case .crossed(let yesBid, let noBid):
            return "crossed book: yes bid \(yesBid) + no bid \(noBid) >= 1.0000"
        case .offGrid(let side, let price): return "\(side) price \(price) is not on the market's price grid"
        case .invalidSnapshot(let reason): return "invalid snapshot: \(reason)"
        case .connectionReset: return "connection reset"
        }
    }
}

/// Whether a book may be traded on.
public enum BookState: Hashable, Sendable {
    /// No snapshot yet.
    case awaitingSnapshot
    case ok
    /// Distrusted until the next snapshot replaces it.
    case needsResync(BookFault)

    public var isTradable: Bool { self == .ok }
}

/// What was wrong with a snapshot. Kept free of strings so that `BookFault`, and with it every
/// book update result, stays a plain value that costs nothing to return on the hot path.
public enum InvalidSnapshotReason: Hashable, Sendable, CustomStringConvertible {
    case duplicatePrice(OutcomeSide, Price)
    case negativeSize(OutcomeSide, Price, Quantity)
    /// The market's price grid changed; the old levels may not fit the new grid.
    case gridChanged

    public var description: String {
        switch self {
        case .duplicatePrice(let side, let price): return "\(side) price \(price) listed twice"
        case .negativeSize(let side, let price, let size): return "negative size \(size) at \(side) \(price)"
        case .gridChanged: return "price grid changed"
        }
    }
}
