import Foundation
import KalshiAPI
import KalshiCore
import Strategies
import TradingEngine
import Yams

/// Reads `LiveConfiguration` from YAML, strictly: an unknown field, a value of the wrong kind,
/// out of range, or a missing risk limit is an error naming the field.
public enum LiveConfigurationLoader {
    static let sections: [String: Set<String>] = [
        "": ["environment", "key", "markets", "risk", "strategy", "journal", "operations", "signals"],
        "key": ["id", "file"],
        "markets": ["asset", "strikes", "nearest_count", "ticker", "roll"],
        "risk": Set(requiredRisk + optionalRisk),
        "strategy": ["trade_size", "cooldown_seconds", "order_timeout_seconds", "rate", "order_style", "model"],
        "journal": ["location", "session"],
        "operations": [
            "cancel_on_exit", "orphan_orders", "kill_switch_file", "status_interval_seconds", "request_timeout_seconds",
            "settlement_wait_seconds", "rate_limit_tier", "logs", "auto_transfer", "shutdown_timeout_seconds", "order_connection",
        ],
        "signals": ["endpoint", "settlement_index", "venue"],
    ]

    /// The original system's limits: every one must be set.
    static let requiredRisk = [
        "max_inventory", "max_inventory_dev", "minimum_balance", "max_balance_dev", "terminal_exit_time", "reconciliation_period",
        "maximum_orderbook_staleness", "minimum_edge",
    ]
    static let optionalRisk = ["max_order_size", "max_open_orders", "max_orders_per_second"]

    public static func load(path: String) throws(LiveConfigurationError) -> LiveConfiguration {
        guard FileManager.default.fileExists(atPath: path) else {
            throw LiveConfigurationError(field: "", problem: "configuration file '\(path)' not found")
        }
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw LiveConfigurationError(field: "", problem: "cannot read the configuration file '\(path)'")
        }
        return try parse(text)
    }

    public static func parse(_ text: String) throws(LiveConfigurationError) -> LiveConfiguration {
        let root: Node?
        do { root = try Yams.compose(yaml: text) } catch {
            throw LiveConfigurationError(field: "", problem: "not valid YAML (\(error))")
        }
        guard let root else { throw LiveConfigurationError(field: "", problem: "the file is empty") }
        let top = try YAMLFields(root, section: "", allowed: sections[""]!)
        func section(_ name: String) throws(LiveConfigurationError) -> YAMLFields {
            try YAMLFields(top.node(name), section: name, allowed: sections[name]!)
        }
        guard top.has("risk") else {
            throw LiveConfigurationError(
                field: "risk",
                problem: "missing: live trading requires explicit risk limits (\(requiredRisk.joined(separator: ", ")))")
        }
        var configuration = LiveConfiguration(risk: try readRisk(try section("risk")))
        configuration.environment = try top.string("environment") ?? configuration.environment

        let key = try section("key")
        configuration.key.id = try key.string("id")
        configuration.key.file = try key.string("file").map(expandingHome)

        let markets = try section("markets")
        configuration.markets.asset = (try markets.string("asset") ?? configuration.markets.asset).uppercased()
        guard ["ETH", "BTC"].contains(configuration.markets.asset) else {
            throw LiveConfigurationError(field: "markets.asset", problem: "'\(configuration.markets.asset)' is not ETH or BTC")
        }
        configuration.markets.strikes = try markets.choice("strikes", LiveConfiguration.Markets.Strikes.self) ?? .nearest
        configuration.markets.nearestCount = try markets.integer("nearest_count", in: 1...100) ?? 1
        configuration.markets.ticker = try markets.string("ticker")
        configuration.markets.roll = try markets.bool("roll") ?? true

        let strategy = try section("strategy")
        configuration.strategy.tradeSize = try strategy.quantity("trade_size") ?? configuration.strategy.tradeSize
        configuration.strategy.cooldownSeconds =
            try strategy.number("cooldown_seconds", in: 0...86_400) ?? configuration.strategy.cooldownSeconds
        configuration.strategy.orderTimeoutSeconds =
            try strategy.number("order_timeout_seconds", in: 0.1...86_400) ?? configuration.strategy.orderTimeoutSeconds
        configuration.strategy.rate = try strategy.number("rate", in: -1...1) ?? configuration.strategy.rate
        configuration.strategy.orderStyle =
            try strategy.choice("order_style", BinaryEdgeConfiguration.OrderStyle.self) ?? configuration.strategy.orderStyle
        configuration.strategy.model =
            try strategy.choice("model", BinaryEdgeConfiguration.PricingModel.self) ?? configuration.strategy.model

        let journal = try section("journal")
        configuration.journal.location = try journal.string("location").map(expandingHome)
        if let session = try journal.string("session") {
            guard session.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else {
                throw LiveConfigurationError(
                    field: "journal.session", problem: "'\(session)' may hold only letters, digits, - and _")
            }
            configuration.journal.session = session
        }

        let operations = try section("operations")
        configuration.operations.cancelOnExit = try operations.bool("cancel_on_exit") ?? true
        configuration.operations.orphanOrders = try operations.choice("orphan_orders", OrphanPolicy.self) ?? .cancel
        configuration.operations.killSwitchFile = try operations.string("kill_switch_file").map(expandingHome)
        configuration.operations.statusIntervalSeconds = try operations.number("status_interval_seconds", in: 0.5...3_600) ?? 5
        configuration.operations.shutdownTimeoutSeconds = try operations.number("shutdown_timeout_seconds", in: 1...600) ?? 15
        configuration.operations.requestTimeoutSeconds = Int64(
            try operations.integer("request_timeout_seconds", in: 1...120) ?? 10)
        configuration.operations.settlementWaitSeconds = try operations.number("settlement_wait_seconds", in: 0...86_400) ?? 900
        configuration.operations.rateLimitTier = try operations.choice("rate_limit_tier", RateLimitTier.self) ?? .basic
        configuration.operations.logs = try operations.string("logs").map(expandingHome) ?? configuration.operations.logs
        configuration.operations.autoTransferMax = try operations.money("auto_transfer", positive: true)
        configuration.operations.orderConnection = try operations.bool("order_connection") ?? true

        let signals = try section("signals")
        configuration.signals.endpoint = try signals.string("endpoint") ?? "auto"
        configuration.signals.settlementIndex = try signals.bool("settlement_index") ?? true
        configuration.signals.venue = try signals.choice("venue", LiveConfiguration.SpotVenue.self) ?? .composite
        return configuration
    }

    private static func readRisk(_ risk: YAMLFields) throws(LiveConfigurationError) -> RiskLimits {
        for name in requiredRisk where !risk.has(name) {
            throw LiveConfigurationError(
                field: "risk.\(name)", problem: "missing: live trading requires every risk limit to be set")
        }
        var limits = RiskLimits()
        limits.maxInventory = try risk.require("max_inventory", try risk.quantity("max_inventory"))
        limits.maxInventoryDev = try risk.require("max_inventory_dev", try risk.quantity("max_inventory_dev"))
        limits.minimumBalance = try risk.require("minimum_balance", try risk.money("minimum_balance"))
        limits.maxBalanceDev = try risk.require("max_balance_dev", try risk.money("max_balance_dev", positive: true))
        limits.terminalExitTime = try risk.require("terminal_exit_time", try risk.number("terminal_exit_time", in: 0...86_400))
        limits.reconciliationPeriod = try risk.require(
            "reconciliation_period", try risk.number("reconciliation_period", in: 1...86_400))
        limits.maximumOrderbookStaleness = try risk.require(
            "maximum_orderbook_staleness", try risk.number("maximum_orderbook_staleness", in: 0.1...86_400))
        limits.minimumEdge = try risk.require("minimum_edge", try risk.money("minimum_edge"))
        guard limits.minimumEdge < Money(cents: 100) else {
            throw LiveConfigurationError(field: "risk.minimum_edge", problem: "must be below 1.00 dollar per contract")
        }
        limits.maxOrderSize = try risk.quantity("max_order_size") ?? limits.maxOrderSize
        limits.maxOpenOrders = try risk.integer("max_open_orders", in: 1...10_000) ?? limits.maxOpenOrders
        limits.maxOrdersPerSecond = try risk.integer("max_orders_per_second", in: 1...10_000) ?? limits.maxOrdersPerSecond
        return limits
    }

    public static func expandingHome(_ path: String) -> String {
        guard path.hasPrefix("~/") else { return path }
        return NSHomeDirectory() + String(path.dropFirst(1))
    }
}
