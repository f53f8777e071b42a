/// Realized volatility of recent price history, the σ fed to `BinaryOption.yesProbability`.
public enum RealizedVolatility {
    /// RiskMetrics' daily decay factor.
    public static let ewmaLambda = 0.94

    /// Per-bar variance of `bars` (already resampled) with `estimator`.
    ///
    /// Every bar is validated first: a non-positive price or a high/low that does not bracket open/close
    /// would otherwise turn into NaN or a silently wrong variance.
    public static func perBarVariance(of bars: [Candle], estimator: VolatilityEstimator) throws(PricingError) -> Double {
        guard bars.count >= estimator.minimumBars else {
            throw .tooFewBars(needed: estimator.minimumBars, available: bars.count)
        }
        for (index, bar) in bars.enumerated() {
            if let problem = bar.firstProblem {
                throw .invalidCandle(index: index, field: problem.field, value: problem.value, reason: problem.reason)
            }
        }

        let variance: Double
        switch estimator {
        case .closeToClose: variance = VarianceFormulas.closeToClose(bars)
        case .parkinson: variance = VarianceFormulas.parkinson(bars)
        case .garmanKlass: variance = VarianceFormulas.garmanKlass(bars)
        case .rogersSatchell: variance = VarianceFormulas.rogersSatchell(bars)
        case .ewma: variance = VarianceFormulas.ewma(bars, lambda: ewmaLambda)
        }
        // All five formulas are non-negative for valid bars; anything else means overflow or NaN crept in.
        guard variance.isFinite, variance >= 0 else {
            throw .nonFiniteResult(name: "per-bar variance", value: variance)
        }
        return variance
    }

    /// Resamples 1-minute `candles` to `interval`, keeps the LAST `window` complete bars, estimates their
    /// per-bar variance and annualizes it: σ = sqrt(perBarVariance · interval.barsPerYear).
    public static func annualized(
        candles: [Candle],
        estimator: VolatilityEstimator = .default,
        window: Int = 24,
        interval: CandleInterval
    ) throws(PricingError) -> Double {
        guard window >= estimator.minimumBars else {
            throw .invalidWindow(window: window, minimum: estimator.minimumBars)
        }
        let bars = try CandleResampler.completeBars(from: candles, interval: interval)
        guard bars.count >= window else {
            throw .tooFewBars(needed: window, available: bars.count)
        }
        let variance = try perBarVariance(of: Array(bars.suffix(window)), estimator: estimator)
        let sigma = (variance * interval.barsPerYear).squareRoot()
        guard sigma.isFinite else {
            throw .nonFiniteResult(name: "annualized volatility", value: sigma)
        }
        return sigma
    }
}
