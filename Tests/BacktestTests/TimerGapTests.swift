import Foundation
import KalshiCore
import Recording
import Testing
import TraderRuntime

/// Synthesized timers fill a silence between records for at most an hour, so a recording that
/// spans months (merged captures, frames stamped far apart) costs what its data costs.
struct TimerGapTests {
    @Test func aYearLongSilenceGetsAnHourOfTimersNotAYear() throws {
        let path = try Scratch.directory().appendingPathComponent("gap.krec").path
        let writer = try RecordingWriter(path: path, header: RecordingHeader(producer: "test", source: "test"))
        let start: Int64 = 1_700_000_000_000
        let year: Int64 = 365 * 86_400_000
        try writer.append(start, .name(RecordedName(namespace: .asset, id: 0, text: "ETH")))
        for (offset, cents) in [(Int64(0), Int64(300_000)), (1_000, 300_100), (year, 310_000), (year + 5_500, 310_100)] {
            try writer.append(
                start + offset,
                .spot(RecordedSpot(asset: 0, venue: 0, kind: .index, price: Money(cents: cents), exchangeTimeMs: start + offset)))
        }
        try writer.close()
        let (result, _) = try backtest(path)
        #expect(result.recordingError == nil)
        // 4 spots, the 1 s step, the silence's first hour (3,600), then 5 timers of the last 5.5 s
        // (the one at the new record's second included).
        #expect(result.events >= 3_600 && result.events <= 3_620, "events: \(result.events)")
    }
}
