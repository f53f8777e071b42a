import KalshiCore
import Yams

/// Strict, typed access to one YAML mapping: unknown fields are errors, and every error names
/// `section.field`. Scalars are read from their text, so `0.03` is exactly three cents (never
/// a binary fraction on the way).
struct YAMLFields {
    let section: String
    private(set) var values: [String: Node] = [:]

    init(_ node: Node?, section: String, allowed: Set<String>) throws(LiveConfigurationError) {
        self.section = section
        guard let node else { return }
        guard let mapping = node.mapping else {
            throw LiveConfigurationError(field: section, problem: "must be a mapping of fields")
        }
        for (keyNode, value) in mapping {
            guard let key = keyNode.string else {
                throw LiveConfigurationError(field: section, problem: "has a key that is not text")
            }
            guard allowed.contains(key) else {
                throw LiveConfigurationError(
                    field: name(key), problem: "unknown field (allowed: \(allowed.sorted().joined(separator: ", ")))")
            }
            values[key] = value
        }
    }

    func name(_ key: String) -> String { section.isEmpty ? key : "\(section).\(key)" }

    func has(_ key: String) -> Bool { values[key] != nil }

    func node(_ key: String) -> Node? { values[key] }

    func string(_ key: String) throws(LiveConfigurationError) -> String? {
        guard let value = values[key] else { return nil }
        guard let scalar = value.scalar else { throw LiveConfigurationError(field: name(key), problem: "must be a single value") }
        let text = scalar.string.trimmingCharacters(in: .whitespaces)
        if text.isEmpty || text == "~" || text == "null" { return nil }
        return text
    }

    func choice<T: RawRepresentable & CaseIterable>(_ key: String, _ type: T.Type) throws(LiveConfigurationError) -> T?
    where T.RawValue == String {
        guard let text = try string(key) else { return nil }
        guard let value = T(rawValue: text) else {
            throw LiveConfigurationError(
                field: name(key), problem: "'\(text)' is not one of \(T.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return value
    }

    func bool(_ key: String) throws(LiveConfigurationError) -> Bool? {
        guard let text = try string(key) else { return nil }
        switch text.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default: throw LiveConfigurationError(field: name(key), problem: "'\(text)' is not true or false")
        }
    }

    func number(_ key: String, in range: ClosedRange<Double>) throws(LiveConfigurationError) -> Double? {
        guard let text = try string(key) else { return nil }
        guard let value = Double(text), value.isFinite else {
            throw LiveConfigurationError(field: name(key), problem: "'\(text)' is not a number")
        }
        guard range.contains(value) else {
            throw LiveConfigurationError(
                field: name(key), problem: "\(text) is outside \(range.lowerBound)...\(range.upperBound)")
        }
        return value
    }

    func integer(_ key: String, in range: ClosedRange<Int>) throws(LiveConfigurationError) -> Int? {
        guard let text = try string(key) else { return nil }
        guard let value = Int(text) else {
            throw LiveConfigurationError(field: name(key), problem: "'\(text)' is not a whole number")
        }
        guard range.contains(value) else {
            throw LiveConfigurationError(
                field: name(key), problem: "\(value) is outside \(range.lowerBound)...\(range.upperBound)")
        }
        return value
    }

    /// Dollars, fixed point.
    func money(_ key: String, positive: Bool = false) throws(LiveConfigurationError) -> Money? {
        guard let text = try string(key) else { return nil }
        let value: Money
        do { value = try Money(parsing: text) } catch {
            throw LiveConfigurationError(field: name(key), problem: "'\(text)' is not a dollar amount such as 100.00 (\(error))")
        }
        guard value >= .zero, !positive || value > .zero else {
            throw LiveConfigurationError(field: name(key), problem: "'\(text)' must be \(positive ? "positive" : "zero or more")")
        }
        guard value <= ConfigurationBounds.maxDollars else {
            throw LiveConfigurationError(
                field: name(key), problem: "'\(text)' is above the largest amount accepted, \(ConfigurationBounds.maxDollars)")
        }
        return value
    }

    /// Contracts, fixed point, positive.
    func quantity(_ key: String) throws(LiveConfigurationError) -> Quantity? {
        guard let text = try string(key) else { return nil }
        let value: Quantity
        do { value = try Quantity(parsing: text) } catch {
            throw LiveConfigurationError(field: name(key), problem: "'\(text)' is not a contract count such as 10 (\(error))")
        }
        guard value.units > 0 else { throw LiveConfigurationError(field: name(key), problem: "'\(text)' must be positive") }
        guard value <= ConfigurationBounds.maxContracts else {
            throw LiveConfigurationError(
                field: name(key), problem: "'\(text)' is above the largest count accepted, \(ConfigurationBounds.maxContracts)")
        }
        return value
    }

    func require<T>(_ key: String, _ value: T?) throws(LiveConfigurationError) -> T {
        guard let value else { throw LiveConfigurationError(field: name(key), problem: "missing (live trading requires it)") }
        return value
    }
}
