/// Everything that can go wrong while pricing or estimating volatility.
///
/// Each case carries enough context for `description` to tell an operator exactly which
/// input was rejected and why, because these messages surface directly in the CLI.
public enum PricingError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A scalar model input is out of its domain, e.g. a non-positive spot.
    case invalidInput(name: String, value: Double, reason: String)
    /// Fewer bars than the estimator or the requested window needs.
    case tooFewBars(needed: Int, available: Int)
    /// A candle in an in-memory array is inconsistent (0-based index into that array).
    case invalidCandle(index: Int, field: String, value: Double, reason: String)
    /// Candle timestamps must be strictly increasing (0-based index of the offending candle).
    case unsortedCandles(index: Int, timestampMs: Int64, previousTimestampMs: Int64)
    /// A CSV row could not be parsed or failed validation (1-based physical line number).
    case invalidCSVRow(line: Int, field: String, value: String, reason: String)
    /// An interval label that `CandleInterval(parsing:)` does not know.
    case invalidInterval(String)
    /// An interval length in seconds that is not a positive multiple of 60.
    case invalidIntervalSeconds(Int)
    /// A volatility window smaller than the estimator's minimum.
    case invalidWindow(window: Int, minimum: Int)
    /// A computation produced NaN/inf; returned instead of the bad number so it cannot leak into prices.
    case nonFiniteResult(name: String, value: Double)

    public var description: String {
        switch self {
        case let .invalidInput(name, value, reason):
            return "\(name) \(reason), got \(value)"
        case let .tooFewBars(needed, available):
            return "need at least \(needed) complete bars, only \(available) available"
        case let .invalidCandle(index, field, value, reason):
            return "candle at index \(index): \(field) \(reason), got \(value)"
        case let .unsortedCandles(index, timestampMs, previousTimestampMs):
            return "candle timestamps must be strictly increasing: candle at index \(index) has timestamp_ms "
                + "\(timestampMs), previous candle has \(previousTimestampMs)"
        case let .invalidCSVRow(line, field, value, reason):
            return "CSV line \(line): \(field) \(reason), got '\(value)'"
        case let .invalidInterval(text):
            return "invalid candle interval '\(text)': expected a whole number of minutes such as 1m, 5m, 15m, 1h or 1d"
        case let .invalidIntervalSeconds(seconds):
            return "candle interval seconds must be a positive multiple of 60, got \(seconds)"
        case let .invalidWindow(window, minimum):
            return "window must be at least \(minimum) bars, got \(window)"
        case let .nonFiniteResult(name, value):
            return "\(name) came out non-finite (\(value)); the input data is degenerate"
        }
    }
}
