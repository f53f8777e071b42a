import Foundation
import KalshiCore

/// `String(format: "%.Nf", value)`, byte for byte, without Foundation's formatter on the common
/// path: log lines format several numbers each and the formatter dominated a backtest's cost.
/// The value is scaled to an integer count of 10^-N; when the scaled value is far from a
/// rounding tie, the binary error of that multiplication cannot change the result, and the
/// integer is written out directly. Near a tie, or for large values, it defers to `String(format:)`,
/// whose rounding of the exact binary value is the reference.
public enum FixedDecimalText {
    private static let scales: [Double] = (0...9).map { pow(10, Double($0)) }

    public static func format(_ value: Double, decimals: Int) -> String {
        if let (units, negative) = scaledUnits(value, decimals: decimals) {
            return render(units, decimals: decimals, negative: negative) { String(decoding: $0, as: UTF8.self) }
        }
        return String(format: "%.\(decimals)f", value)
    }

    /// `format(value, decimals:)`'s bytes appended to `bytes`, without a `String` on the common path.
    public static func append(_ value: Double, decimals: Int, to bytes: inout [UInt8]) {
        if let (units, negative) = scaledUnits(value, decimals: decimals) {
            render(units, decimals: decimals, negative: negative) { bytes.append(contentsOf: $0) }
        } else {
            bytes.append(contentsOf: String(format: "%.\(decimals)f", value).utf8)
        }
    }

    /// The decimal digits of an integer (as `String(value)`).
    public static func appendInteger(_ value: Int64, to bytes: inout [UInt8]) {
        DecimalDigits.append(value, to: &bytes)
    }

    /// The value as an integer count of 10^-decimals (below 10^9) and its sign, when that is
    /// exact enough (see the type's note); nil where `format` defers to `String(format:)`.
    /// Formatters writing into their own buffers start from this.
    public static func scaledUnits(_ value: Double, decimals: Int) -> (Int64, Bool)? {
        guard value.isFinite, (0...9).contains(decimals) else { return nil }
        let scaled = value.magnitude * scales[decimals]
        // Below 2^30 the product is within 2^-23 of the exact one.
        guard scaled < 1_000_000_000 else { return nil }
        let whole = scaled.rounded(.down)
        let fraction = scaled - whole
        guard abs(fraction - 0.5) > 1e-6 else { return nil }
        return (Int64(whole) + (fraction > 0.5 ? 1 : 0), value.sign == .minus)
    }

    /// `units` × 10^-decimals with exactly `decimals` digits after the point (printf keeps the
    /// sign of a negative value that rounds to zero: "-0.000").
    private static func render<T>(
        _ units: Int64, decimals: Int, negative: Bool, _ body: (UnsafeBufferPointer<UInt8>) -> T
    ) -> T {
        // Digits from the last one backwards into a small buffer, the point after `decimals` of them.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 32) { buffer in
            var position = 32
            var remaining = units
            var written = 0
            repeat {
                if decimals > 0 && written == decimals {
                    position -= 1
                    buffer[position] = UInt8(ascii: ".")
                }
                position -= 1
                buffer[position] = UInt8(ascii: "0") + UInt8(remaining % 10)
                remaining /= 10
                written += 1
            } while remaining > 0 || written <= decimals
            if negative {
                position -= 1
                buffer[position] = UInt8(ascii: "-")
            }
            return body(UnsafeBufferPointer(rebasing: buffer[position..<32]))
        }
    }
}
