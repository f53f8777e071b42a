/// SplitMix64 (Steele, Lea, Flood 2014): tiny, seedable, the same on every platform, so jitter,
/// simulations and seeded tests replay exactly. The one seeded generator the modules share.
public struct SplitMixRandom: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1): the top 53 bits as a Double.
    public mutating func unit() -> Double { Double(next() >> 11) / 9_007_199_254_740_992 }
}
