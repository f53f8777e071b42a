import Foundation

/// Per-bar variance formulas. Inputs are assumed validated (positive prices, high/low bracketing open/close).
enum VarianceFormulas {
    /// Sample variance of the log close-to-close returns between consecutive bars (n − 1 returns, divisor n − 2).
    static func closeToClose(_ bars: [Candle]) -> Double {
        let returns = logCloseReturns(bars)
        let mean = returns.reduce(0, +) / Double(returns.count)
        let sumOfSquaredDeviations = returns.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        return sumOfSquaredDeviations / Double(returns.count - 1)
    }

    /// Parkinson (1980): mean(ln(H/L)²) / (4 ln 2).
    static func parkinson(_ bars: [Candle]) -> Double {
        mean(of: bars) { bar in
            let highLow = log(bar.high / bar.low)
            return highLow * highLow
        } / (4 * log(2.0))
    }

    /// Garman-Klass (1980): mean(½·ln(H/L)² − (2 ln 2 − 1)·ln(C/O)²).
    static func garmanKlass(_ bars: [Candle]) -> Double {
        let closeOpenWeight = 2 * log(2.0) - 1
        return mean(of: bars) { bar in
            let highLow = log(bar.high / bar.low)
            let closeOpen = log(bar.close / bar.open)
            return 0.5 * highLow * highLow - closeOpenWeight * closeOpen * closeOpen
        }
    }

    /// Rogers-Satchell (1991): mean(ln(H/C)·ln(H/O) + ln(L/C)·ln(L/O)); drift-independent.
    static func rogersSatchell(_ bars: [Candle]) -> Double {
        mean(of: bars) { bar in
            log(bar.high / bar.close) * log(bar.high / bar.open) + log(bar.low / bar.close) * log(bar.low / bar.open)
        }
    }

    /// RiskMetrics EWMA on log close-to-close returns with zero mean, normalised by the weight sum
    /// so a short window is not biased low; the newest return has weight 1, each older one λ times the next.
    static func ewma(_ bars: [Candle], lambda: Double) -> Double {
        var weightedSquares = 0.0
        var weightSum = 0.0
        var weight = 1.0
        for logReturn in logCloseReturns(bars).reversed() {
            weightedSquares += weight * logReturn * logReturn
            weightSum += weight
            weight *= lambda
        }
        return weightedSquares / weightSum
    }

    private static func logCloseReturns(_ bars: [Candle]) -> [Double] {
        zip(bars, bars.dropFirst()).map { previous, current in log(current.close / previous.close) }
    }

    private static func mean(of bars: [Candle], _ term: (Candle) -> Double) -> Double {
        bars.reduce(0) { $0 + term($1) } / Double(bars.count)
    }
}
