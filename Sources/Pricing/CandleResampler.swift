/// Builds longer bars out of 1-minute candles.
public enum CandleResampler {
    private static let oneMinuteMs: Int64 = 60_000

    /// Resamples 1-minute candles (strictly increasing timestamps, else an error) into bars of `interval`
    /// aligned to multiples of the interval since the Unix epoch, so every caller gets the same bar boundaries
    /// whatever minute its data starts on.
    ///
    /// open = first open, high = max, low = min, close = last close, volume = sum, timestampMs = bucket start.
    /// Only the TRAILING bar is dropped when incomplete (its last 1-minute candle does not end at the bucket end):
    /// it is the bar still forming right now, and its short range would understate volatility.
    /// A leading partial bar (data starting mid-bucket) and bars with gaps inside are kept as they are.
    public static func completeBars(from candles: [Candle], interval: CandleInterval) throws(PricingError) -> [Candle] {
        try requireStrictlyIncreasingTimestamps(candles)
        guard let lastCandle = candles.last else { return [] }

        let intervalMs = interval.milliseconds
        var bars: [Candle] = []
        bars.reserveCapacity(candles.count / max(1, interval.seconds / 60) + 1)
        var forming: Candle?

        for candle in candles {
            let start = bucketStart(of: candle.timestampMs, intervalMs: intervalMs)
            if var bar = forming, bar.timestampMs == start {
                bar.high = max(bar.high, candle.high)
                bar.low = min(bar.low, candle.low)
                bar.close = candle.close
                bar.volume += candle.volume
                forming = bar
            } else {
                if let finished = forming { bars.append(finished) }
                forming = Candle(
                    timestampMs: start, open: candle.open, high: candle.high,
                    low: candle.low, close: candle.close, volume: candle.volume)
            }
        }

        if let trailing = forming {
            // Written as an offset inside the bucket (always < intervalMs) so it cannot overflow near Int64.max.
            let lastCandleEndOffset = lastCandle.timestampMs - trailing.timestampMs + oneMinuteMs
            if lastCandleEndOffset >= intervalMs {
                bars.append(trailing)
            }
        }
        return bars
    }

    static func requireStrictlyIncreasingTimestamps(_ candles: [Candle]) throws(PricingError) {
        for index in candles.indices.dropFirst() where candles[index].timestampMs <= candles[index - 1].timestampMs {
            throw .unsortedCandles(
                index: index, timestampMs: candles[index].timestampMs,
                previousTimestampMs: candles[index - 1].timestampMs)
        }
    }

    /// Floor division, so pre-1970 timestamps still land in the bucket that starts at or before them.
    static func bucketStart(of timestampMs: Int64, intervalMs: Int64) -> Int64 {
        let remainder = timestampMs % intervalMs
        return timestampMs - (remainder < 0 ? remainder + intervalMs : remainder)
    }
}
