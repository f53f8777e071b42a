import KalshiCore
import Pricing

/// A price path replayed from one-minute candles. Scenario start maps to the candle
/// `historyMinutes` into the file (so there is history before it) and time runs on from there,
/// wrapping to the start at the end. Inside a minute the price moves open → first extreme →
/// second extreme → close in three equal legs, so it stays within the candle's high/low and
/// touches both (the low first on an up candle, the high first on a down candle).
public struct CandleReplayPath: Sendable {
    public let candles: [Candle]
    public let scenarioStartMs: Int64
    private let originMs: Int64
    private let spanMs: Int64

    public init?(candles: [Candle], scenarioStartMs: Int64, historyMinutes: Int) {
        guard let first = candles.first, let last = candles.last, last.timestampMs > first.timestampMs else { return nil }
        self.candles = candles
        self.scenarioStartMs = scenarioStartMs
        self.originMs = first.timestampMs + Int64(min(historyMinutes, candles.count - 1)) * 60_000
        self.spanMs = last.timestampMs + 60_000 - first.timestampMs
    }

    /// The price at scenario time `ms`.
    public func price(atMs ms: Int64) -> Double {
        let first = candles[0].timestampMs
        var fileMs = originMs + (ms - scenarioStartMs)
        if fileMs >= first + spanMs || fileMs < first {
            let offset = (fileMs - first) % spanMs
            fileMs = first + (offset < 0 ? offset + spanMs : offset)
        }
        let index = candleIndex(atOrBefore: fileMs)
        let candle = candles[index]
        let fraction = min(1, max(0, Double(fileMs - candle.timestampMs) / 60_000))
        let (first1, second) = candle.close >= candle.open ? (candle.low, candle.high) : (candle.high, candle.low)
        let points = [candle.open, first1, second, candle.close]
        let leg = min(2, Int(fraction * 3))
        let within = fraction * 3 - Double(leg)
        return points[leg] + (points[leg + 1] - points[leg]) * within
    }

    /// Binary search: the last candle starting at or before `ms` (a gap in the file holds the previous candle's close).
    private func candleIndex(atOrBefore ms: Int64) -> Int {
        var low = 0
        var high = candles.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if candles[middle].timestampMs <= ms { low = middle } else { high = middle - 1 }
        }
        return low
    }
}
