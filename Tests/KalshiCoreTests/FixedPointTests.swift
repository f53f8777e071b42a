import PropertyBased
import Testing

@testable import KalshiCore

struct FixedPointTests {
    @Test(arguments: [
        ("0.56", 5_600), ("0.5600", 5_600), ("0.480", 4_800), ("0", 0), ("1", 10_000), ("1.0000", 10_000),
        ("0.0001", 1), ("0.123400", 1_234), ("0.9999", 9_999), ("-0", 0),
    ])
    func parsesPrices(text: String, ticks: Int64) throws {
        #expect(try Price(parsing: text).ticks == ticks)
    }

    @Test(arguments: [("10.00", 1_000), ("51.88", 5_188), ("0.01", 1), ("5130", 513_000), ("0.5", 50), ("33896.00", 3_389_600)])
    func parsesCounts(text: String, units: Int64) throws {
        #expect(try Quantity(parsing: text).units == units)
        #expect(try Quantity(parsingSigned: "-" + text).units == -units)
    }

    @Test(arguments: [
        ("", FixedPointError.empty),
        ("abc", .notANumber("abc")),
        (" 0.5", .notANumber(" 0.5")),
        ("0.5 ", .notANumber("0.5 ")),
        (".5", .notANumber(".5")),
        ("5.", .notANumber("5.")),
        ("+0.5", .notANumber("+0.5")),
        ("0,5", .notANumber("0,5")),
        ("1e-2", .notANumber("1e-2")),
        ("0x10", .notANumber("0x10")),
        ("-", .notANumber("-")),
        ("0.12345", .tooManyDecimals("0.12345", allowed: 4)),
        ("1.5", .outOfRange("1.5", allowed: "0.0000...1.0000")),
        ("1.0001", .outOfRange("1.0001", allowed: "0.0000...1.0000")),
        ("-0.01", .negativeNotAllowed("-0.01")),
    ])
    func rejectsBadPricesNamingTheValue(text: String, expected: FixedPointError) {
        let error = #expect(throws: FixedPointError.self) { try Price(parsing: text) }
        #expect(error == expected)
        if !text.isEmpty { #expect(error?.description.contains("'\(text)'") == true) }
    }

    @Test(arguments: [
        ("-5", FixedPointError.negativeNotAllowed("-5")),
        ("1.234", .tooManyDecimals("1.234", allowed: 2)),
        ("ten", .notANumber("ten")),
        ("1234567890123", .outOfRange("1234567890123", allowed: "at most 12 integer digits")),
    ])
    func rejectsBadCounts(text: String, expected: FixedPointError) {
        let error = #expect(throws: FixedPointError.self) { try Quantity(parsing: text) }
        #expect(error == expected)
    }

    @Test func signedCountsRejectTooManyDecimalsToo() {
        #expect(throws: FixedPointError.tooManyDecimals("-1.001", allowed: 2)) { try Quantity(parsingSigned: "-1.001") }
    }

    @Test func printsKalshiFixedPointText() throws {
        #expect(try Price(parsing: "0.56").description == "0.5600")
        #expect(Price.one.description == "1.0000")
        #expect(Quantity(units: 5_188).description == "51.88")
        #expect(Quantity(units: -500_000).description == "-5000.00")
        #expect(Quantity(units: -5).description == "-0.05")
        #expect(Money(micros: 1_750_000).description == "1.7500")
        #expect(Money(micros: -12_345).description == "-0.012345")
    }

    @Test func formattingThenParsingGivesTheSameValue() async {
        await propertyCheck(input: Gen.int64(in: 0...10_000), Gen.int64(in: -100_000_000...100_000_000)) { ticks, units in
            #expect((try? Price(parsing: Price(uncheckedTicks: ticks).description))?.ticks == ticks)
            #expect((try? Quantity(parsingSigned: Quantity(units: units).description))?.units == units)
        }
    }

    @Test func byteAndStringParsersAgree() async {
        await propertyCheck(input: Gen.int64(in: 0...10_000)) { ticks in
            let text = Price(uncheckedTicks: ticks).description
            let fromBytes = try? Price(utf8: Array(text.utf8))
            let fromString = try? Price(parsing: text)
            #expect(fromBytes != nil && fromBytes == fromString)
        }
    }

    @Test func priceComplementIsTheOtherLeg() throws {
        #expect(try Price(parsing: "0.42").complement == Price(parsing: "0.58"))
        #expect(Price.zero.complement == .one)
    }
}
