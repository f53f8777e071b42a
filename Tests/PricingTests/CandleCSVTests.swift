import Pricing
import Testing

struct CandleCSVTests {
    static let expectedCandles = [
        Candle(timestampMs: 1_735_700_400_000, open: 3362.61, high: 3362.75, low: 3360.54, close: 3360.54, volume: 70.1338),
        Candle(timestampMs: 1_735_700_460_000, open: 3360.55, high: 3362.01, low: 3359.8, close: 3359.81, volume: 651.7944),
    ]
    static let rows =
        "1735700400000,3362.61,3362.75,3360.54,3360.54,70.1338\n"
        + "1735700460000,3360.55,3362.01,3359.8,3359.81,651.7944\n"

    @Test func parsesWithHeader() throws {
        #expect(try CandleCSV.parse("timestamp_ms,open,high,low,close,volume\n" + Self.rows) == Self.expectedCandles)
    }

    @Test func parsesWithoutHeader() throws {
        #expect(try CandleCSV.parse(Self.rows) == Self.expectedCandles)
    }

    @Test func toleratesCRLFBlankLinesSpacesAndMissingFinalNewline() throws {
        let text =
            "\r\ntimestamp_ms,open,high,low,close,volume\r\n\r\n"
            + "1735700400000, 3362.61 ,3362.75,3360.54,3360.54,70.1338\r\n"
            + "   \r\n"
            + "1735700460000,3360.55,3362.01,3359.8,3359.81,651.7944"
        #expect(try CandleCSV.parse(text) == Self.expectedCandles)
    }

    @Test func toleratesAByteOrderMarkBeforeTheHeader() throws {
        #expect(try CandleCSV.parse("\u{FEFF}timestamp_ms,open,high,low,close,volume\n" + Self.rows) == Self.expectedCandles)
    }

    @Test func emptyTextGivesNoCandles() throws {
        #expect(try CandleCSV.parse("").isEmpty)
        #expect(try CandleCSV.parse("timestamp_ms,open,high,low,close,volume\n\n").isEmpty)
    }

    struct BadRow: Sendable, CustomTestStringConvertible {
        var label: String
        var text: String
        var line: Int
        var field: String
        var value: String
        var testDescription: String { label }
    }

    static let header = "timestamp_ms,open,high,low,close,volume\n"
    static let goodRow = "1000,10,11,9,10.5,1\n"

    /// Line numbers count every physical line, header and blank lines included, from 1.
    static let badRows: [BadRow] = [
        BadRow(
            label: "five fields", text: header + goodRow + "2000,10,11,9,10.5\n",
            line: 3, field: "row", value: "2000,10,11,9,10.5"),
        BadRow(
            label: "seven fields", text: header + "\n" + goodRow + "2000,10,11,9,10.5,1,7\n",
            line: 4, field: "row", value: "2000,10,11,9,10.5,1,7"),
        BadRow(
            label: "non-numeric price", text: header + goodRow + "2000,10,eleven,9,10.5,1\n",
            line: 3, field: "high", value: "eleven"),
        BadRow(
            label: "empty field", text: goodRow + "2000,10,11,,10.5,1\n",
            line: 2, field: "low", value: ""),
        BadRow(
            label: "fractional timestamp", text: header + "1000.5,10,11,9,10.5,1\n",
            line: 2, field: "timestamp_ms", value: "1000.5"),
        BadRow(
            label: "non-numeric timestamp after the first row", text: goodRow + "later,10,11,9,10.5,1\n",
            line: 2, field: "timestamp_ms", value: "later"),
        BadRow(
            label: "negative price", text: header + goodRow + "2000,-10,11,-12,10.5,1\n",
            line: 3, field: "open", value: "-10"),
        BadRow(
            label: "zero low and close", text: header + "2000,10,11,0,0,1\n",
            line: 2, field: "low", value: "0"),
        BadRow(
            label: "NaN price", text: header + "2000,nan,11,9,10.5,1\n",
            line: 2, field: "open", value: "nan"),
        BadRow(
            label: "infinite volume", text: header + "2000,10,11,9,10.5,inf\n",
            line: 2, field: "volume", value: "inf"),
        BadRow(
            label: "negative volume", text: header + "2000,10,11,9,10.5,-1\n",
            line: 2, field: "volume", value: "-1"),
        BadRow(
            label: "high below close", text: header + goodRow + "2000,10,10.4,9,10.5,1\n",
            line: 3, field: "high", value: "10.4"),
        BadRow(
            label: "low above open", text: header + "2000,10,11,10.2,10.5,1\n",
            line: 2, field: "low", value: "10.2"),
        BadRow(
            label: "repeated timestamp", text: header + goodRow + "2000,10,11,9,10.5,1\n" + "2000,10,11,9,10.5,1\n",
            line: 4, field: "timestamp_ms", value: "2000"),
        BadRow(
            label: "decreasing timestamp, CRLF", text: header + "2000,10,11,9,10.5,1\r\n" + "1000,10,11,9,10.5,1\r\n",
            line: 3, field: "timestamp_ms", value: "1000"),
    ]

    @Test(arguments: badRows)
    func badRowIsRejectedNamingLineFieldAndValue(_ bad: BadRow) {
        let error = #expect(throws: PricingError.self) { try CandleCSV.parse(bad.text) }
        guard case let .invalidCSVRow(line, field, value, _)? = error else {
            Issue.record("expected .invalidCSVRow, got \(String(describing: error))")
            return
        }
        #expect(line == bad.line)
        #expect(field == bad.field)
        #expect(value == bad.value)
        #expect(error?.description.hasPrefix("CSV line \(bad.line): \(bad.field) ") == true)
    }

    @Test func descriptionReadsNaturally() {
        let error = #expect(throws: PricingError.self) {
            try CandleCSV.parse(Self.header + Self.goodRow + "2000,10,10.4,9,10.5,1\n")
        }
        #expect(error?.description == "CSV line 3: high must be >= max(open, close) = 10.5, got '10.4'")
    }
}
