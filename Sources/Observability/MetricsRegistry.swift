import CoreMetrics
import Metrics
import Prometheus
import Synchronization

/// A session's metrics, made through the swift-metrics API on a Prometheus registry of their
/// own (not the process-global `MetricsSystem`: tests run several sessions in one process, and
/// each must count only its own). Metric objects are cached by name and labels, so a hot path
/// (a frame, an order) increments a counter without allocating one.
public final class MetricsRegistry: Sendable {
    public let prometheus: PrometheusCollectorRegistry
    private let factory: PrometheusMetricsFactory
    private let counters = Mutex<[Key: Metrics.Counter]>([:])
    private let amounts = Mutex<[Key: FloatingPointCounter]>([:])
    private let gauges = Mutex<[Key: Metrics.Gauge]>([:])
    private let timers = Mutex<[Key: Metrics.Timer]>([:])

    struct Key: Hashable {
        var name: String
        var labels: [String]
    }

    public init() {
        prometheus = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: prometheus)
        // Latencies here run from tens of microseconds (tick to order) to seconds (a slow REST
        // answer): the library's default starts at 5 ms, too coarse for the fast end.
        factory.defaultDurationHistogramBuckets = [
            .microseconds(25), .microseconds(50), .microseconds(100), .microseconds(250), .microseconds(500),
            .milliseconds(1), .microseconds(2_500), .milliseconds(5), .milliseconds(10), .milliseconds(25),
            .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1),
            .milliseconds(2_500), .seconds(5), .seconds(10),
        ]
        self.factory = factory
    }

    /// A monotonically increasing count (`…_total`).
    public func counter(_ name: String, _ labels: [(String, String)] = []) -> Metrics.Counter {
        let key = Key(name: name, labels: labels.flatMap { [$0.0, $0.1] })
        return counters.withLock { cache in
            if let known = cache[key] { return known }
            let made = Metrics.Counter(label: name, dimensions: labels, factory: factory)
            cache[key] = made
            return made
        }
    }

    /// A monotonically increasing amount that is not a whole number (dollars of fees).
    public func amount(_ name: String, _ labels: [(String, String)] = []) -> FloatingPointCounter {
        let key = Key(name: name, labels: labels.flatMap { [$0.0, $0.1] })
        return amounts.withLock { cache in
            if let known = cache[key] { return known }
            let made = FloatingPointCounter(label: name, dimensions: labels, factory: factory)
            cache[key] = made
            return made
        }
    }

    /// A value that goes up and down (cash, a position).
    public func gauge(_ name: String, _ labels: [(String, String)] = []) -> Metrics.Gauge {
        let key = Key(name: name, labels: labels.flatMap { [$0.0, $0.1] })
        return gauges.withLock { cache in
            if let known = cache[key] { return known }
            let made = Metrics.Gauge(label: name, dimensions: labels, factory: factory)
            cache[key] = made
            return made
        }
    }

    /// A duration histogram (`…_seconds`, with `_bucket`, `_sum` and `_count`).
    public func timer(_ name: String, _ labels: [(String, String)] = []) -> Metrics.Timer {
        let key = Key(name: name, labels: labels.flatMap { [$0.0, $0.1] })
        return timers.withLock { cache in
            if let known = cache[key] { return known }
            let made = Metrics.Timer(label: name, dimensions: labels, preferredDisplayUnit: .seconds, factory: factory)
            cache[key] = made
            return made
        }
    }

    /// The exposition in Prometheus text format 0.0.4.
    public func exposition() -> [UInt8] { prometheus.emitToBuffer() }

    public func text() -> String { prometheus.emitToString() }
}
