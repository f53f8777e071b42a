/// A book-relevant frame from Kalshi's `orderbook_delta` channel, already decoded.
public enum BookFeedEvent: Hashable, Sendable {
    /// A new subscription: its sequence numbers start afresh.
    case subscribed(sid: Int)
    case snapshot(sid: Int, seq: Int64?, ticker: String, yes: [BookLevel], no: [BookLevel])
    case delta(sid: Int, seq: Int64?, ticker: String, BookDelta)
    /// Any other frame that consumes a sequence number on `sid` (an `ok` reply to
    /// `update_subscription`, for instance).
    case sequenced(sid: Int, seq: Int64)
    /// The subscription ended; its sequence state is dropped.
    case unsubscribed(sid: Int)
}

/// What the session should do after the synchronizer saw an event.
public enum BookFeedAction: Hashable, Sendable {
    case none
    /// Ask for fresh snapshots of these markets on `sid` (`update_subscription` with
    /// `get_snapshot`, or a re-subscribe); they are untradable until the snapshots land.
    case resync(sid: Int, tickers: [String])
}

/// Counts of everything the synchronizer saw; each doubt is counted, never swallowed.
public struct BookFeedCounters: Hashable, Sendable {
    public var snapshots = 0
    public var deltas = 0
    public var gaps = 0
    public var duplicatesOrReordered = 0
    public var deltasBeforeSnapshot = 0
    public var deltasIgnoredWhileResyncing = 0
    public var negativeLevels = 0
    public var crossedBooks = 0
    public var offGridPrices = 0
    public var invalidSnapshots = 0
    public var resyncsRequested = 0

    public init() {}
}
