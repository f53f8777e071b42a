/// The price path of one asset in a fake-exchange scenario: synthetic (seeded geometric Brownian
/// motion), or recorded (one value per second from a recording) and continued synthetically
/// from its last value after the recording ends, so a scenario that outlives its recording
/// keeps moving.
struct UnderlyingPath: Sendable {
    private(set) var recorded: RecordedPricePath?
    /// The whole path (synthetic scenario) or what follows the recording.
    private var synthetic: SyntheticUnderlying

    init(synthetic: SyntheticUnderlying) {
        self.recorded = nil
        self.synthetic = synthetic
    }

    init(recorded path: RecordedPricePath, fallbackVolatility: Double, seed: UInt64) {
        let volatility = min(3, max(0.05, path.realizedVolatility ?? fallbackVolatility))
        self.recorded = path
        self.synthetic = SyntheticUnderlying(
            parameters: .init(initialPrice: path.values[path.values.count - 1], volatility: volatility, seed: seed),
            startMs: (path.endSecond + 1) * 1_000)
    }

    /// The value of the whole second containing `timeMs`.
    mutating func price(atMs timeMs: Int64) -> Double {
        if let recorded, let price = recorded.price(second: RecordedPricePath.second(of: timeMs)) { return price }
        return synthetic.price(atMs: timeMs)
    }

    /// The 60 one-second values before `closeMs` (Kalshi's settlement window, reference §6.4).
    /// A recording that ends inside the window carries its last value to the close (as a
    /// backtest of it does, `SettlementCalculator`), never invented ones.
    mutating func settlementWindow(closeMs: Int64) -> [Double] {
        let firstSecond = RecordedPricePath.second(of: closeMs) - 60
        if let recorded, recorded.endSecond >= firstSecond, recorded.endSecond < firstSecond + 59 {
            return (firstSecond..<firstSecond + 60).compactMap { recorded.price(second: min($0, recorded.endSecond)) }
        }
        return (1...60).map { price(atMs: closeMs - Int64($0) * 1_000) }.reversed()
    }

    /// What the fake signal feeds need to invent history before the scenario start: the first
    /// price and a volatility (the recording's own, for a recorded path).
    var parameters: SyntheticUnderlying.Parameters {
        guard let recorded else { return synthetic.parameters }
        return .init(initialPrice: recorded.values[0], volatility: synthetic.parameters.volatility, seed: synthetic.parameters.seed)
    }
}
