import Foundation

/// Black-Scholes pricing of a cash-or-nothing binary call, i.e. a Kalshi "above strike" YES contract.
public enum BinaryOption {
    /// Julian year (365.25 days): crypto trades around the clock, so volatility is annualized on calendar time.
    public static let secondsPerYear: Double = 31_557_600

    /// Risk-neutral probability that the underlying finishes above `strike`: N(d2), NOT discounted,
    /// because a Kalshi contract is settled within hours and its price is quoted as a probability.
    ///
    /// d2 = (ln(S/K) + (r − σ²/2)·T) / (σ·√T), with T in years.
    ///
    /// Degenerate cases are decided deterministically instead of dividing by zero:
    /// - `yearsToExpiry <= 0`: already settled, 1 if spot > strike else 0;
    /// - `volatility == 0`: the price drifts to the forward S·e^{rT}, 1 if that is above strike else 0.
    ///
    /// Throws `.invalidInput` naming the field for a non-finite or non-positive spot/strike, a negative or
    /// non-finite volatility, or a non-finite time or rate, so a bad feed value can never become a price.
    public static func yesProbability(
        spot: Double,
        strike: Double,
        volatility: Double,
        yearsToExpiry: Double,
        rate: Double = 0
    ) throws(PricingError) -> Double {
        try probability(spot: spot, strike: strike, volatility: volatility, yearsToExpiry: yearsToExpiry, rate: rate).value
    }

    /// `yesProbability` one step before the normal CDF (see `BinaryProbability`).
    public static func probability(
        spot: Double,
        strike: Double,
        volatility: Double,
        yearsToExpiry: Double,
        rate: Double = 0
    ) throws(PricingError) -> BinaryProbability {
        try requireFinitePositive(spot, name: "spot")
        try requireFinitePositive(strike, name: "strike")
        guard volatility.isFinite, volatility >= 0 else {
            throw .invalidInput(name: "volatility", value: volatility, reason: "must be a finite non-negative number")
        }
        guard yearsToExpiry.isFinite else {
            throw .invalidInput(name: "yearsToExpiry", value: yearsToExpiry, reason: "must be a finite number")
        }
        guard rate.isFinite else {
            throw .invalidInput(name: "rate", value: rate, reason: "must be a finite number")
        }

        if yearsToExpiry <= 0 {
            return .decided(spot > strike ? 1 : 0)
        }
        // Comparing in log space (ln(S/K) + rT > 0 ⇔ S·e^{rT} > K) avoids overflowing e^{rT}.
        let logMoneynessPlusDrift = log(spot / strike) + rate * yearsToExpiry
        let volatilityTimesRootTime = volatility * yearsToExpiry.squareRoot()
        if volatilityTimesRootTime == 0 {
            return .decided(logMoneynessPlusDrift > 0 ? 1 : 0)
        }
        // Same as the textbook d2, but split so an enormous σ√T yields −∞ (probability 0) rather than ∞/∞ = NaN.
        let d2 = logMoneynessPlusDrift / volatilityTimesRootTime - 0.5 * volatilityTimesRootTime
        guard !d2.isNaN else {
            throw .nonFiniteResult(name: "d2", value: d2)
        }
        return .normal(z: d2)
    }

    /// Converts a time to expiry in seconds into the years `yesProbability` expects.
    public static func years(fromSeconds seconds: Double) -> Double {
        seconds / secondsPerYear
    }

    private static func requireFinitePositive(_ value: Double, name: String) throws(PricingError) {
        guard value.isFinite, value > 0 else {
            throw .invalidInput(name: name, value: value, reason: "must be a finite positive number")
        }
    }
}
