/// A YES/NO contract market: its metadata, its live book and a short memory of prices.
public struct BinaryMarket: Sendable {
    /// A mid observation: when and what.
    public struct MidSample: Sendable, Equatable {
        public var timeMs: Int64
        public var mid: Money
    }

    /// A public trade print at a YES price.
    public struct TradeSample: Sendable, Equatable {
        public var timeMs: Int64
        public var yesPrice: Price
        public var count: Quantity
        public var takerSide: BookSide?

        public init(timeMs: Int64, yesPrice: Price, count: Quantity, takerSide: BookSide?) {
            self.timeMs = timeMs
            self.yesPrice = yesPrice
            self.count = count
            self.takerSide = takerSide
        }
    }

    public var metadata: MarketMetadata
    public var book: OrderBook
    public private(set) var recentMids: RecentWindow<MidSample>
    public private(set) var recentTrades: RecentWindow<TradeSample>

    public init(metadata: MarketMetadata, historyCapacity: Int = 256) {
        self.metadata = metadata
        self.book = OrderBook(grid: metadata.priceGrid)
        self.recentMids = RecentWindow(capacity: historyCapacity)
        self.recentTrades = RecentWindow(capacity: historyCapacity)
    }

    public var ticker: String { metadata.ticker }

    /// Remembers the current mid if the book is tradable and the mid changed.
    public mutating func recordMid(atMs timeMs: Int64) {
        guard book.isTradable, let mid = book.mid else { return }
        if recentMids.last?.mid == mid { return }
        recentMids.append(MidSample(timeMs: timeMs, mid: mid))
    }

    public mutating func recordTrade(_ trade: TradeSample) {
        recentTrades.append(trade)
    }

    /// True when orders may be sent: a trusted book and a market that has not closed.
    public func isTradable(nowMs: Int64) -> Bool {
        book.isTradable && nowMs >= metadata.openTimeMs && nowMs < metadata.closeTimeMs
    }
}
