/// A binary's YES probability one step before the normal CDF: decided outright (no time or no
/// volatility left) or Φ(z). A caller that only compares the probability with thresholds can
/// bound Φ(z) from a table (`NormalDistribution.cdfBounds`) and skip `erfc` when the bounds
/// already decide; `value` is exactly what `yesProbability` returns.
public enum BinaryProbability: Sendable, Equatable {
    case decided(Double)
    case normal(z: Double)

    public var value: Double {
        switch self {
        case .decided(let probability): probability
        case .normal(let z): NormalDistribution.cdf(z)
        }
    }

    /// An interval that contains `value` (a point when decided).
    public var bounds: (lower: Double, upper: Double) {
        switch self {
        case .decided(let probability): (probability, probability)
        case .normal(let z): NormalDistribution.cdfBounds(z)
        }
    }
}
