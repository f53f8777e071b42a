import Foundation

/// Builds one compact JSON object with keys in the order they are added, so that command
/// output is stable and diffable (Foundation's encoder does not promise key order).
public struct JSONLineWriter: Sendable {
    /// The object so far, without its closing brace.
    private var text = "{"

    public init() {}

    private mutating func field(_ key: String, _ json: String) {
        if text.utf8.count > 1 { text += "," }
        text += JSONLineWriter.quote(key)
        text += ":"
        text += json
    }

    public mutating func add(_ key: String, _ value: String?) {
        field(key, value.map(JSONLineWriter.quote) ?? "null")
    }

    public mutating func add(_ key: String, _ value: Int) {
        field(key, String(value))
    }

    public mutating func add(_ key: String, _ value: Double, decimals: Int) {
        field(key, value.isFinite ? FixedDecimalText.format(value, decimals: decimals) : "null")
    }

    /// A value that is already JSON (a nested object or array).
    public mutating func add(_ key: String, json: String) {
        field(key, json)
    }

    public var line: String { text + "}" }

    public static func quote(_ text: String) -> String {
        // Most keys and values need no escaping: copy them whole.
        if !text.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            return "\"" + text + "\""
        }
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }
}
