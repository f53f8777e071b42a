/// Ways to estimate per-bar variance from OHLC bars. Raw values are the CLI spellings.
public enum VolatilityEstimator: String, CaseIterable, Sendable {
    case closeToClose = "close-to-close"
    case parkinson
    case garmanKlass = "garman-klass"
    case rogersSatchell = "rogers-satchell"
    case ewma

    /// Rogers-Satchell uses the whole bar range (more information per bar than closes alone) and,
    /// unlike Parkinson and Garman-Klass, is not biased by the trend that short crypto windows often have.
    public static let `default` = VolatilityEstimator.rogersSatchell

    /// Smallest number of bars the estimator accepts, also the smallest allowed window.
    ///
    /// Close-to-close needs two returns for a sample variance (three closes); EWMA needs one return (two closes).
    /// The range estimators could work from a single bar, but one bar is too noisy to be a volatility estimate.
    public var minimumBars: Int {
        switch self {
        case .closeToClose: return 3
        case .parkinson, .garmanKlass, .rogersSatchell, .ewma: return 2
        }
    }
}
