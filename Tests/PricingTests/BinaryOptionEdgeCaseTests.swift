import Pricing
import Testing

struct BinaryOptionEdgeCaseTests {
    @Test(arguments: [0.0, -1.0 / 365.25])
    func expiredContractSettlesOnSpotVersusStrike(yearsToExpiry: Double) throws {
        #expect(try BinaryOption.yesProbability(spot: 101, strike: 100, volatility: 0.5, yearsToExpiry: yearsToExpiry) == 1)
        #expect(try BinaryOption.yesProbability(spot: 99, strike: 100, volatility: 0.5, yearsToExpiry: yearsToExpiry) == 0)
        // "Above strike" is strict, so finishing exactly at the strike is NO.
        #expect(try BinaryOption.yesProbability(spot: 100, strike: 100, volatility: 0.5, yearsToExpiry: yearsToExpiry) == 0)
    }

    @Test func zeroVolatilityFollowsTheForward() throws {
        // Forward 100·e^0.05 ≈ 105.13 is above 101 even though spot is below it.
        #expect(try BinaryOption.yesProbability(spot: 100, strike: 101, volatility: 0, yearsToExpiry: 1, rate: 0.05) == 1)
        // Forward 100·e^-0.05 ≈ 95.12 is below 99 even though spot is above it.
        #expect(try BinaryOption.yesProbability(spot: 100, strike: 99, volatility: 0, yearsToExpiry: 1, rate: -0.05) == 0)
        #expect(try BinaryOption.yesProbability(spot: 100, strike: 99, volatility: 0, yearsToExpiry: 1) == 1)
        #expect(try BinaryOption.yesProbability(spot: 100, strike: 100, volatility: 0, yearsToExpiry: 1) == 0)
    }

    /// σ√T overflows to ∞ here; the textbook form would compute −∞/∞ = NaN.
    @Test func hugeVolatilityGivesZeroInsteadOfNaN() throws {
        let probability = try BinaryOption.yesProbability(spot: 100, strike: 100, volatility: 1e308, yearsToExpiry: 1e100)
        #expect(probability == 0)
    }

    @Test func descriptionNamesFieldAndValue() {
        let error = #expect(throws: PricingError.self) {
            try BinaryOption.yesProbability(spot: -3000, strike: 3050, volatility: 0.6, yearsToExpiry: 1)
        }
        #expect(error == .invalidInput(name: "spot", value: -3000, reason: "must be a finite positive number"))
        #expect(error?.description == "spot must be a finite positive number, got -3000.0")
    }

    struct InvalidInput: Sendable, CustomTestStringConvertible {
        var spot = 3000.0
        var strike = 3050.0
        var volatility = 0.6
        var yearsToExpiry = 0.001
        var rate = 0.0
        var field: String
        var testDescription: String {
            "\(field): spot \(spot) strike \(strike) vol \(volatility) T \(yearsToExpiry) r \(rate)"
        }
    }

    static let invalidInputs: [InvalidInput] = [
        InvalidInput(spot: .nan, field: "spot"),
        InvalidInput(spot: .infinity, field: "spot"),
        InvalidInput(spot: 0, field: "spot"),
        InvalidInput(spot: -3000, field: "spot"),
        InvalidInput(strike: .nan, field: "strike"),
        InvalidInput(strike: .infinity, field: "strike"),
        InvalidInput(strike: 0, field: "strike"),
        InvalidInput(strike: -3050, field: "strike"),
        InvalidInput(volatility: -0.1, field: "volatility"),
        InvalidInput(volatility: .nan, field: "volatility"),
        InvalidInput(volatility: .infinity, field: "volatility"),
        InvalidInput(yearsToExpiry: .nan, field: "yearsToExpiry"),
        InvalidInput(yearsToExpiry: .infinity, field: "yearsToExpiry"),
        InvalidInput(rate: .nan, field: "rate"),
        InvalidInput(rate: -.infinity, field: "rate"),
    ]

    @Test(arguments: invalidInputs)
    func invalidInputIsRejectedNamingTheField(_ input: InvalidInput) {
        let error = #expect(throws: PricingError.self) {
            try BinaryOption.yesProbability(
                spot: input.spot, strike: input.strike, volatility: input.volatility,
                yearsToExpiry: input.yearsToExpiry, rate: input.rate)
        }
        // Pattern match rather than ==, because a NaN payload never compares equal to itself.
        guard case let .invalidInput(name, _, _)? = error else {
            Issue.record("expected .invalidInput, got \(String(describing: error))")
            return
        }
        #expect(name == input.field)
        #expect(error?.description.hasPrefix(input.field + " ") == true)
    }
}
