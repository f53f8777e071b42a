import Testing

@testable import BacktestReport

/// A line breaks where a market went unvalued for a long while; steps hold across gaps.
struct ChartSegmentTests {
    static func points(_ seconds: [Int64]) -> [ReportPoint] {
        seconds.map { ReportPoint(timeMs: $0 * 1_000, value: Double($0)) }
    }

    @Test func aLongSilenceSplitsALineButNotAStep() {
        // One point every 2 s, then nothing for 15 minutes, then more.
        let seconds: [Int64] = Array(stride(from: 0, to: 120, by: 2)) + Array(stride(from: 1_020, to: 1_100, by: 2))
        let line = SVGChart.Series(name: "fair", color: "#000", points: Self.points(seconds))
        #expect(SVGChart.segments(line) == [0..<60, 60..<100])
        var step = line
        step.step = true
        #expect(SVGChart.segments(step) == [0..<100])
        // Evenly sparse points (a long run sampled down) are not gaps.
        let sparse = SVGChart.Series(name: "fair", color: "#000", points: Self.points(Array(stride(from: 0, to: 36_000, by: 600))))
        #expect(SVGChart.segments(sparse) == [0..<60])
    }
}
