import Foundation

/// Builds one compact JSON object with keys in the order they are added, so that command
/// output is stable and diffable (Foundation's encoder does not promise key order).
public struct JSONLineWriter: Sendable {
    private var fields: [String] = []

    public init() {}

    public mutating func add(_ key: String, _ value: String?) {
        fields.append("\(JSONLineWriter.quote(key)):\(value.map(JSONLineWriter.quote) ?? "null")")
    }

    public mutating func add(_ key: String, _ value: Int) {
        fields.append("\(JSONLineWriter.quote(key)):\(value)")
    }

    public mutating func add(_ key: String, _ value: Double, decimals: Int) {
        let text = value.isFinite ? String(format: "%.\(decimals)f", value) : "null"
        fields.append("\(JSONLineWriter.quote(key)):\(text)")
    }

    /// A value that is already JSON (a nested object or array).
    public mutating func add(_ key: String, json: String) {
        fields.append("\(JSONLineWriter.quote(key)):\(json)")
    }

    public var line: String { "{" + fields.joined(separator: ",") + "}" }

    public static func quote(_ text: String) -> String {
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
