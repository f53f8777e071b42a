import KalshiCore

/// The exchange's record of our account, read for a reconciliation: balance, positions, orders,
/// fills and settlements of the engine's markets.
public struct ExchangeAccountView: Sendable, Equatable {
    public var balance: Money
    /// Net positions of unsettled markets; a market absent here holds nothing.
    public var positions: [String: Quantity]
    public var orders: [ExchangeOrderView]
    public var fills: [ExchangeFillView]
    /// Markets the exchange has settled, with their result.
    public var settlements: [String: OutcomeSide]
    /// When the reads began (engine time): requests sent after this are not reflected.
    public var fetchStartedMs: Int64
    /// True when no fill or settlement happened while the reads ran, so balance, positions and
    /// fills describe one moment and may be compared with the engine's books.
    public var isConsistent: Bool
    /// The markets the reads covered; nil: every market the engine knows. Orders, fills,
    /// settlements and positions of other markets are neither compared nor corrected (a long
    /// session stops reading markets that are over).
    public var trackedTickers: Set<String>?
    /// Cash per exchange shard (`exchange_index` → cash), when the exchange breaks it down.
    public var shardBalances: [Int: Money]?

    public init(
        balance: Money, positions: [String: Quantity], orders: [ExchangeOrderView], fills: [ExchangeFillView],
        settlements: [String: OutcomeSide], fetchStartedMs: Int64, isConsistent: Bool, trackedTickers: Set<String>? = nil
    ) {
        self.trackedTickers = trackedTickers
        self.balance = balance
        self.positions = positions
        self.orders = orders
        self.fills = fills
        self.settlements = settlements
        self.fetchStartedMs = fetchStartedMs
        self.isConsistent = isConsistent
    }
}
