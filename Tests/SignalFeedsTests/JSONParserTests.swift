import Testing

@testable import SignalFeeds

struct JSONParserTests {
    @Test func keepsNumberTextAndDecodesEscapes() throws {
        let value = try JSONParser.parse(
            #" {"p": 51204.52000, "n": -1e3, "s": "a\"b\\c\u00e9\ud83d\ude00", "a": [true, false, null], "o": {}} "#)
        #expect(value["p"] == .number("51204.52000"))
        #expect(value["n"] == .number("-1e3"))
        #expect(value["s"] == .string("a\"b\\cé😀"))
        #expect(value["a"] == .array([.bool(true), .bool(false), .null]))
        #expect(value["o"] == .object([:]))
    }

    @Test(arguments: [
        ("", 0), ("{", 1), (#"{"a":}"#, 5), (#"{"a":1,}"#, 7), ("[1 2]", 3), ("01x", 1), (#""abc"#, 4), ("nul", 0),
        (#"{"a":1} x"#, 8),
        ("-", 1), ("1.", 2), (#""\x""#, 3), ("\"\u{01}\"", 1),
    ])
    func rejectsMalformedInputWithTheOffset(text: String, offset: Int) {
        #expect {
            _ = try JSONParser.parse(text)
        } throws: { error in
            guard case .invalidJSON(_, let at) = error as? SignalFeedError else { return false }
            return at == offset
        }
    }

    @Test func capsNesting() {
        let deep = String(repeating: "[", count: 200) + String(repeating: "]", count: 200)
        #expect(throws: SignalFeedError.self) { _ = try JSONParser.parse(deep) }
    }

    @Test(arguments: [
        ("51204.52000", 6, Int64(51_204_520_000)), ("0.000100", 8, 10_000), ("3000", 6, 3_000_000_000),
        ("-1.5", 6, -1_500_000), ("0.123456789", 6, 123_456), ("17.2032", 8, 1_720_320_000),
    ])
    func scalesDecimalsTruncatingExtraPlaces(text: String, scale: Int, expected: Int64) throws {
        #expect(try SignalDecimal.scaled(text, scale: scale, field: "p") == expected)
    }

    @Test(arguments: ["", "abc", "1.2.3", "1e5", ".5", "1.", "--1", "12345678901"])
    func refusesNonDecimals(text: String) {
        #expect {
            _ = try SignalDecimal.scaled(text, scale: 6, field: "result.data[0].p")
        } throws: { error in
            guard case .invalidValue(let field, let value, _) = error as? SignalFeedError else { return false }
            return field == "result.data[0].p" && value == text
        }
    }

    @Test(arguments: [
        ("2017-09-02T17:05:49.250000Z", Int64(1_504_371_949_250)), ("1970-01-01T00:00:00Z", 0),
        ("2024-02-29T23:59:59.9Z", 1_709_251_199_900),
        ("1969-12-31T23:59:59.000Z", -1_000),
    ])
    func parsesAndFormatsISO8601(text: String, ms: Int64) {
        #expect(ISO8601Time.milliseconds(text) == ms)
        #expect(ISO8601Time.milliseconds(ISO8601Time.format(ms: ms)) == ms)
    }

    @Test(arguments: [
        "2017-09-02 17:05:49", "2017-13-02T17:05:49Z", "2017-09-02T17:05:49.Z", "2017-09-02T17:05:49+01:00", "garbage",
    ])
    func refusesOtherTimes(text: String) {
        #expect(ISO8601Time.milliseconds(text) == nil)
    }
}
