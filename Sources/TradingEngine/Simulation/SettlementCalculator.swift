import KalshiCore

/// Kalshi's crypto settlement value (reference §6.4): the simple average of the 60 one-second
/// index values in the minute before the close. A second with no published value takes the
/// last value published before it; seconds before the first value take that first value; with
/// no value at all before the close the settlement cannot be computed.
public struct SettlementCalculator: Sendable {
    /// (second, value) in arrival order; only the last value of each second counts.
    private var observations: [(second: Int64, value: Money)] = []
    public let windowSeconds: Int64

    public init(windowSeconds: Int64 = 60) { self.windowSeconds = windowSeconds }

    /// Records an index value at `timeMs` (kept for a little over one window).
    public mutating func record(_ value: Money, atMs timeMs: Int64) {
        let second = timeMs >= 0 ? timeMs / 1_000 : (timeMs - 999) / 1_000
        if let last = observations.last, last.second == second {
            observations[observations.count - 1].value = value
        } else if let last = observations.last, second < last.second {
            return  // out of order: the index never goes back in time
        } else {
            observations.append((second, value))
        }
        // Keep two windows of history: enough for any close within the next window.
        let horizon = second - 2 * windowSeconds
        if let first = observations.first, first.second < horizon, observations.count > Int(4 * windowSeconds) {
            observations.removeFirst(observations.firstIndex { $0.second >= horizon } ?? 0)
        }
    }

    public enum SettlementError: Error, Equatable, Sendable {
        case noObservation(beforeMs: Int64)
    }

    /// The average over the seconds [close − 60 s, close), each second's value being the last
    /// one published at or before it (seconds before the first value in the window take that
    /// first value). Exact: micro-dollars summed, then divided (floored). Fails when nothing was
    /// published before the close.
    public func settlementValue(closeMs: Int64) -> Result<Money, SettlementError> {
        let closeSecond = closeMs / 1_000
        let firstSecond = closeSecond - windowSeconds
        let usable = observations.filter { $0.second < closeSecond }
        guard let earliest = usable.first else { return .failure(.noObservation(beforeMs: closeMs)) }
        var current = usable.last { $0.second <= firstSecond }?.value ?? earliest.value
        var next = usable.firstIndex { $0.second > firstSecond } ?? usable.count
        var total: Int64 = 0
        for second in firstSecond..<closeSecond {
            while next < usable.count, usable[next].second <= second {
                current = usable[next].value
                next += 1
            }
            total += current.micros
        }
        return .success(Money(micros: total / windowSeconds))
    }
}
