import KalshiCore

/// A quantity of the base asset (ETH, BTC) in 1e-8 units: book sizes and trade quantities.
/// Fixed-point for the same reason as `Money`: book levels are replaced by exact value.
public struct AssetAmount: Hashable, Comparable, Sendable, CustomStringConvertible {
    public static let decimals = 8
    public static let zero = AssetAmount(units: 0)
    public var units: Int64

    public init(units: Int64) { self.units = units }

    public var description: String { FixedPointParser.format(units, scale: AssetAmount.decimals, decimals: AssetAmount.decimals) }

    public static func < (lhs: AssetAmount, rhs: AssetAmount) -> Bool { lhs.units < rhs.units }
}
