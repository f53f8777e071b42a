/// One OHLCV bar.
public struct Candle: Sendable, Equatable {
    /// Candle OPEN time, milliseconds since the Unix epoch (UTC).
    public var timestampMs: Int64
    public var open: Double
    public var high: Double
    public var low: Double
    public var close: Double
    public var volume: Double

    public init(timestampMs: Int64, open: Double, high: Double, low: Double, close: Double, volume: Double) {
        self.timestampMs = timestampMs
        self.open = open
        self.high = high
        self.low = low
        self.close = close
        self.volume = volume
    }
}
