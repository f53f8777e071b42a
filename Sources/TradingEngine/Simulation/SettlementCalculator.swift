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
        /// The sixty values' sum does not fit in 64 bits (no real index comes near).
        case valuesTooLarge(closeMs: Int64)
    }

    /// The average over the seconds [close − 60 s, close), each second's value being the last
    /// one published at or before it (seconds before the first value in the window take that
    /// first value). Exact: micro-dollars summed, then divided (floored). Fails when nothing was
    /// published before the close.
    public func settlementValue(closeMs: Int64) -> Result<Money, SettlementError> {
        guard let total = sum(closeMs: closeMs, firstSeconds: Int(windowSeconds)) else {
            let closeSecond = closeMs >= 0 ? closeMs / 1_000 : (closeMs - 999) / 1_000
            let published = observations.first.map { $0.second < closeSecond } ?? false
            return .failure(published ? .valuesTooLarge(closeMs: closeMs) : .noObservation(beforeMs: closeMs))
        }
        return .success(Money(micros: total / windowSeconds))
    }

    /// The sum, in micro-dollars, of the window's first `count` one-second values by the same
    /// rule: the part of the settlement already published when the window is `count` seconds
    /// old. Nil when nothing was published before those seconds ended, or when the values are
    /// so large that their sum would not fit (no real index comes near).
    public func sum(closeMs: Int64, firstSeconds count: Int) -> Int64? {
        let closeSecond = closeMs >= 0 ? closeMs / 1_000 : (closeMs - 999) / 1_000
        guard count >= 0, Int64(count) <= windowSeconds, closeSecond > Int64.min + windowSeconds else { return nil }
        let firstSecond = closeSecond - windowSeconds
        let endSecond = firstSecond + Int64(count)
        // Observations are in second order: only those of seconds before `endSecond` count.
        let usableEnd = observations.firstIndex { $0.second >= endSecond } ?? observations.count
        guard usableEnd > 0 else { return nil }
        var next = 0
        var current = observations[0].value
        while next < usableEnd, observations[next].second <= firstSecond {
            current = observations[next].value
            next += 1
        }
        var total: Int64 = 0
        for second in firstSecond..<endSecond {
            while next < usableEnd, observations[next].second <= second {
                current = observations[next].value
                next += 1
            }
            let (sum, overflow) = total.addingReportingOverflow(current.micros)
            guard !overflow else { return nil }
            total = sum
        }
        return total
    }
}
