/// Escaping for the JSON text we write by hand (requests, fake-venue frames).
public enum JSONText {
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }

    public static func quoted(_ text: String) -> String { "\"" + escape(text) + "\"" }

    /// A JSON array of strings.
    public static func array(_ values: [String]) -> String { "[" + values.map(quoted).joined(separator: ",") + "]" }
}
