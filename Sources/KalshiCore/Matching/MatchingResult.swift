/// Everything one engine operation did, in the order it happened, so that a server can answer
/// the request, publish the feeds and settle cash without looking inside the engine.
public struct MatchingResult: Hashable, Sendable {
    public var ticker: String
    public var timeMs: Int64
    /// The order the request was about (submit, amend, decrease, cancel), as it stands after the
    /// operation; nil for operations on many orders (expire, cancel-all, close).
    public var order: ExchangeOrder?
    public var trades: [ExchangeTrade] = []
    /// One entry per touched order, in the order they were first touched.
    public var orderUpdates: [ExchangeOrderUpdate] = []
    /// Net change of resting size per level, in the public feed's convention: bids as YES levels
    /// at the YES price, asks as NO levels at the NO price. Levels whose size did not change
    /// overall are left out.
    public var bookDeltas: [BookDelta] = []
    /// Resting contracts the operation canceled across all orders (`reduced_by` of a cancel).
    public var reducedBy: Quantity = .zero

    public init(ticker: String, timeMs: Int64) {
        self.ticker = ticker
        self.timeMs = timeMs
    }

    /// Contracts traded in this operation.
    public var tradedCount: Quantity { trades.reduce(.zero) { $0 + $1.count } }

    /// True when nothing changed (for example an amend to the same price and size).
    public var isEmpty: Bool { trades.isEmpty && orderUpdates.isEmpty && bookDeltas.isEmpty }
}
