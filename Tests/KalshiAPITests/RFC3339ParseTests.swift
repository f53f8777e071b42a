import Foundation
import KalshiCore
import Testing

@testable import KalshiAPI

/// `RFC3339.parse` reads the plain UTC forms directly and hands anything else to the
/// formatter; on what it reads directly, it must agree with the formatter to the millisecond.
struct RFC3339ParseTests {
    @Test func theDirectReadingAgreesWithTheFormatterOnSeededTimes() {
        var random = SplitMixRandom(seed: 3339)
        for _ in 0..<3_000 {
            let ms = Int64.random(in: 0..<253_402_300_800_000, using: &random)
            let withMillis = RFC3339.formatMillis(ms: ms)
            #expect(RFC3339.parseUTC(withMillis) == ms, "\(withMillis)")
            #expect(RFC3339.parseWithFormatter(withMillis) == ms, "\(withMillis)")
            let whole = RFC3339.format(ms: ms)
            #expect(RFC3339.parseUTC(whole) == ms / 1_000 * 1_000, "\(whole)")
            #expect(RFC3339.parseWithFormatter(whole) == ms / 1_000 * 1_000, "\(whole)")
        }
    }

    @Test(arguments: [
        ("2024-02-29T23:59:59.999Z", 1_709_251_199_999),
        ("1970-01-01T00:00:00Z", 0),
        ("2000-03-01T00:00:00.000Z", 951_868_800_000),
        ("9999-12-31T23:59:59.999Z", 253_402_300_799_999),
    ])
    func edgesOfTheCalendarReadDirectly(text: String, ms: Int64) {
        #expect(RFC3339.parseUTC(text) == ms)
        #expect(RFC3339.parse(text) == ms)
    }

    @Test(arguments: [
        "2025-02-29T00:00:00.000Z", "2026-13-01T00:00:00.000Z", "2026-04-31T00:00:00Z", "2026-01-01T24:00:00Z",
        "2026-01-01T00:60:00Z", "2026-01-01T00:00:60Z", "1969-12-31T23:59:59Z", "2026-01-01T00:00:00.00Z",
        "2026-01-01T00:00:00+00:00", "2026-01-01 00:00:00Z", "2026-01-01T00:00:0xZ", "",
    ])
    func anythingElseIsLeftToTheFormatter(text: String) {
        #expect(RFC3339.parseUTC(text) == nil)
        #expect(RFC3339.parse(text) == RFC3339.parseWithFormatter(text))
    }
}
