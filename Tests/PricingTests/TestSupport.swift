import Pricing

/// |actual − expected| <= tolerance, written out so failures print both numbers via #expect's expansion.
func isClose(_ actual: Double, _ expected: Double, within tolerance: Double) -> Bool {
    abs(actual - expected) <= tolerance
}

func isRelativelyClose(_ actual: Double, _ expected: Double, within relativeTolerance: Double) -> Bool {
    abs(actual - expected) <= relativeTolerance * abs(expected)
}

/// Milliseconds for a UTC minute on 2025-01-01, so fixtures read like clock times.
func ms(hour: Int, minute: Int) -> Int64 {
    let startOf20250101: Int64 = 1_735_689_600_000
    return startOf20250101 + Int64(hour * 3_600_000 + minute * 60_000)
}

func minuteCandle(
    at timestampMs: Int64, _ open: Double, _ high: Double, _ low: Double, _ close: Double,
    volume: Double = 1
) -> Candle {
    Candle(timestampMs: timestampMs, open: open, high: high, low: low, close: close, volume: volume)
}

/// Five 1-minute candles per (O, H, L, C) bar, starting at `firstBarMs` (which must be 5-minute aligned),
/// arranged so that 5-minute resampling gives back exactly those bars:
/// minute 0 spans the full range and closes at the open, minutes 1–3 are flat, minute 4 moves to the close.
func oneMinuteCandles(
    reproducing bars: [(open: Double, high: Double, low: Double, close: Double)],
    firstBarMs: Int64
) -> [Candle] {
    var candles: [Candle] = []
    for (barIndex, bar) in bars.enumerated() {
        let barStart = firstBarMs + Int64(barIndex) * 300_000
        candles.append(minuteCandle(at: barStart, bar.open, bar.high, bar.low, bar.open))
        for minute in 1...3 {
            candles.append(minuteCandle(at: barStart + Int64(minute) * 60_000, bar.open, bar.open, bar.open, bar.open))
        }
        candles.append(
            minuteCandle(
                at: barStart + 240_000, bar.open, max(bar.open, bar.close),
                min(bar.open, bar.close), bar.close))
    }
    return candles
}
