import Foundation

/// The standard normal distribution.
public enum NormalDistribution {
    /// Cumulative distribution function Φ(x).
    ///
    /// Written with `erfc` rather than `1 + erf` because in the left tail `1 + erf(x/√2)` cancels
    /// catastrophically (Φ(-8) ≈ 6e-16 would come out as 0 or noise), while `erfc` keeps full
    /// relative precision there.
    public static func cdf(_ x: Double) -> Double {
        0.5 * erfc(-x * oneOverSquareRootOfTwo)
    }

    private static let oneOverSquareRootOfTwo = 0.707_106_781_186_547_524_400_844_362_104_849_039
}
