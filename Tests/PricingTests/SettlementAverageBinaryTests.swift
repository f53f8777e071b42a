import Foundation
import KalshiCore
import Pricing
import Testing

/// The settlement-average binary against closed forms and seeded Monte Carlo of the exact
/// settlement rule (sixty one-second samples averaged).
struct SettlementAverageBinaryTests {
    /// A small seeded generator (SplitMix64) with Box-Muller normals: the simulations replay exactly.
    struct Normals {
        var random: SplitMixRandom
        var spare: Double?

        init(seed: UInt64) { random = SplitMixRandom(seed: seed) }

        mutating func uniform() -> Double {
            // In (0, 1): the midpoint of the 53-bit cell, so log() never sees 0.
            (Double(random.next() >> 11) + 0.5) / 9_007_199_254_740_992
        }

        mutating func next() -> Double {
            if let spare {
                self.spare = nil
                return spare
            }
            let radius = (-2 * log(uniform())).squareRoot()
            let angle = 2 * Double.pi * uniform()
            spare = radius * sin(angle)
            return radius * cos(angle)
        }
    }

    /// P(average of the window's samples > strike) by simulation: a lognormal path (or an
    /// arithmetic Brownian one) sampled at each sample's time, the known samples summing to
    /// `observedSum`.
    static func simulate(
        paths: Int, spot: Double, strike: Double, volatility: Double, secondsToClose: Double, observedSum: Double? = nil,
        arithmetic: Bool = false, seed: UInt64
    ) -> (probability: Double, standardError: Double) {
        let n = SettlementAverageBinary.standardWindowSeconds
        let future = SettlementAverageBinary.futureSampleCount(secondsToClose: secondsToClose)
        let known = observedSum ?? spot * Double(n - future)
        let times = (0..<future).map { secondsToClose - Double(future - 1 - $0) }
        var normals = Normals(seed: seed)
        var wins = 0
        let perSecond = volatility / BinaryOption.secondsPerYear.squareRoot()
        for _ in 0..<paths {
            var level = arithmetic ? spot : log(spot)
            var clock = 0.0
            var sum = known
            for time in times {
                let step = time - clock
                let shock = perSecond * step.squareRoot() * normals.next()
                if arithmetic {
                    level += spot * shock
                    sum += level
                } else {
                    level += -0.5 * perSecond * perSecond * step + shock
                    sum += exp(level)
                }
                clock = time
            }
            if sum / Double(n) > strike { wins += 1 }
        }
        let p = Double(wins) / Double(paths)
        return (p, (max(p * (1 - p), 1e-4) / Double(paths)).squareRoot())
    }

    @Test func covarianceSumMatchesTheDoubleSum() {
        for (count, first) in [(1, 0.25), (2, 1.0), (17, 0.5), (60, 240.0)] {
            let times = (0..<count).map { first + Double($0) }
            var brute = 0.0
            for a in times { for b in times { brute += min(a, b) } }
            // minimumSum is internal; the probability with σ chosen so that σ²C/n² = 1 checks it.
            let n = Double(SettlementAverageBinary.standardWindowSeconds)
            let secondsToClose = first + Double(count - 1)
            guard count == SettlementAverageBinary.standardWindowSeconds else {
                // Inside the window: arithmetic model, z = (m·S − (n·K − known)) / (σ·S·√C).
                let spot = 100.0
                let known = Double(SettlementAverageBinary.elapsedSampleCount(secondsToClose: secondsToClose)) * 100
                let volatility = BinaryOption.secondsPerYear.squareRoot() / brute.squareRoot() / spot
                let strike = (Double(count) * spot + known - 1) / n  // the sum beats n·K by one standard deviation
                let p = try? SettlementAverageBinary.yesProbability(
                    spot: spot, strike: strike, volatility: volatility, secondsToClose: secondsToClose, observedSum: known)
                #expect(p.map { isClose($0, NormalDistribution.cdf(1), within: 1e-12) } == true, "count \(count)")
                continue
            }
            let volatility = (BinaryOption.secondsPerYear * n * n / brute).squareRoot() * 1e-3
            let meanTime = first + (n - 1) / 2
            let drift = -0.5 * volatility * volatility * meanTime / BinaryOption.secondsPerYear
            let deviation = volatility * (brute / BinaryOption.secondsPerYear).squareRoot() / n
            let strike = 100 * exp(drift - deviation)  // one deviation below the mean log
            let p = try? SettlementAverageBinary.yesProbability(
                spot: 100, strike: strike, volatility: volatility, secondsToClose: secondsToClose, observedSum: nil)
            #expect(p.map { isClose($0, NormalDistribution.cdf(1), within: 1e-9) } == true)
        }
    }

    /// A one-sample "window" is the spot at the close: exactly N(d2).
    @Test func aOneSecondWindowIsBlackScholes() throws {
        for seconds in [1.0, 30, 600, 3_600] {
            for strike in [95.0, 100, 103] {
                let average = try SettlementAverageBinary.yesProbability(
                    spot: 100, strike: strike, volatility: 0.8, secondsToClose: seconds, windowSeconds: 1, observedSum: nil,
                    rate: 0.03)
                let plain = try BinaryOption.yesProbability(
                    spot: 100, strike: strike, volatility: 0.8, yearsToExpiry: BinaryOption.years(fromSeconds: seconds), rate: 0.03)
                #expect(isClose(average, plain, within: 1e-12))
            }
        }
    }

    /// Before the window: the lognormal geometric-average price against simulated arithmetic
    /// averages of lognormal paths (the real rule), within four standard errors.
    @Test(arguments: [(300.0, 100_150.0), (90.0, 100_050.0), (60.0, 99_980.0), (1_800.0, 100_400.0)])
    func beforeTheWindowMatchesSimulation(secondsToClose: Double, strike: Double) throws {
        let volatility = 0.9
        let model = try SettlementAverageBinary.yesProbability(
            spot: 100_000, strike: strike, volatility: volatility, secondsToClose: secondsToClose, observedSum: nil)
        let simulated = Self.simulate(
            paths: 20_000, spot: 100_000, strike: strike, volatility: volatility, secondsToClose: secondsToClose, seed: 7)
        #expect(abs(model - simulated.probability) <= 4 * simulated.standardError, "model \(model) simulated \(simulated)")
        // And it is not plain N(d2): averaging narrows the distribution of the settlement.
        let plain = try BinaryOption.yesProbability(
            spot: 100_000, strike: strike, volatility: volatility, yearsToExpiry: BinaryOption.years(fromSeconds: secondsToClose))
        if secondsToClose <= 300 { #expect(abs(model - plain) > 0.01, "model \(model) plain \(plain)") }
    }

    /// Inside the window the known part decides much: exact against arithmetic Brownian paths,
    /// and close to lognormal ones.
    @Test(arguments: [(20.5, 100_020.0, 100_030.0), (45.0, 99_990.0, 100_010.0), (3.0, 100_000.0, 100_001.0)])
    func insideTheWindowMatchesSimulation(secondsToClose: Double, knownAverage: Double, strike: Double) throws {
        let volatility = 0.9
        let elapsed = SettlementAverageBinary.elapsedSampleCount(secondsToClose: secondsToClose)
        let known = knownAverage * Double(elapsed)
        let model = try SettlementAverageBinary.yesProbability(
            spot: 100_000, strike: strike, volatility: volatility, secondsToClose: secondsToClose, observedSum: known)
        for arithmetic in [true, false] {
            let simulated = Self.simulate(
                paths: 20_000, spot: 100_000, strike: strike, volatility: volatility, secondsToClose: secondsToClose,
                observedSum: known, arithmetic: arithmetic, seed: 11)
            #expect(abs(model - simulated.probability) <= 4 * simulated.standardError, "model \(model) simulated \(simulated)")
        }
        // Ignoring the known part (plain N(d2) on spot) prices a different contract.
        let plain = try BinaryOption.yesProbability(
            spot: 100_000, strike: strike, volatility: volatility, yearsToExpiry: BinaryOption.years(fromSeconds: secondsToClose))
        #expect(abs(model - plain) > 0.02, "model \(model) plain \(plain)")
    }

    @Test func atTheCloseTheAverageDecides() throws {
        let above = try SettlementAverageBinary.yesProbability(
            spot: 90, strike: 100, volatility: 0.5, secondsToClose: 0, observedSum: 60 * 100.01)
        let below = try SettlementAverageBinary.yesProbability(
            spot: 110, strike: 100, volatility: 0.5, secondsToClose: -5, observedSum: 60 * 99.99)
        // "Above" is strict, as for the single-print contract.
        let equal = try SettlementAverageBinary.yesProbability(
            spot: 110, strike: 100, volatility: 0.5, secondsToClose: 0, observedSum: 6_000)
        #expect(above == 1 && below == 0 && equal == 0)
        // With zero volatility the rest of the window is the spot.
        let still = try SettlementAverageBinary.yesProbability(
            spot: 101, strike: 100.4, volatility: 0, secondsToClose: 30, observedSum: 30 * 99.9)
        #expect(still == 1)  // (30·99.9 + 30·101)/60 = 100.45
    }

    @Test func sampleCountsFollowTheRule() {
        #expect(SettlementAverageBinary.futureSampleCount(secondsToClose: 3_600) == 60)
        #expect(SettlementAverageBinary.futureSampleCount(secondsToClose: 60) == 60)
        #expect(SettlementAverageBinary.futureSampleCount(secondsToClose: 59.2) == 60)
        #expect(SettlementAverageBinary.futureSampleCount(secondsToClose: 59) == 59)
        #expect(SettlementAverageBinary.futureSampleCount(secondsToClose: 0.4) == 1)
        #expect(SettlementAverageBinary.futureSampleCount(secondsToClose: 0) == 0)
        #expect(SettlementAverageBinary.elapsedSampleCount(secondsToClose: 12.5) == 47)
    }

    @Test func badInputsAreNamed() {
        let cases: [(Double, Double, Double, Double, Double?, String)] = [
            (.nan, 100, 0.5, 10, nil, "spot"), (100, -1, 0.5, 10, nil, "strike"), (100, 100, -0.1, 10, nil, "volatility"),
            (100, 100, 0.5, .infinity, nil, "secondsToClose"), (100, 100, 0.5, 10, -5, "observedSum"),
            (100, 100, 0.5, 10, .nan, "observedSum"),
        ]
        for (spot, strike, volatility, seconds, observed, field) in cases {
            let error = #expect(throws: PricingError.self) {
                try SettlementAverageBinary.yesProbability(
                    spot: spot, strike: strike, volatility: volatility, secondsToClose: seconds, observedSum: observed)
            }
            if case .invalidInput(let name, _, _) = error { #expect(name == field) } else { Issue.record("\(field): \(String(describing: error))") }
        }
    }
}
