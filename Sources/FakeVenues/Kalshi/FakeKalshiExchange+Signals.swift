/// Read access to the scenario's price path for the fake signal feeds (Crypto.com, Coinbase), so
/// their prices are the very path the fake Kalshi markets are listed around and settle on.
extension FakeKalshiExchange {
    /// The underlying's value at scenario time `atMs` (the value of that whole second);
    /// nil when the asset is not part of the scenario.
    public func underlyingPrice(asset: String, atMs: Int64) -> Double? {
        guard underlyings[asset] != nil else { return nil }
        return underlyings[asset]!.price(atMs: atMs)
    }

    /// `count` consecutive one-second values starting at scenario second `fromSecond`, in one
    /// actor hop (a candle needs sixty of them).
    public func underlyingPath(asset: String, fromSecond: Int64, count: Int) -> [Double]? {
        guard underlyings[asset] != nil, count >= 0 else { return nil }
        return (0..<Int64(count)).map { underlyings[asset]!.price(atMs: (fromSecond + $0) * 1_000) }
    }

    /// Parameters of an asset's path (initial price, volatility, seed): what the signal feeds
    /// extend backwards for history before the scenario start.
    public func underlyingParameters(asset: String) -> SyntheticUnderlying.Parameters? { underlyings[asset]?.parameters }

    /// The clock shared by every fake venue of this process.
    public nonisolated var scenarioClock: ScenarioClock { clock }
}
