/// The length of a resampled bar.
public struct CandleInterval: Sendable, Equatable {
    public let seconds: Int

    /// Whole minutes only, because bars are assembled from 1-minute candles.
    public init(seconds: Int) throws(PricingError) {
        // The upper bound only keeps `seconds * 1000` (milliseconds) from overflowing Int64.
        guard seconds > 0, seconds % 60 == 0, seconds <= Int(Int64.max / 1000) else {
            throw .invalidIntervalSeconds(seconds)
        }
        self.seconds = seconds
    }

    /// Parses `<count><unit>` with a positive whole count and unit `s`, `m`, `h` or `d`
    /// ("5m", "15m", "1h", "1d", "120s"); the result must be a whole number of minutes.
    public init(parsing text: String) throws(PricingError) {
        let unitSeconds: [Character: Int] = ["s": 1, "m": 60, "h": 3_600, "d": 86_400]
        guard let unit = text.last, let multiplier = unitSeconds[unit] else { throw .invalidInterval(text) }
        let digits = text.dropLast()
        guard !digits.isEmpty, digits.count <= 9, digits.allSatisfy({ $0.isASCII && $0.isNumber }),
            let count = Int(digits), count > 0, (count * multiplier) % 60 == 0
        else { throw .invalidInterval(text) }
        try self.init(seconds: count * multiplier)
    }

    /// Bars per Julian year, the factor that turns a per-bar variance into an annual one.
    public var barsPerYear: Double { 31_557_600 / Double(seconds) }

    var milliseconds: Int64 { Int64(seconds) * 1000 }
}

extension CandleInterval: CustomStringConvertible {
    /// The shortest label ("5m", "1h", "1d"), so logs echo what the user typed.
    public var description: String {
        if seconds % 86_400 == 0 { return "\(seconds / 86_400)d" }
        if seconds % 3_600 == 0 { return "\(seconds / 3_600)h" }
        return "\(seconds / 60)m"
    }
}
