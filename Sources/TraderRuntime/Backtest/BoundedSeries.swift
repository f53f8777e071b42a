/// A time series kept to at most `capacity` points whatever the run's length (memory stays
/// flat): when full it keeps every other point and from then on samples half as often. The
/// first and the latest point are always kept. Deterministic.
struct BoundedSeries: Sendable {
    struct Point: Sendable, Equatable {
        var timeMs: Int64
        var value: Double
    }

    let capacity: Int
    private(set) var kept: [Point] = []
    private var stride = 1
    private var seen = 0
    private var latest: Point?

    init(capacity: Int = 1_500) {
        self.capacity = max(4, capacity)
    }

    mutating func append(timeMs: Int64, _ value: Double) {
        let point = Point(timeMs: timeMs, value: value)
        defer {
            seen += 1
            latest = point
        }
        guard seen % stride == 0 else { return }
        kept.append(point)
        if kept.count >= capacity {
            kept = kept.enumerated().filter { $0.offset % 2 == 0 }.map(\.element)
            stride *= 2
        }
    }

    var points: [Point] {
        guard let latest, kept.last != latest else { return kept }
        return kept + [latest]
    }

    var isEmpty: Bool { latest == nil }
}
