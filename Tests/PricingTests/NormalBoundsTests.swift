import KalshiCore
import Testing

@testable import Pricing

/// `cdfBounds` lets the strategy skip `erfc` when a decision does not depend on the value's
/// last digits: the bounds must contain `cdf` everywhere, or a decision could change.
struct NormalBoundsTests {
    @Test func boundsContainTheCDFOnADenseSweepAndAtEveryGridPoint() {
        var x = -9.0
        var widest = 0.0
        while x <= 9 {
            let value = NormalDistribution.cdf(x)
            let bounds = NormalDistribution.cdfBounds(x)
            #expect(bounds.lower <= value && value <= bounds.upper, "x = \(x)")
            if abs(x) < 7 { widest = max(widest, bounds.upper - bounds.lower) }
            x += 0.000_37
        }
        for step in 0...512 {
            let point = -8 + Double(step) / 32
            for z in [point.nextDown, point, point.nextUp] {
                let bounds = NormalDistribution.cdfBounds(z)
                #expect(bounds.lower <= NormalDistribution.cdf(z) && NormalDistribution.cdf(z) <= bounds.upper, "z = \(z)")
            }
        }
        // Narrow enough to decide most comparisons: one grid step of Φ near the middle.
        #expect(widest > 0 && widest < 0.013)
    }

    /// The table is written out as literals (`NormalDistribution+Grid.swift`): each entry must
    /// be `cdf` at its grid point (to within a few ulps, for a platform whose `erfc` rounds its
    /// last bit differently: `boundsSlack` covers far more), and the table must rise.
    @Test func theTableIsTheCDFAtItsGridPoints() {
        let table = NormalDistribution.cdfGrid
        #expect(table.count == 513)
        for (step, entry) in table.enumerated() {
            let expected = NormalDistribution.cdf(-8 + Double(step) / 32)
            #expect(abs(entry - expected) <= 4 * expected.ulp, "step \(step): \(entry) against \(expected)")
            if step > 0 { #expect(entry >= table[step - 1], "step \(step)") }
        }
    }

    @Test func theEndsAndNaNGetIntervalsThatStillHoldTheValue() {
        for z in [-Double.infinity, -40, -8.000_001, 8, 8.5, 40, .infinity] {
            let bounds = NormalDistribution.cdfBounds(z)
            let value = NormalDistribution.cdf(z)
            #expect(bounds.lower <= value && value <= bounds.upper, "z = \(z)")
            #expect(bounds.lower >= 0 && bounds.upper <= 1)
        }
        #expect(NormalDistribution.cdfBounds(.nan) == (0, 1))
    }

    @Test func aProbabilityAndItsBoundsAgreeWithYesProbability() throws {
        var random = SplitMixRandom(seed: 17)
        for _ in 0..<5_000 {
            let spot = 1_000 + random.unit() * 4_000
            let strike = spot * (0.97 + random.unit() * 0.06)
            let volatility = random.unit() * 1.5
            let seconds = -5 + random.unit() * 4_000
            let known = random.unit() < 0.5 ? nil : spot * Double(Int(random.unit() * 60))
            let probability = try SettlementAverageBinary.probability(
                spot: spot, strike: strike, volatility: volatility, secondsToClose: seconds, observedSum: known)
            let expected = try SettlementAverageBinary.yesProbability(
                spot: spot, strike: strike, volatility: volatility, secondsToClose: seconds, observedSum: known)
            #expect(probability.value == expected)
            #expect(probability.bounds.lower <= expected && expected <= probability.bounds.upper)
            let years = seconds / BinaryOption.secondsPerYear
            let plain = try BinaryOption.probability(spot: spot, strike: strike, volatility: volatility, yearsToExpiry: years)
            #expect(
                plain.value
                    == (try BinaryOption.yesProbability(spot: spot, strike: strike, volatility: volatility, yearsToExpiry: years))
            )
        }
    }

    /// Terms made once and shared by several strikes give bit-for-bit the one-call answer.
    @Test func sharedWindowTermsGiveTheSameValueAsOneCallPerStrike() throws {
        var random = SplitMixRandom(seed: 23)
        for _ in 0..<2_000 {
            let volatility = random.unit()
            let seconds = random.unit() * 200
            let rate = random.unit() * 0.05
            let terms = try SettlementAverageBinary.WindowTerms(volatility: volatility, secondsToClose: seconds, rate: rate)
            let spot = 2_000 + random.unit() * 2_000
            let known = seconds < 60 && random.unit() < 0.7 ? spot * Double(60 - Int(seconds.rounded(.up))) : nil
            for offset in [-20.0, -0.01, 0, 0.01, 20] {
                let strike = spot + offset
                let shared = try terms.probability(spot: spot, strike: strike, observedSum: known).value
                let alone = try SettlementAverageBinary.yesProbability(
                    spot: spot, strike: strike, volatility: volatility, secondsToClose: seconds, observedSum: known, rate: rate)
                #expect(shared == alone || (shared.isNaN && alone.isNaN))
            }
        }
        #expect(throws: PricingError.self) {
            try SettlementAverageBinary.WindowTerms(volatility: -1, secondsToClose: 30)
        }
    }
}
