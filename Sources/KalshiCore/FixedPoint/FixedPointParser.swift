/// Strict parser for decimal text into a scaled integer (`"0.5600"` at scale 4 → 5600).
///
/// Works on UTF-8 bytes so the WebSocket fast path can call it on slices of a frame without
/// building a `String`. Grammar: `-?[0-9]+(\.[0-9]+)?`; digits past `scale` are accepted only
/// when they are zeros (Kalshi responses may pad dollars to six places).
public enum FixedPointParser {
    /// Largest integer part accepted; keeps `integer * 10^scale` far from `Int64` overflow.
    @usableFromInline static let maxIntegerDigits = 12

    @inlinable
    public static func parse<Bytes: Collection>(
        _ bytes: Bytes, scale: Int, allowNegative: Bool
    ) throws(FixedPointError) -> Int64 where Bytes.Element == UInt8 {
        var index = bytes.startIndex
        let end = bytes.endIndex
        guard index != end else { throw .empty }
        var negative = false
        if bytes[index] == UInt8(ascii: "-") {
            negative = true
            bytes.formIndex(after: &index)
        }
        var integerPart: Int64 = 0
        var integerDigits = 0
        while index != end {
            let digit = bytes[index] &- UInt8(ascii: "0")
            guard digit < 10 else { break }
            integerPart = integerPart &* 10 &+ Int64(digit)
            integerDigits &+= 1
            bytes.formIndex(after: &index)
        }
        guard integerDigits > 0 else { throw .notANumber(text(bytes)) }
        guard integerDigits <= maxIntegerDigits else {
            throw .outOfRange(text(bytes), allowed: "at most \(maxIntegerDigits) integer digits")
        }
        var fraction: Int64 = 0
        var fractionDigits = 0
        if index != end {
            guard bytes[index] == UInt8(ascii: ".") else { throw .notANumber(text(bytes)) }
            bytes.formIndex(after: &index)
            guard index != end else { throw .notANumber(text(bytes)) }
            var excessNonZero = false
            while index != end {
                let digit = bytes[index] &- UInt8(ascii: "0")
                guard digit < 10 else { throw .notANumber(text(bytes)) }
                if fractionDigits < scale {
                    fraction = fraction &* 10 &+ Int64(digit)
                } else if digit != 0 {
                    excessNonZero = true
                }
                fractionDigits &+= 1
                bytes.formIndex(after: &index)
            }
            if excessNonZero { throw .tooManyDecimals(text(bytes), allowed: scale) }
        }
        var scaledFraction = fraction
        var pad = min(fractionDigits, scale)
        while pad < scale {
            scaledFraction &*= 10
            pad &+= 1
        }
        let magnitude = integerPart &* pow10(scale) &+ scaledFraction
        if negative {
            guard allowNegative || magnitude == 0 else { throw .negativeNotAllowed(text(bytes)) }
            return -magnitude
        }
        return magnitude
    }

    /// Parses a `String`, reading its UTF-8 storage directly when it is contiguous (native strings).
    @inlinable
    public static func parse(_ string: String, scale: Int, allowNegative: Bool) throws(FixedPointError) -> Int64 {
        let fast = string.utf8.withContiguousStorageIfAvailable { bytes in
            Result { () throws(FixedPointError) in try parse(bytes, scale: scale, allowNegative: allowNegative) }
        }
        if let fast { return try fast.get() }
        return try parse(Array(string.utf8), scale: scale, allowNegative: allowNegative)
    }

    @inlinable
    public static func pow10(_ exponent: Int) -> Int64 {
        var result: Int64 = 1
        for _ in 0..<exponent { result &*= 10 }
        return result
    }

    @usableFromInline
    static func text<Bytes: Collection>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        String(decoding: bytes, as: UTF8.self)
    }

    /// Formats `value / 10^scale` with exactly `decimals` places (`decimals <= scale`),
    /// truncating nothing: callers round before asking for fewer places.
    public static func format(_ value: Int64, scale: Int, decimals: Int) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(24)
        append(value, scale: scale, decimals: decimals, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `format`'s text as bytes appended to `bytes` (log lines are built as bytes).
    public static func append(_ value: Int64, scale: Int, decimals: Int, to bytes: inout [UInt8]) {
        precondition(decimals <= scale, "format asks for more decimals than the scale holds")
        let reduced = value / pow10(scale - decimals)
        if reduced < 0 { bytes.append(UInt8(ascii: "-")) }
        let magnitude = reduced.magnitude
        let unit = UInt64(pow10(decimals))
        DecimalDigits.append(magnitude: magnitude / unit, to: &bytes)
        if decimals > 0 {
            bytes.append(UInt8(ascii: "."))
            DecimalDigits.append(magnitude: magnitude % unit, minimumCount: decimals, to: &bytes)
        }
    }
}
