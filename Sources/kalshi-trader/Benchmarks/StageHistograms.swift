import Histogram
import KalshiAPI

/// Where `live.tick_to_order`'s rounds spend their time (`--tick-to-order-stages`): for each
/// `TickToOrderProbe.Stage`, the time from the stamp before it (the frame's arrival for the
/// first) to its own; `request_sent` runs from the last stage to the request's hand-over, so
/// the stages of a complete round add up to its `in_process` time.
struct StageHistograms {
    private var histograms: [Histogram<UInt64>]
    /// Rounds that missed a stage (not recorded): a round whose input took another path.
    private var incomplete = 0

    init() {
        let empty = Histogram<UInt64>(highestTrackableValue: 60_000_000_000, numberOfSignificantValueDigits: .three)
        histograms = Array(repeating: empty, count: TickToOrderProbe.Stage.allCases.count + 1)
    }

    mutating func record(_ stamps: TickToOrderProbe.Stamps) {
        let reached = stamps.stages.compactMap { $0 }
        guard stamps.stages.count == TickToOrderProbe.Stage.allCases.count, reached.count == stamps.stages.count else {
            incomplete += 1
            return
        }
        var previous = stamps.frameArrived
        for (index, stamp) in reached.enumerated() {
            _ = histograms[index].record(UInt64(max(0, stamp - previous)))
            previous = stamp
        }
        _ = histograms[histograms.count - 1].record(UInt64(max(0, stamps.requestSent - previous)))
    }

    func write(into writer: inout JSONLineWriter) {
        let names = TickToOrderProbe.Stage.allCases.map(\.name) + ["request_sent"]
        for (name, histogram) in zip(names, histograms) {
            writer.add("stage_\(name)_p50_us", Double(histogram.valueAtPercentile(50)) / 1_000, decimals: 1)
            writer.add("stage_\(name)_p99_us", Double(histogram.valueAtPercentile(99)) / 1_000, decimals: 1)
        }
        writer.add("stages_incomplete_rounds", incomplete)
    }
}
