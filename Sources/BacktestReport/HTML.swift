/// HTML text helpers.
enum HTML {
    static func escape(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            default: result.append(character)
            }
        }
        return result
    }

    /// A number with a fixed count of decimals, locale-free (coordinates, ratios).
    static func number(_ value: Double, decimals: Int) -> String {
        guard value.isFinite, abs(value) < 1e15 else { return "0" }
        var scale: Int64 = 1
        for _ in 0..<decimals { scale *= 10 }
        let scaled = Int64((value * Double(scale)).rounded())
        let magnitude = scaled.magnitude
        let integer = magnitude / UInt64(scale)
        let sign = scaled < 0 ? "-" : ""
        guard decimals > 0 else { return "\(sign)\(integer)" }
        let fraction = String(magnitude % UInt64(scale))
        return "\(sign)\(integer).\(String(repeating: "0", count: decimals - fraction.count))\(fraction)"
    }

    /// `HH:MM` (UTC) of a Unix millisecond time.
    static func clock(_ ms: Int64) -> String {
        let minutes = ((ms / 60_000) % 1_440 + 1_440) % 1_440
        func two(_ value: Int64) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(two(minutes / 60)):\(two(minutes % 60))"
    }
}
