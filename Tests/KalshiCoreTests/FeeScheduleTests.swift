import Testing

@testable import KalshiCore

struct FeeScheduleTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var price: String
        var count: String
        var type: FeeType
        var role: LiquidityRole
        var multiplier: String
        /// Fill fee rounded up to $0.0001, and the retail order fee rounded up to the cent.
        var tradeFee: String
        var retailFee: String
        var testDescription: String { "\(count) @ \(price) \(type.rawValue) \(role.rawValue) ×\(multiplier)" }
    }

    // Expected values computed independently with Python's decimal module:
    //   raw = coef * mult * C * P * (1 - P)
    //   raw.quantize(Decimal('0.0001'), ROUND_CEILING), raw.quantize(Decimal('0.01'), ROUND_CEILING)
    static let cases: [Case] = [
        Case(price: "0.50", count: "100", type: .quadratic, role: .taker, multiplier: "1", tradeFee: "1.7500", retailFee: "1.75"),
        Case(price: "0.50", count: "1", type: .quadratic, role: .taker, multiplier: "1", tradeFee: "0.0175", retailFee: "0.02"),
        Case(price: "0.50", count: "10", type: .quadratic, role: .taker, multiplier: "1", tradeFee: "0.1750", retailFee: "0.18"),
        Case(price: "0.01", count: "1", type: .quadratic, role: .taker, multiplier: "1", tradeFee: "0.0007", retailFee: "0.01"),
        Case(price: "0.99", count: "100", type: .quadratic, role: .taker, multiplier: "1", tradeFee: "0.0693", retailFee: "0.07"),
        Case(price: "0.35", count: "37", type: .quadratic, role: .taker, multiplier: "1", tradeFee: "0.5893", retailFee: "0.59"),
        Case(price: "0.50", count: "100", type: .quadratic, role: .maker, multiplier: "1", tradeFee: "0.0000", retailFee: "0.00"),
        Case(
            price: "0.50", count: "100", type: .quadraticWithMakerFees, role: .maker, multiplier: "1", tradeFee: "0.4375",
            retailFee: "0.44"),
        Case(
            price: "0.50", count: "100", type: .quadraticWithComboMakerFees, role: .maker, multiplier: "1", tradeFee: "0.8750",
            retailFee: "0.88"),
        Case(
            price: "0.50", count: "100", type: .quadraticWithMakerFees, role: .taker, multiplier: "1", tradeFee: "1.7500",
            retailFee: "1.75"),
        Case(
            price: "0.50", count: "100", type: .quadratic, role: .taker, multiplier: "0.5", tradeFee: "0.8750", retailFee: "0.88"),
        Case(
            price: "0.50", count: "0.50", type: .quadratic, role: .taker, multiplier: "1", tradeFee: "0.0088", retailFee: "0.01"),
        Case(
            price: "0.4321", count: "12.34", type: .quadratic, role: .taker, multiplier: "1", tradeFee: "0.2120",
            retailFee: "0.22"),
        Case(
            price: "0.07", count: "250", type: .quadratic, role: .taker, multiplier: "1.25", tradeFee: "1.4241", retailFee: "1.43"
        ),
        Case(price: "0", count: "10", type: .quadratic, role: .taker, multiplier: "1", tradeFee: "0.0000", retailFee: "0.00"),
        Case(price: "1", count: "10", type: .quadratic, role: .taker, multiplier: "1", tradeFee: "0.0000", retailFee: "0.00"),
    ]

    @Test(arguments: cases)
    func feesMatchTheExactFormula(_ row: Case) throws {
        let schedule = try FeeSchedule(type: row.type, multiplier: row.multiplier)
        let price = try Price(parsing: row.price)
        let count = try Quantity(parsing: row.count)
        #expect(schedule.tradeFee(price: price, count: count, role: row.role).formatted(decimals: 4) == row.tradeFee)
        #expect(schedule.retailOrderFee(price: price, count: count, role: row.role).formatted(decimals: 2) == row.retailFee)
    }

    @Test func floatingPointGetsTheHeadlineCaseWrongAndWeDoNot() throws {
        // The trap this type exists for: in binary floating point 0.07 × 100 × 0.5 × 0.5 is a hair
        // above 1.75, so rounding up to the cent charges $1.76.
        let viaDouble = (0.07 * 100 * 0.5 * (1 - 0.5) * 100).rounded(.up) / 100
        #expect(viaDouble == 1.76)
        let exact = FeeSchedule().retailOrderFee(price: try Price(parsing: "0.50"), count: Quantity(contracts: 100), role: .taker)
        #expect(exact == Money(cents: 175))
    }

    @Test func feeIsSymmetricInPrice() throws {
        let schedule = FeeSchedule()
        for ticks in stride(from: Int64(0), through: 10_000, by: 37) {
            let price = Price(uncheckedTicks: ticks)
            #expect(
                schedule.tradeFee(price: price, count: Quantity(contracts: 13), role: .taker)
                    == schedule.tradeFee(price: price.complement, count: Quantity(contracts: 13), role: .taker))
        }
    }

    @Test func rejectsBadMultipliers() {
        #expect(throws: FixedPointError.negativeNotAllowed("-1")) { try FeeSchedule(type: .quadratic, multiplier: "-1") }
        #expect(throws: FixedPointError.notANumber("one")) { try FeeSchedule(type: .quadratic, multiplier: "one") }
    }
}

struct OrderFeeLedgerTests {
    let schedule = FeeSchedule()
    let half = try! Price(parsing: "0.50")

    @Test func oneOrderFilledInPiecesPaysItsFeeRoundedUpOnce() {
        // Ten 1-contract fills at $0.50: each fee 0.0175, each balance change −0.5175 floored to
        // −0.52 (0.0025 of rounding). Accumulated rounding 0.025 → two $0.01 rebates.
        var ledger = OrderFeeLedger(schedule: schedule, precision: .cent)
        for _ in 0..<10 {
            ledger.recordFill(price: half, count: Quantity(contracts: 1), role: .taker, cashFlow: Money(cents: -50))
        }
        #expect(ledger.tradeFees == Money(micros: 175_000))
        #expect(ledger.roundingFees == Money(micros: 25_000))
        #expect(ledger.rebates == Money(cents: 2))
        #expect(ledger.effectiveFees == Money(cents: 18))  // = 0.175 rounded up to the cent
        #expect(ledger.balanceChange == Money(cents: -518))
        #expect(ledger.accumulatedRounding == Money(micros: 5_000))
    }

    @Test func eachFillMovesTheBalanceByWholeCents() {
        var ledger = OrderFeeLedger(schedule: schedule, precision: .cent)
        let charge = ledger.recordFill(price: half, count: Quantity(contracts: 1), role: .taker, cashFlow: Money(cents: -50))
        #expect(charge.balanceChange == Money(cents: -52))
        #expect(charge.balanceChange.micros % Money.microsPerCent == 0)
        #expect(charge.roundingFee == Money(micros: 2_500))
        #expect(charge.rebate == .zero)
    }

    @Test func directMembersPayTheCenticentFee() {
        var ledger = OrderFeeLedger(schedule: schedule, precision: .centicent)
        ledger.recordFill(price: half, count: Quantity(contracts: 1), role: .taker, cashFlow: Money(cents: -50))
        #expect(ledger.effectiveFees == Money(micros: 17_500))
        #expect(ledger.roundingFees == .zero)
    }

    @Test func sellingReceivesThePremiumLessTheFee() {
        var ledger = OrderFeeLedger(schedule: schedule, precision: .cent)
        let charge = ledger.recordFill(price: half, count: Quantity(contracts: 10), role: .taker, cashFlow: Money(cents: 500))
        // 5.00 − 0.175 = 4.825, floored to 4.82.
        #expect(charge.balanceChange == Money(cents: 482))
    }

    /// The fee is computed in Int64 when the product fits and in Int128 otherwise: both must
    /// give the formula's answer, including counts and multipliers far beyond real ones.
    @Test func theNarrowAndWidePathsGiveTheFormulasAnswer() {
        var random = SplitMixRandom(seed: 0x5EED)
        func next() -> UInt64 { random.next() }
        let types: [FeeType] = [.quadratic, .quadraticWithMakerFees, .quadraticWithComboMakerFees]
        let counts: [Int64] = [0, 1, 100, 12_345, 1_000_000, 99_999_999_999, Int64.max / 1_000, Int64.max, Int64.min]
        for round in 0..<20_000 {
            let ticks = Int64(next() % 10_001)
            let units = round < counts.count * 20 ? counts[round % counts.count] : Int64(bitPattern: next()) >> (next() % 64)
            let multiplier = round % 7 == 0 ? Int64(next() % 1_000_000_000) : Int64(next() % 20_000)
            let schedule = FeeSchedule(type: types[Int(next() % 3)], multiplierTicks: multiplier)
            let role: LiquidityRole = next() % 2 == 0 ? .taker : .maker
            let (numerator, denominator) = schedule.type.coefficient(for: role)
            let exact =
                Int128(numerator) * Int128(multiplier) * Int128(units.magnitude) * Int128(ticks) * Int128(10_000 - ticks)
            let divisor = Int128(denominator) * 10_000_000_000
            let expected = Money(micros: Int64(clamping: (exact + divisor - 1) / divisor * 100))
            let fee = schedule.tradeFee(price: Price(uncheckedTicks: ticks), count: Quantity(units: units), role: role)
            #expect(fee == expected, "ticks \(ticks) units \(units) multiplier \(multiplier) \(role)")
        }
    }
}
