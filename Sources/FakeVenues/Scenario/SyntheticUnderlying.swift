import Foundation
import KalshiCore

/// A reproducible price path for one crypto asset: geometric Brownian motion with occasional
/// jumps, one value per scenario second. The same seed gives the same path, so a test can
/// compute the settlement value the fake exchange will use.
public struct SyntheticUnderlying: Sendable {
    public struct Parameters: Sendable, Equatable {
        public var initialPrice: Double
        /// Annualized volatility of the diffusion part.
        public var volatility: Double
        /// Expected jumps per hour, and the standard deviation of a jump's log size.
        public var jumpsPerHour: Double
        public var jumpSize: Double
        public var seed: UInt64

        public init(initialPrice: Double, volatility: Double = 0.6, jumpsPerHour: Double = 0.5, jumpSize: Double = 0.004, seed: UInt64 = 7) {
            self.initialPrice = initialPrice
            self.volatility = volatility
            self.jumpsPerHour = jumpsPerHour
            self.jumpSize = jumpSize
            self.seed = seed
        }
    }

    public let parameters: Parameters
    public let startSecond: Int64
    /// Price at `startSecond + index`.
    private var path: [Double]
    private var random: SplitMix

    public init(parameters: Parameters, startMs: Int64) {
        self.parameters = parameters
        self.startSecond = startMs / 1_000
        self.path = [parameters.initialPrice]
        self.random = SplitMix(seed: parameters.seed)
    }

    /// The price at a scenario time (the value of its whole second), extending the path as needed.
    public mutating func price(atMs timeMs: Int64) -> Double {
        let index = Int(max(0, timeMs / 1_000 - startSecond))
        while path.count <= index { extend() }
        return path[index]
    }

    private mutating func extend() {
        let dt = 1.0 / 31_557_600
        let sigma = parameters.volatility
        var logReturn = -0.5 * sigma * sigma * dt + sigma * dt.squareRoot() * random.normal()
        if random.uniform() < parameters.jumpsPerHour / 3_600 {
            logReturn += parameters.jumpSize * random.normal()
        }
        path.append(path[path.count - 1] * exp(logReturn))
    }
}

/// SplitMix64 plus the Box-Muller transform: seedable noise for scenarios.
struct SplitMix: Sendable {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in (0, 1).
    mutating func uniform() -> Double { (Double(next() >> 11) + 0.5) / Double(1 << 53) }

    mutating func normal() -> Double {
        (-2 * log(uniform())).squareRoot() * cos(2 * Double.pi * uniform())
    }

    mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(max(1, bound))) }
}
