import Foundation
import KalshiCore

/// Builds one compact JSON object with keys in the order they are added, so that command
/// output is stable and diffable (Foundation's encoder does not promise key order). The object
/// is built as UTF-8 bytes: a backtest writes millions of these lines, and growing a `String`
/// piece by piece cost more than the backtest itself.
public struct JSONLineWriter: Sendable {
    /// The object so far, without its closing brace (after whatever `init(continuing:)` was given).
    private var bytes: [UInt8]
    /// Where the object's first member goes.
    private let membersStart: Int

    public init() {
        bytes = [UInt8(ascii: "{")]
        bytes.reserveCapacity(256)
        membersStart = 1
    }

    /// An object appended to `buffer`, whose storage it takes (leaving it empty) until
    /// `finishLine(into:)` gives it back: lines written in bulk are formatted in place, without
    /// an array and a copy each. (Swapped, not passed by value: a copy of a 256 KiB buffer per
    /// line is what a missed move costs.)
    public init(continuing buffer: inout [UInt8]) {
        bytes = []
        swap(&bytes, &buffer)
        bytes.append(UInt8(ascii: "{"))
        membersStart = bytes.count
    }

    private mutating func key(_ key: String) {
        if bytes.count > membersStart { bytes.append(UInt8(ascii: ",")) }
        JSONString.appendQuoted(key, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
    }

    public mutating func add(_ key: String, _ value: String?) {
        self.key(key)
        if let value { JSONString.appendQuoted(value, to: &bytes) } else { bytes.append(contentsOf: JSONLineWriter.null) }
    }

    public mutating func add(_ key: String, _ value: Int) {
        self.key(key)
        FixedDecimalText.appendInteger(Int64(value), to: &bytes)
    }

    public mutating func add(_ key: String, _ value: Double, decimals: Int) {
        self.key(key)
        if value.isFinite { FixedDecimalText.append(value, decimals: decimals, to: &bytes) } else { bytes.append(contentsOf: JSONLineWriter.null) }
    }

    /// A fixed-point amount as a string, `FixedPointParser.format(value, scale:, decimals:)`
    /// (null when nil): prices, money and counts without an intermediate `String`.
    public mutating func add(_ key: String, fixed value: Int64?, scale: Int, decimals: Int) {
        self.key(key)
        guard let value else {
            bytes.append(contentsOf: JSONLineWriter.null)
            return
        }
        bytes.append(UInt8(ascii: "\""))
        FixedPointParser.append(value, scale: scale, decimals: decimals, to: &bytes)
        bytes.append(UInt8(ascii: "\""))
    }

    /// A UTC time with milliseconds as a string, `RFC3339.formatMillis(ms:)`.
    public mutating func add(_ key: String, utcMillis ms: Int64) {
        self.key(key)
        bytes.append(UInt8(ascii: "\""))
        RFC3339.appendMillis(ms: ms, to: &bytes)
        bytes.append(UInt8(ascii: "\""))
    }

    /// A value that is already JSON (a nested object or array).
    public mutating func add(_ key: String, json: String) {
        self.key(key)
        bytes.append(contentsOf: json.utf8)
    }

    public var line: String {
        var complete = bytes
        complete.append(UInt8(ascii: "}"))
        return String(decoding: complete, as: UTF8.self)
    }

    /// Gives the storage taken by `init(continuing:)` back to `buffer`, with the object and a
    /// newline after what it held.
    public mutating func finishLine(into buffer: inout [UInt8]) {
        bytes.append(UInt8(ascii: "}"))
        bytes.append(UInt8(ascii: "\n"))
        swap(&bytes, &buffer)
        bytes = []
    }

    private static let null = Array("null".utf8)

    public static func quote(_ text: String) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count + 2)
        JSONString.appendQuoted(text, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

}
