import KalshiCore

/// One market inside the engine: metadata, live book, and what happened to it.
public struct MarketState: Sendable {
    public let id: MarketID
    public internal(set) var market: BinaryMarket
    /// The underlying this market is written on (`ETH`, `BTC`), when known.
    public let asset: String?
    /// Slot of `asset` in `EngineState.assetStates`.
    public let assetSlot: Int?
    public internal(set) var lastBookUpdateMs: Int64?
    public internal(set) var lastTrade: (price: Price, timeMs: Int64)?
    public internal(set) var settlement: (result: OutcomeSide, value: Money)?
    /// The exchange paused trading in this market (a deactivated market, a maintenance window):
    /// no new orders until it resumes and a fresh snapshot arrives.
    public internal(set) var tradingPaused = false

    public init(id: MarketID, metadata: MarketMetadata, asset: String?, assetSlot: Int? = nil) {
        self.id = id
        self.market = BinaryMarket(metadata: metadata)
        self.asset = asset
        self.assetSlot = assetSlot
    }

    public var ticker: String { market.metadata.ticker }
    public var metadata: MarketMetadata { market.metadata }
    public var book: OrderBook { market.book }

    public func isBookStale(nowMs: Int64, limitMs: Int64) -> Bool {
        guard let last = lastBookUpdateMs else { return true }
        return nowMs - last > limitMs
    }
}
