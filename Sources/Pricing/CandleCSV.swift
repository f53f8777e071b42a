/// Reads 1-minute candles from `timestamp_ms,open,high,low,close,volume` CSV text.
public enum CandleCSV {
    static let columns = ["timestamp_ms", "open", "high", "low", "close", "volume"]

    /// Parses candle rows. The first non-blank line is skipped as a header when its first field is not a number;
    /// blank lines are ignored; `\r\n` line endings and spaces around fields are tolerated.
    ///
    /// Every row is validated (6 fields, integer timestamp, finite positive prices, finite volume >= 0,
    /// high >= max(open, close), low <= min(open, close), strictly increasing timestamps), and the error names
    /// the 1-based line number, the column and the offending text, so a bad file can be fixed by hand.
    ///
    /// Works on UTF-8 bytes rather than Characters: splitting a String on "\n" would not split "\r\n",
    /// which Swift treats as one Character, and byte splitting keeps 50,000-row files fast.
    public static func parse(_ text: String) throws(PricingError) -> [Candle] {
        var candles: [Candle] = []
        var lineNumber = 0
        var sawFirstContentLine = false

        for rawLine in withoutByteOrderMark(text.utf8).split(separator: newline, omittingEmptySubsequences: false) {
            lineNumber += 1
            let line = trimmed(rawLine)
            if line.isEmpty { continue }

            let fields = line.split(separator: comma, omittingEmptySubsequences: false).map { Substring(trimmed($0)) }
            if !sawFirstContentLine {
                sawFirstContentLine = true
                if Double(fields[0]) == nil { continue }
            }

            let candle = try candle(from: fields, line: lineNumber, wholeLine: Substring(line))
            if let previous = candles.last, candle.timestampMs <= previous.timestampMs {
                throw .invalidCSVRow(
                    line: lineNumber, field: "timestamp_ms", value: String(fields[0]),
                    reason: "must be greater than the previous row's timestamp_ms \(previous.timestampMs)")
            }
            candles.append(candle)
        }
        return candles
    }

    private static func candle(from fields: [Substring], line: Int, wholeLine: Substring) throws(PricingError) -> Candle {
        guard fields.count == columns.count else {
            throw .invalidCSVRow(
                line: line, field: "row", value: String(wholeLine.prefix(120)),
                reason: "must have \(columns.count) comma-separated fields (\(columns.joined(separator: ","))), "
                    + "found \(fields.count)")
        }
        guard let timestampMs = Int64(fields[0]) else {
            throw .invalidCSVRow(
                line: line, field: columns[0], value: String(fields[0]),
                reason: "must be an integer number of milliseconds since the Unix epoch")
        }
        var numbers: [Double] = []
        numbers.reserveCapacity(5)
        for column in 1..<columns.count {
            guard let number = Double(fields[column]) else {
                throw .invalidCSVRow(
                    line: line, field: columns[column], value: String(fields[column]),
                    reason: "must be a number")
            }
            numbers.append(number)
        }
        let candle = Candle(
            timestampMs: timestampMs, open: numbers[0], high: numbers[1], low: numbers[2],
            close: numbers[3], volume: numbers[4])
        if let problem = candle.firstProblem {
            let column = columns.firstIndex(of: problem.field) ?? 0
            throw .invalidCSVRow(
                line: line, field: problem.field, value: String(fields[column]),
                reason: problem.reason)
        }
        return candle
    }

    private static let newline = UInt8(ascii: "\n")
    private static let comma = UInt8(ascii: ",")

    private static func withoutByteOrderMark(_ bytes: String.UTF8View) -> Substring.UTF8View {
        let all = bytes[...]
        return all.starts(with: [0xEF, 0xBB, 0xBF]) ? all.dropFirst(3) : all
    }

    /// Drops spaces, tabs and the `\r` left over from `\r\n` endings.
    private static func trimmed(_ bytes: Substring.UTF8View) -> Substring.UTF8View {
        func isPadding(_ byte: UInt8) -> Bool {
            byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\r")
        }
        var slice = bytes
        while let first = slice.first, isPadding(first) { slice = slice.dropFirst() }
        while let last = slice.last, isPadding(last) { slice = slice.dropLast() }
        return slice
    }
}
