import Pricing
import Testing

struct BinaryOptionTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var label: String
        var spot: Double
        var strike: Double
        var volatility: Double
        var yearsToExpiry: Double
        var rate: Double
        var expected: Double
        var testDescription: String { label }
    }

    /// Expected values from scipy 1.17.1, per row:
    /// `d2 = (math.log(S/K) + (r - s*s/2)*T) / (s*math.sqrt(T)); float(norm.cdf(d2))`
    /// with T written exactly as below (e.g. `1800/31557600`). Each was also checked against the same formula
    /// in mpmath at 50 digits: all differences were below 3e-16.
    static let scipyCases: [Case] = [
        Case(
            label: "CLI example: ETH 3000 vs 3050, 60% vol, 30 minutes", spot: 3000, strike: 3050, volatility: 0.6,
            yearsToExpiry: 1800 / 31_557_600, rate: 0, expected: 0.00013113816772177325),
        Case(
            label: "at the money, 1 day", spot: 3000, strike: 3000, volatility: 0.6,
            yearsToExpiry: 86_400 / 31_557_600, rate: 0, expected: 0.49373792343941375),
        Case(
            label: "in the money 1%, 1 hour", spot: 101_000, strike: 100_000, volatility: 0.5,
            yearsToExpiry: 3600 / 31_557_600, rate: 0, expected: 0.9685973591369047),
        Case(
            label: "out of the money 5%, 1 week", spot: 100_000, strike: 105_000, volatility: 0.5,
            yearsToExpiry: 7 * 86_400 / 31_557_600, rate: 0, expected: 0.22980830065905133),
        Case(
            label: "in the money, 1 minute", spot: 3000, strike: 2990, volatility: 0.8,
            yearsToExpiry: 60 / 31_557_600, rate: 0, expected: 0.9987621338183863),
        Case(
            label: "out of the money, 2 years", spot: 100, strike: 120, volatility: 0.3,
            yearsToExpiry: 2.0, rate: 0, expected: 0.2604794254876255),
        Case(
            label: "at the money, 5% rate, 1 year", spot: 100, strike: 100, volatility: 0.2,
            yearsToExpiry: 1.0, rate: 0.05, expected: 0.5596176923702425),
        Case(
            label: "in the money, 10% rate, half a year", spot: 50, strike: 40, volatility: 0.4,
            yearsToExpiry: 0.5, rate: 0.1, expected: 0.7951117285721492),
        Case(
            label: "in the money, -2% rate, quarter", spot: 100, strike: 95, volatility: 0.25,
            yearsToExpiry: 0.25, rate: -0.02, expected: 0.6209003764929979),
        Case(
            label: "10% out of the money, 1 day", spot: 3000, strike: 3300, volatility: 0.6,
            yearsToExpiry: 86_400 / 31_557_600, rate: 0, expected: 0.0011382504042283645),
    ]

    @Test(arguments: scipyCases)
    func matchesScipy(_ row: Case) throws {
        let probability = try BinaryOption.yesProbability(
            spot: row.spot, strike: row.strike, volatility: row.volatility,
            yearsToExpiry: row.yearsToExpiry, rate: row.rate)
        #expect(isClose(probability, row.expected, within: 1e-12))
    }

    @Test func rateDefaultsToZero() throws {
        let withDefault = try BinaryOption.yesProbability(
            spot: 3000, strike: 3050, volatility: 0.6,
            yearsToExpiry: 1800 / 31_557_600)
        let explicitZero = try BinaryOption.yesProbability(
            spot: 3000, strike: 3050, volatility: 0.6,
            yearsToExpiry: 1800 / 31_557_600, rate: 0)
        #expect(withDefault == explicitZero)
    }

    @Test func yearsUsesAJulianYear() {
        #expect(BinaryOption.secondsPerYear == 31_557_600)
        #expect(BinaryOption.years(fromSeconds: 31_557_600) == 1)
        #expect(BinaryOption.years(fromSeconds: 1800) == 1800.0 / 31_557_600)
        #expect(BinaryOption.years(fromSeconds: 0) == 0)
    }
}
