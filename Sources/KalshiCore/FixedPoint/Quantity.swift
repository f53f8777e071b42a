/// A contract count in 1/100 contract, as Kalshi's `*_fp` fields (`"10.00"`, `"51.88"`).
///
/// Signed, because book deltas (`delta_fp`) and net positions are signed; parse with
/// `init(parsing:)` where only non-negative counts make sense.
public struct Quantity: Hashable, Comparable, Sendable, CustomStringConvertible, AdditiveArithmetic {
    public static let unitsPerContract: Int64 = 100
    public static let decimals = 2
    public static let zero = Quantity(units: 0)
    /// The largest magnitude the parser accepts (12 integer digits, 2 decimals). Counts that reach
    /// us as integers (legacy frames, recordings, journal rows) are bounded by it too, so that
    /// count × price and sums of counts stay far from `Int64` overflow.
    public static let maxUnits: Int64 = 99_999_999_999_999

    /// Count in 1/100 contract.
    public var units: Int64

    @inlinable
    public init(units: Int64) { self.units = units }

    public init(contracts: Int) { self.units = Int64(contracts) * Quantity.unitsPerContract }

    @inlinable
    public init<Bytes: Collection>(utf8 bytes: Bytes, allowNegative: Bool) throws(FixedPointError)
    where Bytes.Element == UInt8 {
        self.units = try FixedPointParser.parse(bytes, scale: Quantity.decimals, allowNegative: allowNegative)
    }

    /// A non-negative count such as a level size or an order size.
    public init(parsing text: String) throws(FixedPointError) {
        self.units = try FixedPointParser.parse(text, scale: Quantity.decimals, allowNegative: false)
    }

    /// A signed count such as `delta_fp` or `position_fp`.
    public init(parsingSigned text: String) throws(FixedPointError) {
        self.units = try FixedPointParser.parse(text, scale: Quantity.decimals, allowNegative: true)
    }

    public var isZero: Bool { units == 0 }
    public var magnitude: Quantity { Quantity(units: abs(units)) }

    public var description: String { FixedPointParser.format(units, scale: 2, decimals: 2) }

    /// `description`'s bytes appended to `bytes` (the order's body is built as bytes).
    public func appendDescription(to bytes: inout [UInt8]) { FixedPointParser.append(units, scale: 2, decimals: 2, to: &bytes) }

    @inlinable public static func < (lhs: Quantity, rhs: Quantity) -> Bool { lhs.units < rhs.units }
    @inlinable public static func + (lhs: Quantity, rhs: Quantity) -> Quantity { Quantity(units: lhs.units + rhs.units) }
    @inlinable public static func - (lhs: Quantity, rhs: Quantity) -> Quantity { Quantity(units: lhs.units - rhs.units) }
    @inlinable public static prefix func - (value: Quantity) -> Quantity { Quantity(units: -value.units) }
}
