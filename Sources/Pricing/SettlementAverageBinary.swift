import Foundation

/// The YES probability of a contract that settles on an *average* of the index, as Kalshi's
/// hourly crypto markets do (reference §6.4): the simple average of `n` one-second index values,
/// the value of second `s` being the last one published before second `s + 1` ends. With the
/// close at `τ` seconds from now, sample `k` (1…n) is the price at `τ − (n − k)` seconds.
///
/// - Before the window opens every sample lies ahead. The price is lognormal (σ annualized);
///   the geometric average of the samples is then exactly lognormal: its log has mean
///   ln S + (r − σ²/2)·t̄ and variance σ²·C/n², with t̄ the samples' mean time and
///   C = Σⱼ Σₖ min(tⱼ, tₖ). The arithmetic average Kalshi uses exceeds the geometric one by
///   about σ²·60 s/24 in relative terms, under 10⁻⁷ at crypto volatilities, so this is the
///   price of the real rule to far below a tick. Against plain N(d2) on spot the effect is a
///   smaller variance: τ − 2W/3 instead of τ in the continuous limit.
/// - Inside the window part of the average is already known. The unknown samples are priced
///   on an arithmetic Brownian motion with the current absolute volatility σ·S over the
///   remaining minute, for which their sum is exactly normal: mean m·S, variance (σS)²·C.
///   YES wins when that sum beats n·K minus the known part.
///
/// The samples are one second apart, so C has a closed form (see `minimumSum`).
public enum SettlementAverageBinary {
    /// Kalshi's crypto settlement: sixty one-second values.
    public static let standardWindowSeconds = 60

    /// Probability that the average of the window's `windowSeconds` samples ends above `strike`.
    ///
    /// - `observedSum`: the sum of the samples already determined, in dollars (the samples of the
    ///   seconds that ended at least `elapsedSampleCount(...)` ago; see there). Nil before the
    ///   window opens, or when the caller saw no index value: those samples are then taken at
    ///   the current spot, the best estimate available.
    /// - At or after the close the result is decided by `observedSum` alone (1 if the average
    ///   is above the strike).
    ///
    /// Throws `.invalidInput` naming the field for an input outside its domain, like
    /// `BinaryOption.yesProbability`.
    public static func yesProbability(
        spot: Double, strike: Double, volatility: Double, secondsToClose: Double, windowSeconds: Int = standardWindowSeconds,
        observedSum: Double?, rate: Double = 0
    ) throws(PricingError) -> Double {
        try probability(
            spot: spot, strike: strike, volatility: volatility, secondsToClose: secondsToClose, windowSeconds: windowSeconds,
            observedSum: observedSum, rate: rate
        ).value
    }

    /// `yesProbability` one step before the normal CDF (see `BinaryProbability`).
    public static func probability(
        spot: Double, strike: Double, volatility: Double, secondsToClose: Double, windowSeconds: Int = standardWindowSeconds,
        observedSum: Double?, rate: Double = 0
    ) throws(PricingError) -> BinaryProbability {
        try requireFinitePositive(spot, name: "spot")
        try requireFinitePositive(strike, name: "strike")
        return try WindowTerms(volatility: volatility, secondsToClose: secondsToClose, windowSeconds: windowSeconds, rate: rate)
            .probability(spot: spot, strike: strike, observedSum: observedSum)
    }

    /// The part of the valuation that depends only on time, volatility and rate: every strike of
    /// one close shares it, so a caller valuing several markets at one instant makes it once.
    /// The arithmetic is `yesProbability`'s, operation for operation: the results are identical.
    public struct WindowTerms: Sendable, Equatable {
        public let volatility: Double
        public let secondsToClose: Double
        public let rate: Double
        public let windowSeconds: Int
        /// Samples still ahead, as a count and as the Double the formulas use.
        @usableFromInline let future: Int
        @usableFromInline let n: Double
        @usableFromInline let m: Double
        /// √C in years (C: the samples' covariance sum, see `minimumSum`).
        @usableFromInline let rootCovariance: Double
        /// (r − σ²/2)·t̄ and σ·√C/n, for the lognormal branch (every sample ahead).
        @usableFromInline let logDrift: Double
        @usableFromInline let logDeviation: Double

        /// Throws `.invalidInput` naming the field, like `yesProbability`. Inlinable: a strategy
        /// makes these on every book change, where a call's cost is a fair part of the work.
        @inlinable
        public init(
            volatility: Double, secondsToClose: Double, windowSeconds: Int = standardWindowSeconds, rate: Double = 0
        ) throws(PricingError) {
            guard volatility.isFinite, volatility >= 0 else {
                throw .invalidInput(name: "volatility", value: volatility, reason: "must be a finite non-negative number")
            }
            guard secondsToClose.isFinite else {
                throw .invalidInput(name: "secondsToClose", value: secondsToClose, reason: "must be a finite number")
            }
            guard rate.isFinite else { throw .invalidInput(name: "rate", value: rate, reason: "must be a finite number") }
            guard (1...86_400).contains(windowSeconds) else {
                throw .invalidInput(name: "windowSeconds", value: Double(windowSeconds), reason: "must be 1 to 86400")
            }
            self.volatility = volatility
            self.secondsToClose = secondsToClose
            self.rate = rate
            self.windowSeconds = windowSeconds
            n = Double(windowSeconds)
            future = futureSampleCount(secondsToClose: secondsToClose, windowSeconds: windowSeconds)
            m = Double(future)
            // The earliest unknown sample's time from now (0 < a ≤ 1 inside the window).
            let a = secondsToClose - (m - 1)
            let c = minimumSum(count: m, firstTime: a) / BinaryOption.secondsPerYear
            rootCovariance = c.squareRoot()
            let meanTimeYears = (a + (m - 1) / 2) / BinaryOption.secondsPerYear
            logDrift = (rate - 0.5 * volatility * volatility) * meanTimeYears
            logDeviation = volatility * rootCovariance / n
        }

        /// Whether `probability` takes `log(spot / strike)` (every sample still ahead): a caller
        /// valuing one strike again at an unchanged spot can pass the one it kept.
        @inlinable
        public var usesLogMoneyness: Bool { future == windowSeconds }

        /// The YES probability for one strike (see `SettlementAverageBinary.yesProbability`).
        /// `logMoneyness`, when given, must be `log(spot / strike)` (`LogMoneyness`).
        @inlinable
        public func probability(spot: Double, strike: Double, observedSum: Double?, logMoneyness: Double? = nil)
            throws(PricingError) -> BinaryProbability
        {
            try SettlementAverageBinary.requireFinitePositive(spot, name: "spot")
            try SettlementAverageBinary.requireFinitePositive(strike, name: "strike")
            if let observedSum {
                guard observedSum.isFinite, observedSum >= 0 else {
                    throw .invalidInput(name: "observedSum", value: observedSum, reason: "must be a finite non-negative number")
                }
            }
            let known = observedSum ?? spot * (n - m)
            if future == 0 { return .decided(known / n > strike ? 1 : 0) }
            if future == windowSeconds {
                // Lognormal, geometric average of all n samples.
                let logMean = (logMoneyness ?? log(spot / strike)) + logDrift
                if logDeviation == 0 { return .decided(logMean > 0 ? 1 : 0) }
                let z = logMean / logDeviation
                guard !z.isNaN else { throw .nonFiniteResult(name: "z", value: z) }
                return .normal(z: z)
            }
            // Arithmetic Brownian for the m unknown samples: their sum must beat n·K − known.
            let needed = n * strike - known
            let meanSum = m * spot
            let deviation = volatility * spot * rootCovariance
            if deviation == 0 { return .decided(meanSum > needed ? 1 : 0) }
            let z = (meanSum - needed) / deviation
            guard !z.isNaN else { throw .nonFiniteResult(name: "z", value: z) }
            return .normal(z: z)
        }
    }

    /// How many of the window's samples are still ahead: sample k lies `secondsToClose − (n − k)`
    /// seconds away, so those with a positive time (all n before the window opens, none at
    /// the close).
    @inlinable
    public static func futureSampleCount(secondsToClose: Double, windowSeconds: Int = standardWindowSeconds) -> Int {
        guard secondsToClose > 0 else { return 0 }
        if secondsToClose >= Double(windowSeconds) { return windowSeconds }
        return Int(secondsToClose.rounded(.up))
    }

    /// How many samples are determined already: the caller sums the first this many seconds of
    /// the window and passes the sum as `observedSum`.
    public static func elapsedSampleCount(secondsToClose: Double, windowSeconds: Int = standardWindowSeconds) -> Int {
        windowSeconds - futureSampleCount(secondsToClose: secondsToClose, windowSeconds: windowSeconds)
    }

    /// C = Σⱼ Σₖ min(tⱼ, tₖ) for the times tₖ = a + (k − 1), k = 1…m, i.e. the covariance sum of a
    /// standard Brownian motion sampled there: Σₖ tₖ·(2(m − k) + 1) = m²·a + m(m − 1)(2m − 1)/6.
    @inlinable
    package static func minimumSum(count m: Double, firstTime a: Double) -> Double {
        m * m * a + m * (m - 1) * (2 * m - 1) / 6
    }

    @usableFromInline
    static func requireFinitePositive(_ value: Double, name: String) throws(PricingError) {
        guard value.isFinite, value > 0 else {
            throw .invalidInput(name: name, value: value, reason: "must be a finite positive number")
        }
    }
}
