/// Kalshi's quadratic trading fee, computed exactly in integers (reference §5.3):
///
///     fee = coefficient × multiplier × C × P × (1 − P), rounded up to $0.0001 per fill
///
/// A `Double` version gets $0.50 × 100 contracts wrong (0.07 × 100 × 0.25 = 1.7500000000000002,
/// which rounds up to $1.76); here every factor is an integer and the one division rounds up.
public struct FeeSchedule: Hashable, Sendable {
    public var type: FeeType
    /// Series fee multiplier in 1/10,000 (Kalshi publishes decimals such as `1` or `0.5`).
    public var multiplierTicks: Int64

    public init(type: FeeType = .quadratic, multiplierTicks: Int64 = 10_000) {
        self.type = type
        self.multiplierTicks = multiplierTicks
    }

    /// Parses a multiplier such as `"1"` or `"0.5"` (at most four decimals, non-negative).
    public init(type: FeeType, multiplier: String) throws(FixedPointError) {
        self.init(type: type, multiplierTicks: try FixedPointParser.parse(multiplier, scale: 4, allowNegative: false))
    }

    /// The fee of one fill, rounded up to $0.0001 as the exchange does before account rounding.
    public func tradeFee(price: Price, count: Quantity, role: LiquidityRole) -> Money {
        let (numerator, denominator) = type.coefficient(for: role)
        let ticks = price.ticks
        // Units: multiplier 1e-4, count 1e-2, price 1e-4, (1 − price) 1e-4 → 1e-14 dollars;
        // dividing by 1e10 leaves 1e-4 dollars, the exchange's fee resolution.
        let divisor = Int128(denominator) * 10_000_000_000
        // Ordinary fills (any price, up to about 10⁶ contracts at the usual coefficients) stay
        // inside Int64, where the division is a fraction of Int128's; the product is checked
        // step by step and only a product that would overflow takes the wide path.
        if let exact = Self.narrowProduct(
            numerator, multiplierTicks, Int64(exactly: count.units.magnitude), ticks, Price.ticksPerDollar - ticks),
            let narrowDivisor = Int64(exactly: divisor), exact <= Int64.max - narrowDivisor
        {
            // Int64 and Int128 division both truncate toward zero: the same quotient.
            let feeTicks = (exact + narrowDivisor - 1) / narrowDivisor
            return Money(micros: Int64(clamping: Int128(feeTicks) * 100))
        }
        let exact =
            Int128(numerator) * Int128(multiplierTicks) * Int128(count.units.magnitude) * Int128(ticks)
            * Int128(Price.ticksPerDollar - ticks)
        let feeTicks = (exact + divisor - 1) / divisor
        // Counts and multipliers are bounded where they enter (Quantity.maxUnits, validated
        // multipliers), which keeps this far inside Int64; clamping is only the backstop that
        // keeps an unchecked value from trapping with orders resting.
        return Money(micros: Int64(clamping: feeTicks * 100))
    }

    /// a × b × c × d × e in Int64, or nil when a factor is missing or the product would overflow.
    private static func narrowProduct(_ a: Int64, _ b: Int64, _ c: Int64?, _ d: Int64, _ e: Int64) -> Int64? {
        guard let c else { return nil }
        let (ab, o1) = a.multipliedReportingOverflow(by: b)
        let (abc, o2) = ab.multipliedReportingOverflow(by: c)
        let (abcd, o3) = abc.multipliedReportingOverflow(by: d)
        let (abcde, o4) = abcd.multipliedReportingOverflow(by: e)
        return o1 || o2 || o3 || o4 ? nil : abcde
    }

    /// The final fee a retail account (cent precision) pays for one order filled at one price:
    /// the fill's fee rounded up to the cent. This is the net effect of §5.3's flooring and
    /// per-order rebates (see `OrderFeeLedger`) whenever the premium itself is whole cents.
    public func retailOrderFee(price: Price, count: Quantity, role: LiquidityRole) -> Money {
        tradeFee(price: price, count: count, role: role).rounded(toMultipleOf: Money.microsPerCent, .up)
    }
}
