import Testing

@testable import KalshiCore

struct MoneyTests {
    @Test func notionalIsExactForSubCentPricesAndFractionalCounts() throws {
        // 0.4321 × 12.34 = 5.332114 exactly.
        let notional = Money.notional(price: try Price(parsing: "0.4321"), count: try Quantity(parsing: "12.34"))
        #expect(notional.micros == 5_332_114)
        #expect(notional.description == "5.332114")
    }

    @Test(arguments: [
        (Int64(12_345), Int64(10_000), Money.Rounding.up, Int64(20_000)),
        (12_345, 10_000, .down, 10_000),
        (-12_345, 10_000, .up, -10_000),
        (-12_345, 10_000, .down, -20_000),
        (20_000, 10_000, .up, 20_000),
        (1, 100, .up, 100),
    ])
    func roundsTowardTheRequestedInfinity(micros: Int64, step: Int64, rule: Money.Rounding, expected: Int64) {
        #expect(Money(micros: micros).rounded(toMultipleOf: step, rule).micros == expected)
    }

    @Test func parsesDollarText() throws {
        #expect(try Money(parsing: "1.7500").micros == 1_750_000)
        #expect(try Money(parsing: "-3.25").micros == -3_250_000)
        #expect(throws: FixedPointError.tooManyDecimals("0.1234567", allowed: 6)) { try Money(parsing: "0.1234567") }
    }
}
