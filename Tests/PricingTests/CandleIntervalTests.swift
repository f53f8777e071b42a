import Pricing
import Testing

struct CandleIntervalTests {
    @Test(arguments: [("1m", 60), ("5m", 300), ("15m", 900), ("30m", 1_800), ("1h", 3_600), ("4h", 14_400), ("1d", 86_400)])
    func parsesSupportedLabels(text: String, seconds: Int) throws {
        let interval = try CandleInterval(parsing: text)
        #expect(interval.seconds == seconds)
        #expect(interval.description == text)
        #expect(interval.barsPerYear == 31_557_600 / Double(seconds))
    }

    @Test(arguments: ["", "5", "m", "5M", " 5m", "5m ", "1w", "30s", "1.5h", "-5m", "0m", "+5m", "５m"])
    func rejectsOtherLabelsNamingTheText(text: String) {
        let error = #expect(throws: PricingError.self) { try CandleInterval(parsing: text) }
        #expect(error == .invalidInterval(text))
        #expect(error?.description.contains("'\(text)'") == true)
    }

    @Test(arguments: [0, -60, 30, 90, 301])
    func rejectsSecondsThatAreNotPositiveWholeMinutes(seconds: Int) {
        let error = #expect(throws: PricingError.self) { try CandleInterval(seconds: seconds) }
        #expect(error == .invalidIntervalSeconds(seconds))
        #expect(error?.description.contains("\(seconds)") == true)
    }

    @Test func acceptsSecondsThatMakeWholeMinutes() throws {
        #expect(try CandleInterval(parsing: "120s").seconds == 120)
        #expect(try CandleInterval(parsing: "7m").seconds == 420)
    }

    @Test func acceptsAnyWholeMinuteCount() throws {
        let ninetyMinutes = try CandleInterval(seconds: 5_400)
        #expect(ninetyMinutes.description == "90m")
        #expect(ninetyMinutes.barsPerYear == 5_844)
    }
}
