/// What is wrong with a candle, phrased so callers can wrap it with their own location (array index or CSV line).
struct CandleProblem: Equatable {
    var field: String
    var value: Double
    var reason: String
}

extension Candle {
    /// The first inconsistency found, or nil when the candle can be fed to log-based estimators.
    ///
    /// The range estimators take logs of every price and assume high/low bracket open/close;
    /// a violated bracket silently produces a biased (even negative) variance, so it is rejected up front.
    var firstProblem: CandleProblem? {
        if let problem = Self.priceProblem(open, field: "open")
            ?? Self.priceProblem(high, field: "high")
            ?? Self.priceProblem(low, field: "low")
            ?? Self.priceProblem(close, field: "close")
        {
            return problem
        }
        if !(volume.isFinite && volume >= 0) {
            return CandleProblem(field: "volume", value: volume, reason: "must be a finite non-negative number")
        }
        if high < max(open, close) {
            return CandleProblem(field: "high", value: high, reason: "must be >= max(open, close) = \(max(open, close))")
        }
        if low > min(open, close) {
            return CandleProblem(field: "low", value: low, reason: "must be <= min(open, close) = \(min(open, close))")
        }
        return nil
    }

    private static func priceProblem(_ price: Double, field: String) -> CandleProblem? {
        price.isFinite && price > 0
            ? nil
            : CandleProblem(field: field, value: price, reason: "must be a finite positive price")
    }
}
