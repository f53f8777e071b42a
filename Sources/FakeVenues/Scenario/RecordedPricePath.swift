import Foundation

/// An asset's price as a recording saw it, one value per second: the value of a second is the
/// last price published at or before its end, carried forward over seconds with no new price
/// (an index that did not tick kept its value). Before the first price the path holds the first
/// value; past the last second it has nothing (`price(second:)` is nil).
public struct RecordedPricePath: Sendable, Equatable {
    public let startSecond: Int64
    public let values: [Double]

    /// Longest path accepted: a month of seconds (about 21 MB).
    public static let maximumSeconds = 31 * 86_400

    public enum BuildError: Error, Equatable, CustomStringConvertible {
        case empty
        case tooLong(seconds: Int64)
        case notPositive(price: Double, timeMs: Int64)

        public var description: String {
            switch self {
            case .empty: "no prices"
            case .tooLong(let seconds):
                "the prices span \(seconds) s, more than the \(RecordedPricePath.maximumSeconds) s a scenario can hold"
            case .notPositive(let price, let timeMs): "price \(price) at \(timeMs) ms is not a positive number"
            }
        }
    }

    /// Builds the path from `(timeMs, price)` observations in any order (ties keep their order).
    public init(observations: [(timeMs: Int64, price: Double)]) throws(BuildError) {
        guard !observations.isEmpty else { throw .empty }
        for observation in observations where !(observation.price > 0 && observation.price.isFinite) {
            throw .notPositive(price: observation.price, timeMs: observation.timeMs)
        }
        let sorted = observations.enumerated().sorted {
            ($0.element.timeMs, $0.offset) < ($1.element.timeMs, $1.offset)
        }.map(\.element)
        let first = RecordedPricePath.second(of: sorted[0].timeMs)
        let last = RecordedPricePath.second(of: sorted[sorted.count - 1].timeMs)
        guard last - first < Int64(RecordedPricePath.maximumSeconds) else { throw .tooLong(seconds: last - first + 1) }
        var values = [Double](repeating: sorted[0].price, count: Int(last - first + 1))
        var next = 0
        var current = sorted[0].price
        for index in values.indices {
            let second = first + Int64(index)
            while next < sorted.count, RecordedPricePath.second(of: sorted[next].timeMs) <= second {
                current = sorted[next].price
                next += 1
            }
            values[index] = current
        }
        self.startSecond = first
        self.values = values
    }

    public init(startSecond: Int64, values: [Double]) {
        self.startSecond = startSecond
        self.values = values
    }

    public var endSecond: Int64 { startSecond + Int64(values.count) - 1 }

    /// The value of a Unix second; the first value before the path starts, nil after it ends.
    public func price(second: Int64) -> Double? {
        guard second <= endSecond else { return nil }
        return values[Int(max(0, second - startSecond))]
    }

    /// The same path `milliseconds` later (a whole number of seconds).
    public func shifted(byMs milliseconds: Int64) -> RecordedPricePath {
        RecordedPricePath(startSecond: startSecond + milliseconds / 1_000, values: values)
    }

    /// Annualized volatility of the path's one-second log returns; nil with fewer than 60 of them.
    public var realizedVolatility: Double? {
        guard values.count > 60 else { return nil }
        var sum = 0.0
        var sumSquares = 0.0
        for index in 1..<values.count {
            let change = log(values[index] / values[index - 1])
            sum += change
            sumSquares += change * change
        }
        let count = Double(values.count - 1)
        let variance = max(0, (sumSquares - sum * sum / count) / (count - 1))
        return (variance * 31_557_600).squareRoot()
    }

    static func second(of timeMs: Int64) -> Int64 {
        timeMs >= 0 ? timeMs / 1_000 : -((-timeMs + 999) / 1_000)
    }
}
