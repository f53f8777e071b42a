import Foundation
import KalshiCore
import Pricing
import Strategies
import TradingEngine

/// Reads a `TradingConfiguration` from JSON, strictly: an unknown field, a value of the wrong
/// type, or a value out of range is an error naming the field.
public enum ConfigurationLoader {
    /// The fields each section accepts.
    static let schema: [String: Set<String>] = [
        "": [
            "asset", "starting_balance", "speed", "risk", "strategy", "volatility", "execution", "signals", "live_data",
            "comment",
        ],
        "risk": [
            "max_inventory", "max_inventory_dev", "minimum_balance", "max_balance_dev", "terminal_exit_time",
            "reconciliation_period",
            "maximum_orderbook_staleness", "minimum_edge", "max_order_size", "max_open_orders", "max_orders_per_second",
        ],
        "strategy": [
            "trade_size", "strikes", "nearest_strikes", "cooldown_seconds", "order_timeout_seconds", "rate", "order_style", "model",
        ],
        "volatility": ["estimator", "window", "interval"],
        "execution": ["entry_latency_ms", "ack_latency_ms", "queue_model"],
        "signals": ["venue", "staleness_seconds"],
        "live_data": ["environment", "key_id", "key_file"],
    ]

    public static func load(path: String) throws(ConfigurationError) -> TradingConfiguration {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigurationError(field: "", problem: "cannot read '\(path)'")
        }
        return try parse(data)
    }

    public static func parse(_ data: Data) throws(ConfigurationError) -> TradingConfiguration {
        let root: [String: Any]
        do {
            guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
                throw ConfigurationError(field: "", problem: "the file must hold one JSON object")
            }
            root = object
        } catch let error as ConfigurationError {
            throw error
        } catch {
            throw ConfigurationError(field: "", problem: "not valid JSON (\(error.localizedDescription))")
        }
        var reader = FieldReader(root: root)
        try reader.checkKeys(root, section: "")
        var configuration = TradingConfiguration()
        configuration.asset = try reader.string("asset", in: root) ?? configuration.asset
        guard ["ETH", "BTC"].contains(configuration.asset) else {
            throw ConfigurationError(field: "asset", problem: "'\(configuration.asset)' is not ETH or BTC")
        }
        configuration.startingBalance =
            try reader.money("starting_balance", in: root, positive: true) ?? configuration.startingBalance
        configuration.speed = try reader.number("speed", in: root, range: 0.001...10_000) ?? configuration.speed
        if let risk = try reader.section("risk") { try readRisk(risk, into: &configuration.risk, reader: &reader) }
        if let strategy = try reader.section("strategy") {
            try readStrategy(strategy, into: &configuration.strategy, reader: &reader)
        }
        if let volatility = try reader.section("volatility") {
            if let name = try reader.string("estimator", in: volatility, section: "volatility") {
                guard let estimator = VolatilityEstimator(rawValue: name) else {
                    throw ConfigurationError(
                        field: "volatility.estimator",
                        problem: "'\(name)' is not one of \(VolatilityEstimator.allCases.map(\.rawValue).joined(separator: ", "))"
                    )
                }
                configuration.volatility.estimator = estimator
            }
            if let window = try reader.integer("window", in: volatility, section: "volatility", range: 2...10_000) {
                configuration.volatility.window = window
            }
            if let interval = try reader.string("interval", in: volatility, section: "volatility") {
                do { _ = try CandleInterval(parsing: interval) } catch {
                    throw ConfigurationError(field: "volatility.interval", problem: error.description)
                }
                configuration.volatility.interval = interval
            }
        }
        if let execution = try reader.section("execution") {
            if let value = try reader.integer("entry_latency_ms", in: execution, section: "execution", range: 0...60_000) {
                configuration.execution.entryLatencyMs = Int64(value)
            }
            if let value = try reader.integer("ack_latency_ms", in: execution, section: "execution", range: 0...60_000) {
                configuration.execution.acknowledgementLatencyMs = Int64(value)
            }
            if let name = try reader.string("queue_model", in: execution, section: "execution") {
                guard let model = SimulatedExchangeConfiguration.QueueModel(rawValue: name) else {
                    throw ConfigurationError(
                        field: "execution.queue_model", problem: "'\(name)' is not conservative or probabilistic")
                }
                configuration.execution.queueModel = model
            }
        }
        if let signals = try reader.section("signals") {
            if let venue = try reader.string("venue", in: signals, section: "signals") {
                guard ["cryptocom", "coinbase", "composite"].contains(venue) else {
                    throw ConfigurationError(
                        field: "signals.venue", problem: "'\(venue)' is not cryptocom, coinbase or composite")
                }
                configuration.signals.venue = venue
            }
            configuration.signals.stalenessSeconds =
                try reader.number("staleness_seconds", in: signals, section: "signals", range: 0.1...3_600)
                ?? configuration.signals.stalenessSeconds
        }
        if let live = try reader.section("live_data") {
            configuration.liveData.environment = try reader.string("environment", in: live, section: "live_data") ?? "prod"
            configuration.liveData.keyId = try reader.string("key_id", in: live, section: "live_data")
            configuration.liveData.keyFile = try reader.string("key_file", in: live, section: "live_data")
        }
        return configuration
    }

    private static func readRisk(_ risk: [String: Any], into limits: inout RiskLimits, reader: inout FieldReader)
        throws(ConfigurationError)
    {
        let section = "risk"
        limits.maxInventory = try reader.quantity("max_inventory", in: risk, section: section) ?? limits.maxInventory
        limits.maxInventoryDev = try reader.quantity("max_inventory_dev", in: risk, section: section) ?? limits.maxInventoryDev
        limits.minimumBalance = try reader.money("minimum_balance", in: risk, section: section) ?? limits.minimumBalance
        limits.maxBalanceDev =
            try reader.money("max_balance_dev", in: risk, section: section, positive: true) ?? limits.maxBalanceDev
        limits.terminalExitTime =
            try reader.number("terminal_exit_time", in: risk, section: section, range: 0...86_400) ?? limits.terminalExitTime
        limits.reconciliationPeriod =
            try reader.number("reconciliation_period", in: risk, section: section, range: 1...86_400)
            ?? limits.reconciliationPeriod
        limits.maximumOrderbookStaleness =
            try reader.number("maximum_orderbook_staleness", in: risk, section: section, range: 0.1...86_400)
            ?? limits.maximumOrderbookStaleness
        limits.minimumEdge = try reader.money("minimum_edge", in: risk, section: section) ?? limits.minimumEdge
        guard limits.minimumEdge < Money(cents: 100) else {
            throw ConfigurationError(field: "risk.minimum_edge", problem: "must be below 1.00 dollar per contract")
        }
        limits.maxOrderSize = try reader.quantity("max_order_size", in: risk, section: section) ?? limits.maxOrderSize
        limits.maxOpenOrders =
            try reader.integer("max_open_orders", in: risk, section: section, range: 1...10_000) ?? limits.maxOpenOrders
        limits.maxOrdersPerSecond =
            try reader.integer("max_orders_per_second", in: risk, section: section, range: 1...10_000)
            ?? limits.maxOrdersPerSecond
    }

    private static func readStrategy(
        _ strategy: [String: Any], into configuration: inout BinaryEdgeConfiguration, reader: inout FieldReader
    ) throws(ConfigurationError) {
        let section = "strategy"
        configuration.tradeSize = try reader.quantity("trade_size", in: strategy, section: section) ?? configuration.tradeSize
        if let strikes = try reader.string("strikes", in: strategy, section: section) {
            guard let selection = BinaryEdgeConfiguration.StrikeSelection(rawValue: strikes) else {
                throw ConfigurationError(field: "strategy.strikes", problem: "'\(strikes)' is not nearest or all")
            }
            configuration.strikes = selection
        }
        configuration.nearestStrikes =
            try reader.integer("nearest_strikes", in: strategy, section: section, range: 1...100) ?? configuration.nearestStrikes
        configuration.cooldownSeconds =
            try reader.number("cooldown_seconds", in: strategy, section: section, range: 0...86_400)
            ?? configuration.cooldownSeconds
        configuration.orderTimeoutSeconds =
            try reader.number("order_timeout_seconds", in: strategy, section: section, range: 0.1...86_400)
            ?? configuration.orderTimeoutSeconds
        configuration.rate = try reader.number("rate", in: strategy, section: section, range: -1...1) ?? configuration.rate
        if let style = try reader.string("order_style", in: strategy, section: section) {
            guard let parsed = BinaryEdgeConfiguration.OrderStyle(rawValue: style) else {
                throw ConfigurationError(field: "strategy.order_style", problem: "'\(style)' is not take or make")
            }
            configuration.orderStyle = parsed
        }
        if let model = try reader.string("model", in: strategy, section: section) {
            guard let parsed = BinaryEdgeConfiguration.PricingModel(rawValue: model) else {
                throw ConfigurationError(
                    field: "strategy.model",
                    problem: "'\(model)' is not one of \(BinaryEdgeConfiguration.PricingModel.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            configuration.model = parsed
        }
    }
}

/// Typed access to the JSON fields with errors naming `section.field`.
struct FieldReader {
    let root: [String: Any]

    func checkKeys(_ object: [String: Any], section: String) throws(ConfigurationError) {
        let allowed = ConfigurationLoader.schema[section] ?? []
        for key in object.keys.sorted() where !allowed.contains(key) {
            let name = section.isEmpty ? key : "\(section).\(key)"
            throw ConfigurationError(field: name, problem: "unknown field (allowed: \(allowed.sorted().joined(separator: ", ")))")
        }
    }

    func section(_ name: String) throws(ConfigurationError) -> [String: Any]? {
        guard let value = root[name] else { return nil }
        guard let object = value as? [String: Any] else { throw ConfigurationError(field: name, problem: "must be an object") }
        try checkKeys(object, section: name)
        return object
    }

    private func name(_ key: String, _ section: String) -> String { section.isEmpty ? key : "\(section).\(key)" }

    func string(_ key: String, in object: [String: Any], section: String = "") throws(ConfigurationError) -> String? {
        guard let value = object[key] else { return nil }
        guard let text = value as? String else {
            throw ConfigurationError(field: name(key, section), problem: "must be a string")
        }
        return text
    }

    func number(_ key: String, in object: [String: Any], section: String = "", range: ClosedRange<Double>)
        throws(ConfigurationError)
        -> Double?
    {
        guard let value = object[key] else { return nil }
        guard let number = value as? NSNumber, String(cString: number.objCType) != "c", number.doubleValue.isFinite else {
            throw ConfigurationError(field: name(key, section), problem: "must be a number")
        }
        guard range.contains(number.doubleValue) else {
            throw ConfigurationError(
                field: name(key, section), problem: "\(number.doubleValue) is outside \(range.lowerBound)...\(range.upperBound)")
        }
        return number.doubleValue
    }

    func integer(_ key: String, in object: [String: Any], section: String = "", range: ClosedRange<Int>)
        throws(ConfigurationError) -> Int?
    {
        guard let value = object[key] else { return nil }
        guard let number = value as? NSNumber, String(cString: number.objCType) != "c", let integer = value as? Int,
            Double(integer) == number.doubleValue
        else { throw ConfigurationError(field: name(key, section), problem: "must be a whole number") }
        guard range.contains(integer) else {
            throw ConfigurationError(
                field: name(key, section), problem: "\(integer) is outside \(range.lowerBound)...\(range.upperBound)")
        }
        return integer
    }

    /// Dollars as a string ("100.00") or a number; money is parsed as fixed point, never through Double.
    func money(_ key: String, in object: [String: Any], section: String = "", positive: Bool = false) throws(ConfigurationError)
        -> Money?
    {
        guard let text = try decimalText(key, in: object, section: section) else { return nil }
        do {
            let value = try Money(parsing: text)
            guard value >= .zero, !positive || value > .zero else {
                throw ConfigurationError(
                    field: name(key, section), problem: "'\(text)' must be \(positive ? "positive" : "non-negative")")
            }
            guard value <= ConfigurationBounds.maxDollars else {
                throw ConfigurationError(
                    field: name(key, section),
                    problem: "'\(text)' is above the largest amount accepted, \(ConfigurationBounds.maxDollars)")
            }
            return value
        } catch let error as ConfigurationError {
            throw error
        } catch {
            throw ConfigurationError(field: name(key, section), problem: "\(error)")
        }
    }

    /// Contracts as a string ("50") or a whole number.
    func quantity(_ key: String, in object: [String: Any], section: String = "") throws(ConfigurationError) -> Quantity? {
        guard let text = try decimalText(key, in: object, section: section) else { return nil }
        do {
            let value = try Quantity(parsing: text)
            guard value.units > 0 else {
                throw ConfigurationError(field: name(key, section), problem: "'\(text)' must be positive")
            }
            guard value <= ConfigurationBounds.maxContracts else {
                throw ConfigurationError(
                    field: name(key, section),
                    problem: "'\(text)' is above the largest count accepted, \(ConfigurationBounds.maxContracts)")
            }
            return value
        } catch let error as ConfigurationError {
            throw error
        } catch {
            throw ConfigurationError(field: name(key, section), problem: "\(error)")
        }
    }

    private func decimalText(_ key: String, in object: [String: Any], section: String) throws(ConfigurationError) -> String? {
        guard let value = object[key] else { return nil }
        if let text = value as? String { return text }
        if let number = value as? NSNumber, String(cString: number.objCType) != "c", let integer = value as? Int,
            Double(integer) == number.doubleValue
        {
            return String(integer)
        }
        throw ConfigurationError(
            field: name(key, section), problem: "must be a decimal string such as \"10.00\" (or a whole number)")
    }
}
