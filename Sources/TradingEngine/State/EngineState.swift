import KalshiCore

/// Everything the engine owns, readable by strategies (they change it only through actions).
public struct EngineState: Sendable {
    public internal(set) var nowMs: Int64 = 0
    public internal(set) var markets: [MarketState] = []
    public internal(set) var marketIDs: [String: MarketID] = [:]
    /// Per-asset state by slot; `assetSlots` maps a name to its slot. Markets keep their asset's
    /// slot so the hot path reads an array instead of hashing the name.
    public internal(set) var assetStates: [AssetState] = []
    public internal(set) var assetSlots: [String: Int] = [:]
    public internal(set) var portfolio: Portfolio
    public internal(set) var orders: OrderManager
    public internal(set) var risk: RiskEngine
    /// Never read. An existential makes the struct address-only, so a strategy handler gets a
    /// pointer to the engine's state: a plain struct this size was copied whole (360 bytes)
    /// on every call, the handler's `state` being read while the engine's `strategy` is
    /// modified — about 6 % of a backtest.
    private let passedByAddress: any Sendable = 0

    public init(startingBalance: Money, limits: RiskLimits, sessionPrefix: String) {
        self.portfolio = Portfolio(startingBalance: startingBalance)
        self.orders = OrderManager(sessionPrefix: sessionPrefix)
        self.risk = RiskEngine(limits: limits)
    }

    public func market(_ id: MarketID) -> MarketState { markets[id.index] }
    public func id(of ticker: String) -> MarketID? { marketIDs[ticker] }
    public func asset(_ name: String) -> AssetState? { assetSlots[name].map { assetStates[$0] } }

    /// Every asset's state by name.
    public var assets: [String: AssetState] { assetSlots.mapValues { assetStates[$0] } }

    /// Asset names by slot: a session has a handful, and comparing short names is cheaper than
    /// hashing one on every spot event.
    @usableFromInline private(set) var assetNames: [String] = []

    /// The slot of an asset if it has one, found without hashing its name (see `assetNames`).
    /// Inlinable: a strategy looks its asset up on every signal.
    @inlinable
    public func existingSlot(of asset: String) -> Int? {
        for index in assetNames.indices where assetNames[index] == asset { return index }
        return nil
    }

    /// The slot of an asset, created on first use.
    mutating func slot(for asset: String) -> Int {
        if let existing = existingSlot(of: asset) { return existing }
        assetStates.append(AssetState())
        assetNames.append(asset)
        assetSlots[asset] = assetStates.count - 1
        return assetStates.count - 1
    }

    /// Mid of every market with a two-sided book, for marking positions.
    public var marks: [String: Money] {
        var result: [String: Money] = [:]
        for market in markets {
            if let settled = market.settlement {
                result[market.ticker] = settled.result == .yes ? Money(micros: Money.microsPerDollar) : .zero
            } else if let mid = market.book.mid {
                result[market.ticker] = mid
            } else if let last = market.market.recentMids.last {
                // A one-sided or emptied book: the last two-sided mid is the best estimate.
                result[market.ticker] = last.mid
            }
        }
        return result
    }
}
