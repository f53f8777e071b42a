import KalshiAPI
import KalshiCore

/// The one source of randomness of a simulated session (KalshiAPI's SplitMix64), with the draws
/// the simulation needs, so a seed replays it.
public struct SimulationRandom: Sendable {
    private var generator: SplitMixRandom

    public init(seed: UInt64) { generator = SplitMixRandom(seed: seed) }

    public mutating func next() -> UInt64 { generator.next() }

    /// Uniform in [0, 1).
    public mutating func uniform() -> Double { Double(next() >> 11) / Double(UInt64(1) << 53) }

    /// True with probability `p`.
    public mutating func chance(_ p: Double) -> Bool { p > 0 && uniform() < p }

    /// Uniform in `range`.
    public mutating func int(_ range: ClosedRange<Int64>) -> Int64 {
        let width = UInt64(range.upperBound - range.lowerBound) &+ 1
        return range.lowerBound + Int64(width == 0 ? next() >> 1 : next() % width)
    }

    public mutating func pick<T>(_ items: [T]) -> T? {
        items.isEmpty ? nil : items[Int(int(0...Int64(items.count - 1)))]
    }

    /// A fresh generator for a component, derived from this one.
    public mutating func fork() -> SimulationRandom { SimulationRandom(seed: next()) }
}
