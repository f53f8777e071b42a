import KalshiCore

/// Risk limits, checked on every order. The first eight are the original system's config
/// parameters, with the same names in config files.
public struct RiskLimits: Sendable, Equatable, Codable {
    /// Largest absolute position in one market, in contracts (`max_inventory`).
    public var maxInventory: Quantity
    /// Largest sum of absolute positions across the markets of one event (`max_inventory_dev`).
    public var maxInventoryDev: Quantity
    /// Cash that must remain after paying for any order (`minimum_balance`, dollars).
    public var minimumBalance: Money
    /// Largest loss of equity from the session's start before trading stops (`max_balance_dev`, dollars).
    public var maxBalanceDev: Money
    /// Seconds before a market's close after which no new orders are sent (`terminal_exit_time`).
    public var terminalExitTime: Double
    /// Seconds between reconciliations with the exchange in live trading (`reconciliation_period`).
    public var reconciliationPeriod: Double
    /// Seconds without book or signal updates after which they are stale (`maximum_orderbook_staleness`).
    public var maximumOrderbookStaleness: Double
    /// Minimum edge per contract beyond the taker fee before the strategy trades (`minimum_edge`, dollars).
    public var minimumEdge: Money
    /// Largest single order, in contracts.
    public var maxOrderSize: Quantity
    /// Most orders resting at once, across all markets.
    public var maxOpenOrders: Int
    /// Most orders sent per rolling second.
    public var maxOrdersPerSecond: Int

    public init(
        maxInventory: Quantity = Quantity(contracts: 50), maxInventoryDev: Quantity = Quantity(contracts: 100),
        minimumBalance: Money = Money(cents: 10_000), maxBalanceDev: Money = Money(cents: 5_000), terminalExitTime: Double = 60,
        reconciliationPeriod: Double = 30, maximumOrderbookStaleness: Double = 10, minimumEdge: Money = Money(cents: 3),
        maxOrderSize: Quantity = Quantity(contracts: 25), maxOpenOrders: Int = 20, maxOrdersPerSecond: Int = 5
    ) {
        self.maxInventory = maxInventory
        self.maxInventoryDev = maxInventoryDev
        self.minimumBalance = minimumBalance
        self.maxBalanceDev = maxBalanceDev
        self.terminalExitTime = terminalExitTime
        self.reconciliationPeriod = reconciliationPeriod
        self.maximumOrderbookStaleness = maximumOrderbookStaleness
        self.minimumEdge = minimumEdge
        self.maxOrderSize = maxOrderSize
        self.maxOpenOrders = maxOpenOrders
        self.maxOrdersPerSecond = maxOrdersPerSecond
    }

    enum CodingKeys: String, CodingKey {
        case maxInventory = "max_inventory"
        case maxInventoryDev = "max_inventory_dev"
        case minimumBalance = "minimum_balance"
        case maxBalanceDev = "max_balance_dev"
        case terminalExitTime = "terminal_exit_time"
        case reconciliationPeriod = "reconciliation_period"
        case maximumOrderbookStaleness = "maximum_orderbook_staleness"
        case minimumEdge = "minimum_edge"
        case maxOrderSize = "max_order_size"
        case maxOpenOrders = "max_open_orders"
        case maxOrdersPerSecond = "max_orders_per_second"
    }
}
