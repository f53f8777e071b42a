import Foundation
import KalshiAPI
import KalshiCore
import Strategies
import TradingEngine

/// Settings that each parse but contradict each other: a session that could never trade, or
/// would trade in a way its own limits forbid. Found before anything starts, shared by `demo`,
/// `live` and `check`. A `refuse` finding stops the command; a `warn` is printed at start.
public struct ConfigurationAudit: Sendable, Equatable {
    public struct Finding: Sendable, Equatable, CustomStringConvertible {
        public enum Severity: String, Sendable, Equatable {
            case refuse, warn
        }

        public var severity: Severity
        /// The configuration fields (or flags) in contradiction, as written in the file.
        public var fields: [String]
        public var problem: String
        public var fix: String

        public var description: String { "\(fields.joined(separator: " / ")): \(problem) (\(fix))" }
    }

    /// What the audit needs besides the risk and strategy sections.
    public struct Context: Sendable, Equatable {
        /// The cash the session starts with, when known before it starts (the demo's balance).
        public var startingBalance: Money?
        /// Where the starting balance comes from, e.g. `starting_balance` or `--balance`.
        public var balanceField = "starting_balance"
        /// The account's API tier, for the exchange's write rate (live).
        public var tier: RateLimitTier?
        /// How long an order request may go unanswered before it is in doubt (live).
        public var requestTimeoutSeconds: Double?
        /// The traded events' length: Kalshi's crypto events are hourly.
        public var eventSeconds: Double = 3_600
        /// Field names of the two sections, which differ between the demo's JSON and live's YAML.
        public var strikeFields = "strategy"

        public init() {}
    }

    public let findings: [Finding]

    public var refusals: [Finding] { findings.filter { $0.severity == .refuse } }
    public var warnings: [Finding] { findings.filter { $0.severity == .warn } }

    /// Tokens one order costs at the exchange (reference §4.8): a create, and the cancel that a
    /// resting order's timeout sends.
    static let createCost = RateLimitTier.defaultCost
    static let cancelCost = RateLimitTier.cancelCost

    public init(risk: RiskLimits, strategy: BinaryEdgeConfiguration, context: Context) {
        var findings: [Finding] = []
        func add(_ severity: Finding.Severity, _ fields: [String], _ problem: String, _ fix: String) {
            findings.append(Finding(severity: severity, fields: fields, problem: problem, fix: fix))
        }
        // Both balances are configuration values, bounded by `Money.maxMicros`: their difference
        // cannot overflow.
        if let balance = context.startingBalance {
            if balance < risk.minimumBalance {
                add(
                    .refuse, [context.balanceField, "risk.minimum_balance"],
                    "the starting balance \(balance.formatted(decimals: 2)) is below the floor \(risk.minimumBalance.formatted(decimals: 2)), so every order would be refused (minimum_balance)",
                    "raise \(context.balanceField) or lower risk.minimum_balance")
            } else if balance - risk.minimumBalance < Money.notional(price: .one, count: strategy.tradeSize) {
                let headroom = balance - risk.minimumBalance
                let oneOrder = Money.notional(price: .one, count: strategy.tradeSize)
                add(
                    .warn, [context.balanceField, "risk.minimum_balance", "strategy.trade_size"],
                    "only \(headroom.formatted(decimals: 2)) above the floor, less than one order of \(strategy.tradeSize) contracts can cost (\(oneOrder.formatted(decimals: 2)))",
                    "raise \(context.balanceField), lower risk.minimum_balance or strategy.trade_size")
            }
        }
        if risk.minimumEdge < .zero {
            add(
                .refuse, ["risk.minimum_edge"],
                "\(risk.minimumEdge) is negative: the strategy would buy where the model expects a loss after fees",
                "set it to a positive edge per contract, e.g. 0.02")
        } else if risk.minimumEdge == .zero {
            add(
                .warn, ["risk.minimum_edge"],
                "0: trades whose expected profit after fees is nothing, so any model error is a loss",
                "set a positive edge per contract, e.g. 0.02")
        }
        if risk.maxOrderSize < strategy.tradeSize {
            add(
                .refuse, ["strategy.trade_size", "risk.max_order_size"],
                "orders of \(strategy.tradeSize) contracts exceed max_order_size \(risk.maxOrderSize): every order would be refused",
                "lower strategy.trade_size or raise risk.max_order_size")
        }
        if risk.maxInventory < strategy.tradeSize {
            add(
                .refuse, ["strategy.trade_size", "risk.max_inventory"],
                "orders of \(strategy.tradeSize) contracts exceed max_inventory \(risk.maxInventory): every opening order would be refused",
                "lower strategy.trade_size or raise risk.max_inventory")
        }
        if risk.maxInventoryDev < risk.maxInventory {
            add(
                .warn, ["risk.max_inventory", "risk.max_inventory_dev"],
                "the limit across the event (\(risk.maxInventoryDev)) is below the limit in one market (\(risk.maxInventory)), so the smaller one binds",
                "make risk.max_inventory_dev at least risk.max_inventory")
        }
        if risk.terminalExitTime >= context.eventSeconds {
            add(
                .refuse, ["risk.terminal_exit_time"],
                "\(Self.seconds(risk.terminalExitTime)) is not shorter than the \(Self.seconds(context.eventSeconds)) event: no order could ever be sent",
                "set it to a few minutes, e.g. 120")
        } else if risk.terminalExitTime >= context.eventSeconds / 2 {
            add(
                .warn, ["risk.terminal_exit_time"],
                "\(Self.seconds(risk.terminalExitTime)) leaves less than half of each \(Self.seconds(context.eventSeconds)) event to trade",
                "set it to a few minutes, e.g. 120")
        }
        if let timeout = context.requestTimeoutSeconds, strategy.orderStyle == .make, strategy.orderTimeoutSeconds <= timeout {
            add(
                .warn, ["strategy.order_timeout_seconds", "operations.request_timeout_seconds"],
                "a resting order times out (\(Self.seconds(strategy.orderTimeoutSeconds))) before its own request may have been answered (\(Self.seconds(timeout)))",
                "make strategy.order_timeout_seconds longer than operations.request_timeout_seconds")
        }
        if let tier = context.tier {
            let createsPerSecond = Double(tier.writeTokensPerSecond) / Double(Self.createCost)
            if Double(risk.maxOrdersPerSecond) > createsPerSecond {
                add(
                    .warn, ["risk.max_orders_per_second", "operations.rate_limit_tier"],
                    "\(risk.maxOrdersPerSecond) orders/s is more than the \(tier.rawValue) tier's \(Self.number(createsPerSecond)) creates/s; the client holds the excess back",
                    "lower risk.max_orders_per_second or check the tier (`kalshi-trader check`)")
            }
            if strategy.orderStyle == .make {
                // Every resting order is canceled and replaced once per timeout.
                let tokensPerSecond =
                    Double(risk.maxOpenOrders) * Double(Self.createCost + Self.cancelCost) / strategy.orderTimeoutSeconds
                let shortest = Double(risk.maxOpenOrders) * Double(Self.createCost + Self.cancelCost) / Double(tier.writeTokensPerSecond)
                if tokensPerSecond > Double(tier.writeTokensPerSecond) {
                    add(
                        .refuse, ["strategy.order_timeout_seconds", "risk.max_open_orders", "operations.rate_limit_tier"],
                        "replacing \(risk.maxOpenOrders) resting orders every \(Self.seconds(strategy.orderTimeoutSeconds)) needs \(Self.number(tokensPerSecond)) write tokens/s; the \(tier.rawValue) tier refills \(tier.writeTokensPerSecond)",
                        "make strategy.order_timeout_seconds at least \(Self.seconds(shortest)) or lower risk.max_open_orders")
                }
            }
        }
        self.findings = findings
    }

    static func seconds(_ value: Double) -> String { "\(number(value)) s" }

    static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(format: "%.2f", value)
    }
}
