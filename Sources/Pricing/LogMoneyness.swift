import Foundation

/// `log(spot / strike)`, kept for the last pair it was worked out for: a market valued again
/// before its spot moves (its book changed) needs the same logarithm, and `log` is a fair part
/// of a valuation. The result is the same Double as computing it afresh.
public struct LogMoneyness: Sendable {
    @usableFromInline var spot = Double.nan
    @usableFromInline var strike = Double.nan
    @usableFromInline var value = Double.nan

    public init() {}

    /// NaN never equals itself, so the first call (and any with a NaN input) computes.
    @inlinable
    public mutating func of(spot: Double, strike: Double) -> Double {
        if spot == self.spot && strike == self.strike { return value }
        self.spot = spot
        self.strike = strike
        value = log(spot / strike)
        return value
    }
}
