import KalshiCore

/// Why an order was reduced or refused; logged with every decision.
public enum RiskReason: String, Hashable, Sendable, CaseIterable {
    case killSwitch = "kill_switch"
    case sessionLoss = "max_balance_dev"
    case marketInDoubt = "market_in_doubt"
    case bookUntradable = "book_untradable"
    case bookStale = "maximum_orderbook_staleness"
    case signalStale = "signal_stale"
    case tradingWindow = "terminal_exit_time"
    case marketClosed = "market_closed"
    case marketPaused = "market_paused"
    case maxOrderSize = "max_order_size"
    case maxInventory = "max_inventory"
    case maxInventoryDev = "max_inventory_dev"
    case minimumBalance = "minimum_balance"
    case maxOpenOrders = "max_open_orders"
    case orderRate = "max_orders_per_second"
    case accountingMismatch = "accounting_mismatch"
}

public enum RiskDecision: Hashable, Sendable {
    case accept
    /// Send the order with this smaller count.
    case reduce(to: Quantity, RiskReason)
    case reject(RiskReason)
}
