import Foundation

/// The synthetic path before the scenario started: the exchange's path begins at the start,
/// but REST candle history (and the volatility a client computes from it) needs hours before
/// it. This walks backwards from the initial price with the same volatility, one value per
/// second, reproducibly from the seed, and joins the live path exactly at the start.
struct SyntheticHistory: Sendable {
    let startSecond: Int64
    let initialPrice: Double
    let volatility: Double
    /// `backward[k]` is the price `k` seconds before the start.
    private var backward: [Double]
    private var random: SplitMix

    init(startSecond: Int64, initialPrice: Double, volatility: Double, seed: UInt64) {
        self.startSecond = startSecond
        self.initialPrice = initialPrice
        self.volatility = volatility
        self.backward = [initialPrice]
        self.random = SplitMix(seed: seed ^ 0x4849_5354_4F52_59)
    }

    /// The value of `second` (< startSecond), extending the walk as needed (capped at two days back).
    mutating func price(second: Int64) -> Double {
        let steps = Int(min(max(0, startSecond - second), 172_800))
        let dt = 1.0 / 31_557_600
        while backward.count <= steps {
            let logReturn = -0.5 * volatility * volatility * dt + volatility * dt.squareRoot() * random.normal()
            backward.append(backward[backward.count - 1] * exp(-logReturn))
        }
        return backward[steps]
    }
}
