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

    /// Bounds on `cdf(x)` from a table of `cdf` itself, without calling `erfc`: Φ at the grid
    /// points either side of `x` (a 1/32 grid over ±8), widened by `boundsSlack`. The slack covers
    /// what the grid cannot promise — `x` rounded across a grid point when it is located, and
    /// `erfc` being monotone only to within its last bit — so `lower ≤ cdf(x) ≤ upper` for every
    /// finite or infinite `x` (NaN gets [0, 1]) (tested against `cdf` on a dense sweep and at every grid point).
    @inlinable
    public static func cdfBounds(_ x: Double) -> (lower: Double, upper: Double) {
        guard !x.isNaN else { return (0, 1) }
        let table = cdfGrid
        let position = (x + gridLimit) * gridStepsPerUnit
        guard position >= 0 else { return (0, table[0] + boundsSlack) }
        guard position < Double(table.count - 1) else { return (table[table.count - 1] - boundsSlack, 1) }
        let index = Int(position)
        return (max(0, table[index] - boundsSlack), min(1, table[index + 1] + boundsSlack))
    }

    @usableFromInline static let gridLimit = 8.0
    @usableFromInline static let gridStepsPerUnit = 32.0
    /// Far above the error of a located grid point (~1e-15 in Φ) and of `erfc` (an ulp), far below
    /// anything a price or an edge can resolve.
    @usableFromInline static let boundsSlack = 1e-12
    // Φ at −8, −8 + 1/32, …, 8 is `cdfGrid`, in `NormalDistribution+Grid.swift`.

    private static let oneOverSquareRootOfTwo = 0.707_106_781_186_547_524_400_844_362_104_849_039
}
