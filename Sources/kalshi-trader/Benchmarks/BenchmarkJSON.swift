import Histogram
import KalshiAPI

/// Fields every benchmark line shares.
extension JSONLineWriter {
    /// `"build":"debug"` or `"release"`: a debug figure is no figure.
    mutating func addBuild() {
        #if DEBUG
            add("build", "debug")
        #else
            add("build", "release")
        #endif
    }

    /// `<prefix>p50_us`, `p99_us`, `p99_9_us`, `max_us`, `mean_us` of a histogram of nanoseconds.
    mutating func addLatency(_ prefix: String, _ histogram: Histogram<UInt64>) {
        add("\(prefix)p50_us", Double(histogram.valueAtPercentile(50)) / 1_000, decimals: 1)
        add("\(prefix)p99_us", Double(histogram.valueAtPercentile(99)) / 1_000, decimals: 1)
        add("\(prefix)p99_9_us", Double(histogram.valueAtPercentile(99.9)) / 1_000, decimals: 1)
        add("\(prefix)max_us", Double(histogram.max) / 1_000, decimals: 1)
        add("\(prefix)mean_us", histogram.mean / 1_000, decimals: 1)
    }
}
