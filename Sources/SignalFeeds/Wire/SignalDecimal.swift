/// Decimal text to a scaled integer, for venue prices and sizes. Unlike Kalshi's own fields,
/// a venue may send more places than we keep (sizes to 1e-10, an index to 1e-8): those extra
/// places are truncated toward zero rather than refused, because a sub-micro-dollar difference
/// cannot matter to a strike quoted in cents. Anything that is not a plain decimal is refused.
public enum SignalDecimal {
    /// Largest integer part accepted: keeps `integer × 10^scale` inside Int64 for scale ≤ 8.
    static let maxIntegerDigits = 10

    public static func scaled(_ text: String, scale: Int, field: String) throws(SignalFeedError) -> Int64 {
        var bytes = Substring(text).utf8[...]
        var negative = false
        if bytes.first == UInt8(ascii: "-") {
            negative = true
            bytes = bytes.dropFirst()
        }
        var integer: Int64 = 0
        var integerDigits = 0
        while let byte = bytes.first, byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") {
            integer = integer * 10 + Int64(byte - UInt8(ascii: "0"))
            integerDigits += 1
            bytes = bytes.dropFirst()
            guard integerDigits <= maxIntegerDigits else {
                throw .invalidValue(field: field, value: text, reason: "has more than \(maxIntegerDigits) integer digits")
            }
        }
        guard integerDigits > 0 else { throw .invalidValue(field: field, value: text, reason: "is not a decimal number") }
        var fraction: Int64 = 0
        var kept = 0
        if bytes.first == UInt8(ascii: ".") {
            bytes = bytes.dropFirst()
            guard !bytes.isEmpty else { throw .invalidValue(field: field, value: text, reason: "is not a decimal number") }
            while let byte = bytes.first {
                guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else {
                    throw .invalidValue(field: field, value: text, reason: "is not a decimal number")
                }
                if kept < scale {
                    fraction = fraction * 10 + Int64(byte - UInt8(ascii: "0"))
                    kept += 1
                }
                bytes = bytes.dropFirst()
            }
        }
        guard bytes.isEmpty else { throw .invalidValue(field: field, value: text, reason: "is not a decimal number") }
        while kept < scale {
            fraction *= 10
            kept += 1
        }
        var unit: Int64 = 1
        for _ in 0..<scale { unit *= 10 }
        let magnitude = integer * unit + fraction
        return negative ? -magnitude : magnitude
    }
}
