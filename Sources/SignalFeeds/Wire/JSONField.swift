import KalshiCore

/// A JSON value together with its path in the frame, so every typed read can fail with an
/// error that names the field (`result.data[0].u`) and what was found there.
public struct JSONField: Sendable {
    public let value: JSONValue
    public let path: String

    public init(_ value: JSONValue, path: String = "$") {
        self.value = value
        self.path = path
    }

    private func child(_ name: String) -> String { path == "$" ? name : "\(path).\(name)" }

    /// The member `name`; missing or null is an error.
    public func field(_ name: String) throws(SignalFeedError) -> JSONField {
        guard let member = optional(name) else { throw .missingField(child(name)) }
        return member
    }

    /// The member `name`, or nil when it is absent or null.
    public func optional(_ name: String) -> JSONField? {
        guard let member = value[name], member != .null else { return nil }
        return JSONField(member, path: child(name))
    }

    public func object() throws(SignalFeedError) -> [String: JSONValue] {
        guard case .object(let members) = value else { throw mismatch("an object") }
        return members
    }

    public func array() throws(SignalFeedError) -> [JSONField] {
        guard case .array(let elements) = value else { throw mismatch("an array") }
        return elements.enumerated().map { JSONField($1, path: "\(path)[\($0)]") }
    }

    public func string() throws(SignalFeedError) -> String {
        guard case .string(let text) = value else { throw mismatch("a string") }
        return text
    }

    /// Text of a string or a number (venues send numbers either way).
    public func numericText() throws(SignalFeedError) -> String {
        switch value {
        case .string(let text), .number(let text): return text
        default: throw mismatch("a number or a numeric string")
        }
    }

    /// An integer sent as a JSON number or as a string (`"1613544000000"` in REST examples).
    public func int64() throws(SignalFeedError) -> Int64 {
        let text = try numericText()
        guard let number = Int64(text) else { throw .invalidValue(field: path, value: text, reason: "is not an integer") }
        return number
    }

    /// A Unix time in milliseconds (`t`, `time`). A value outside year 0...9999 is corrupt, and the
    /// candle and clock arithmetic that follows would overflow on it.
    public func epochMs() throws(SignalFeedError) -> Int64 {
        let number = try int64()
        guard EpochMilliseconds.plausible.contains(number) else {
            throw .invalidValue(field: path, value: String(number), reason: "is not a plausible Unix time in milliseconds")
        }
        return number
    }

    public func int() throws(SignalFeedError) -> Int {
        let number = try int64()
        guard let small = Int(exactly: number) else {
            throw .invalidValue(field: path, value: String(number), reason: "is out of range")
        }
        return small
    }

    /// A dollar price as fixed-point micro-dollars.
    public func money() throws(SignalFeedError) -> Money {
        Money(micros: try SignalDecimal.scaled(try numericText(), scale: Money.decimals, field: path))
    }

    /// A base-asset size in 1e-8 units.
    public func amount() throws(SignalFeedError) -> AssetAmount {
        AssetAmount(units: try SignalDecimal.scaled(try numericText(), scale: AssetAmount.decimals, field: path))
    }

    public func bool() throws(SignalFeedError) -> Bool {
        guard case .bool(let flag) = value else { throw mismatch("a boolean") }
        return flag
    }

    private func mismatch(_ expected: String) -> SignalFeedError {
        .wrongType(field: path, expected: expected, found: value.kindName)
    }
}
