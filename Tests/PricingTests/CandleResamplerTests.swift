import Pricing
import Testing

struct CandleResamplerTests {
    static let fiveMinutes = try! CandleInterval(seconds: 300)

    /// 1-minute candles at 12:03 … 12:19 (17 candles) with distinct, easy-to-trace values:
    /// minute m has open 100+m, high 100.5+m, low 99+m, close 100.25+m, volume m.
    static func candles(fromMinute first: Int, throughMinute last: Int) -> [Candle] {
        (first...last).map { minute in
            let m = Double(minute)
            return minuteCandle(at: ms(hour: 12, minute: minute), 100 + m, 100.5 + m, 99 + m, 100.25 + m, volume: m)
        }
    }

    @Test func barsAreAlignedToEpochMultiplesAndFollowOHLCRules() throws {
        let bars = try CandleResampler.completeBars(
            from: Self.candles(fromMinute: 3, throughMinute: 19),
            interval: Self.fiveMinutes)
        #expect(
            bars.map(\.timestampMs) == [
                ms(hour: 12, minute: 0), ms(hour: 12, minute: 5),
                ms(hour: 12, minute: 10), ms(hour: 12, minute: 15),
            ])
        // Full bar 12:05–12:09: open of 12:05, max high of 12:09, min low of 12:05, close of 12:09, volume 5+…+9.
        #expect(
            bars[1]
                == Candle(
                    timestampMs: ms(hour: 12, minute: 5), open: 105, high: 109.5, low: 104,
                    close: 109.25, volume: 35))
        #expect(
            bars[3]
                == Candle(
                    timestampMs: ms(hour: 12, minute: 15), open: 115, high: 119.5, low: 114,
                    close: 119.25, volume: 85))
    }

    @Test func leadingPartialBarIsKeptAsIs() throws {
        let bars = try CandleResampler.completeBars(
            from: Self.candles(fromMinute: 3, throughMinute: 19),
            interval: Self.fiveMinutes)
        // Only 12:03 and 12:04 exist in the first bucket; the bar still starts at the bucket boundary 12:00.
        #expect(
            bars.first
                == Candle(
                    timestampMs: ms(hour: 12, minute: 0), open: 103, high: 104.5, low: 102,
                    close: 104.25, volume: 7))
    }

    @Test(arguments: [15, 16, 17, 18])
    func trailingIncompleteBarIsDropped(lastMinute: Int) throws {
        let bars = try CandleResampler.completeBars(
            from: Self.candles(fromMinute: 0, throughMinute: lastMinute),
            interval: Self.fiveMinutes)
        #expect(bars.map(\.timestampMs) == [ms(hour: 12, minute: 0), ms(hour: 12, minute: 5), ms(hour: 12, minute: 10)])
    }

    @Test func trailingBarEndingAtTheBucketEndIsKept() throws {
        // The 12:19 candle ends at 12:20, the end of the 12:15 bucket.
        let bars = try CandleResampler.completeBars(
            from: Self.candles(fromMinute: 0, throughMinute: 19),
            interval: Self.fiveMinutes)
        #expect(bars.count == 4)
    }

    @Test func trailingBarWithAGapButEndingOnTimeIsKept() throws {
        var candles = Self.candles(fromMinute: 0, throughMinute: 19)
        candles.remove(at: 17)
        let bars = try CandleResampler.completeBars(from: candles, interval: Self.fiveMinutes)
        #expect(bars.count == 4)
        #expect(bars[3].volume == 15 + 16 + 18 + 19)
    }

    @Test func oneMinuteIntervalReturnsTheCandlesUnchanged() throws {
        let candles = Self.candles(fromMinute: 3, throughMinute: 9)
        #expect(try CandleResampler.completeBars(from: candles, interval: CandleInterval(seconds: 60)) == candles)
    }

    @Test func hourBarsAlignToTheHour() throws {
        // 11:58 … 13:01 → buckets 11:00 (partial leading), 12:00 (full), 13:00 (incomplete trailing, dropped).
        let candles = (0...63).map { offset in
            minuteCandle(at: ms(hour: 11, minute: 58) + Int64(offset) * 60_000, 10, 11, 9, 10)
        }
        let bars = try CandleResampler.completeBars(from: candles, interval: CandleInterval(parsing: "1h"))
        #expect(bars.map(\.timestampMs) == [ms(hour: 11, minute: 0), ms(hour: 12, minute: 0)])
        #expect(bars.map(\.volume) == [2, 60])
    }

    @Test func emptyInputGivesNoBars() throws {
        #expect(try CandleResampler.completeBars(from: [], interval: Self.fiveMinutes).isEmpty)
    }

    @Test func unsortedCandlesAreRejected() {
        var candles = Self.candles(fromMinute: 0, throughMinute: 9)
        candles.swapAt(4, 5)
        let error = #expect(throws: PricingError.self) {
            try CandleResampler.completeBars(from: candles, interval: Self.fiveMinutes)
        }
        #expect(
            error
                == .unsortedCandles(
                    index: 5, timestampMs: ms(hour: 12, minute: 4),
                    previousTimestampMs: ms(hour: 12, minute: 5)))
    }

    @Test func duplicateTimestampsAreRejected() {
        var candles = Self.candles(fromMinute: 0, throughMinute: 9)
        candles[7].timestampMs = candles[6].timestampMs
        let error = #expect(throws: PricingError.self) {
            try CandleResampler.completeBars(from: candles, interval: Self.fiveMinutes)
        }
        #expect(
            error
                == .unsortedCandles(
                    index: 7, timestampMs: ms(hour: 12, minute: 6),
                    previousTimestampMs: ms(hour: 12, minute: 6)))
    }

    @Test func preEpochTimestampsUseFloorBuckets() throws {
        // -60_000 (23:59 on 1969-12-31) belongs to the bucket starting at -300_000, not at 0.
        let candles = [minuteCandle(at: -60_000, 1, 1, 1, 1), minuteCandle(at: 0, 1, 1, 1, 1)]
        let bars = try CandleResampler.completeBars(from: candles, interval: Self.fiveMinutes)
        #expect(bars.map(\.timestampMs) == [-300_000])
    }
}
