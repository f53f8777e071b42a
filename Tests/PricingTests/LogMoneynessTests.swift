import Foundation
import KalshiCore
import Testing

@testable import Pricing

/// The strategy keeps each market's `log(spot / strike)` and passes it to
/// `WindowTerms.probability`: what it keeps must be what would have been computed, and a
/// probability given it must equal one computed without it.
struct LogMoneynessTests {
    @Test func theKeptLogarithmIsTheFreshOneForEveryPairInAnyOrder() {
        var random = SplitMixRandom(seed: 41)
        var kept = LogMoneyness()
        var previous: (Double, Double) = (3_000, 3_000)
        for step in 0..<20_000 {
            // Repeat the last pair half the time (a book change), else move one input.
            var (spot, strike) = previous
            switch random.unit() {
            case ..<0.5: break
            case ..<0.8: spot = 1_000 + random.unit() * 4_000
            default: strike = 1_000 + random.unit() * 4_000
            }
            let value = kept.of(spot: spot, strike: strike)
            #expect(value.bitPattern == log(spot / strike).bitPattern, "step \(step)")
            previous = (spot, strike)
        }
        // A NaN input is never taken for the kept pair.
        #expect(kept.of(spot: .nan, strike: 3_000).isNaN)
        #expect(kept.of(spot: 3_000, strike: 3_000) == 0)
    }

    @Test func aProbabilityGivenTheLogarithmEqualsOneWithout() throws {
        var random = SplitMixRandom(seed: 43)
        var checked = 0
        for _ in 0..<5_000 {
            let spot = 1_000 + random.unit() * 4_000
            let strike = spot * (0.97 + random.unit() * 0.06)
            let seconds = -5 + random.unit() * 4_000
            let terms = try SettlementAverageBinary.WindowTerms(volatility: random.unit() * 1.5, secondsToClose: seconds)
            let known: Double? = random.unit() < 0.5 ? nil : spot * Double(60 - min(60, max(0, Int(seconds))))
            let plain = try terms.probability(spot: spot, strike: strike, observedSum: known)
            guard terms.usesLogMoneyness else { continue }
            let given = try terms.probability(
                spot: spot, strike: strike, observedSum: known, logMoneyness: log(spot / strike))
            #expect(given == plain)
            checked += 1
        }
        #expect(checked > 1_000)
    }
}
