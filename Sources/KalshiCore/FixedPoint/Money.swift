/// An amount of dollars in micro-dollars (1/1,000,000), signed.
///
/// Kalshi's `*_dollars` responses carry up to six decimals, and price × count with a sub-cent
/// price and a fractional count (1/10,000 × 1/100) is exact at this resolution, so notional,
/// fees and balances never need a rounding step that is not written out explicitly.
public struct Money: Hashable, Comparable, Sendable, CustomStringConvertible, AdditiveArithmetic {
    public static let microsPerDollar: Int64 = 1_000_000
    public static let microsPerCent: Int64 = 10_000
    public static let decimals = 6
    public static let zero = Money(micros: 0)
    /// The largest magnitude the parser accepts (12 integer digits, 6 decimals); amounts that reach
    /// us as integers are bounded by it too.
    public static let maxMicros: Int64 = 999_999_999_999_999_999

    public var micros: Int64

    @inlinable public init(micros: Int64) { self.micros = micros }

    public init(cents: Int64) { self.micros = cents * Money.microsPerCent }

    /// Parses dollar text such as `"1.7500"`, `"-3.25"` or `"0.123400"`.
    public init(parsing text: String) throws(FixedPointError) {
        self.micros = try FixedPointParser.parse(text, scale: Money.decimals, allowNegative: true)
    }

    /// Exact value of `count` contracts at `price`: ticks (1e-4 $) × units (1e-2) = 1e-6 $.
    @inlinable
    public static func notional(price: Price, count: Quantity) -> Money {
        Money(micros: price.ticks * count.units)
    }

    public enum Rounding: Sendable { case up, down }

    /// Rounds to a multiple of `step` micro-dollars; `.up` is toward +∞, `.down` toward −∞.
    public func rounded(toMultipleOf step: Int64, _ rule: Rounding) -> Money {
        precondition(step > 0, "rounding step must be positive")
        let remainder = ((micros % step) + step) % step
        guard remainder != 0 else { return self }
        switch rule {
        case .down: return Money(micros: micros - remainder)
        case .up: return Money(micros: micros - remainder + step)
        }
    }

    /// Dollars with `decimals` places (≤ 6); the value must already be a multiple of that unit.
    public func formatted(decimals: Int) -> String {
        FixedPointParser.format(micros, scale: Money.decimals, decimals: decimals)
    }

    /// Four decimals when exact (Kalshi's usual width), six otherwise.
    public var description: String {
        micros % 100 == 0 ? formatted(decimals: 4) : formatted(decimals: 6)
    }

    @inlinable public static func < (lhs: Money, rhs: Money) -> Bool { lhs.micros < rhs.micros }
    @inlinable public static func + (lhs: Money, rhs: Money) -> Money { Money(micros: lhs.micros + rhs.micros) }
    @inlinable public static func - (lhs: Money, rhs: Money) -> Money { Money(micros: lhs.micros - rhs.micros) }
    @inlinable public static prefix func - (value: Money) -> Money { Money(micros: -value.micros) }
}
