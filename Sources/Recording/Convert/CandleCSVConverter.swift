import KalshiCore
import Pricing

/// Converts one-minute candles (`timestamp_ms, open, high, low, close, volume`, the `vol`
/// command's format; a header line is optional) into spot and volatility records of an asset:
/// each candle's close is a `trade` spot of venue `candles` at the candle's end (open time +
/// 60 s, when the close is known), and every candle refreshes the volatility (Rogers-Satchell
/// over the last 30 candles, issued once 5 exist). Streamed; rows are validated and errors
/// name the line and the column.
public final class CandleCSVConverter: RecordStream {
    public let inputDescription: String
    public let notices = ConversionNotices()
    private let lines: TextLineReader
    private let asset: String
    private let venue: String
    private var pending: [Record] = []
    private var pendingIndex = 0
    private var definitions = LocalDefinitions()
    private var volatility = IndexVolatility()
    private var lastOpenMs: Int64?
    private static let columns = ["timestamp_ms", "open", "high", "low", "close", "volume"]

    public init(path: String, asset: String, venue: String = "candles") throws(ConversionError) {
        inputDescription = path
        self.asset = asset
        self.venue = venue
        lines = try TextLineReader(path: path)
    }

    public func next() throws(ConversionError) -> Record? {
        while pendingIndex == pending.count {
            pending.removeAll(keepingCapacity: true)
            pendingIndex = 0
            guard let line = lines.next() else { return nil }
            let row = CSVRow(line)
            if row.fields.count == 1 && row[0].isEmpty { continue }
            if lines.lineNumber == 1, Int64(CSVRow.text(row[0])) == nil { continue }  // header
            try convert(row, line: lines.lineNumber)
        }
        defer { pendingIndex += 1 }
        return pending[pendingIndex]
    }

    private func convert(_ row: CSVRow, line: Int) throws(ConversionError) {
        func fail(_ column: Int, _ reason: String) -> ConversionError {
            .invalidRow(
                path: inputDescription, line: line, field: CandleCSVConverter.columns[column], value: CSVRow.text(row[column]),
                reason: reason)
        }
        guard row.fields.count == 6 else {
            throw .invalidRow(
                path: inputDescription, line: line, field: "row", value: "\(row.fields.count) fields",
                reason: "must have 6 fields: \(CandleCSVConverter.columns.joined(separator: ","))")
        }
        guard let openMs = Int64(CSVRow.text(row[0])) else { throw fail(0, "is not an integer millisecond time") }
        if let lastOpenMs, openMs <= lastOpenMs { throw fail(0, "must be after the previous row's \(lastOpenMs)") }
        lastOpenMs = openMs
        var prices: [Money] = []
        for column in 1...4 {
            guard let price = try? Money(parsing: CSVRow.text(row[column])), price > .zero else {
                throw fail(column, "is not a positive price")
            }
            prices.append(price)
        }
        let (open, high, low, close) = (prices[0], prices[1], prices[2], prices[3])
        guard high >= max(open, close), high >= low else { throw fail(2, "is below the open, close or low") }
        guard low <= min(open, close) else { throw fail(3, "is above the open or close") }
        let time = openMs + 60_000
        let assetId = definitions.name(asset, .asset, at: time, pending: &pending)
        let venueId = definitions.name(venue, .venue, at: time, pending: &pending)
        pending.append(
            Record(
                timeMs: time,
                .spot(RecordedSpot(asset: assetId, venue: venueId, kind: .trade, price: close, exchangeTimeMs: time))))
        // The pricing model's inputs are doubles; prices stay fixed-point everywhere else.
        func double(_ money: Money) -> Double { Double(money.micros) / 1e6 }
        let bar = Candle(
            timestampMs: openMs, open: double(open), high: double(high), low: double(low), close: double(close), volume: 0)
        if let sigma = volatility.observe(bar: bar) {
            pending.append(Record(timeMs: time, .volatility(asset: assetId, sigma: sigma)))
        }
    }
}
