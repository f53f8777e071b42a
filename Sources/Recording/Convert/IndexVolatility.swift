import Pricing

/// Realized volatility from an index's own ticks, for recordings that carry no candles (the
/// Kalshi book + BRTI capture): one-minute bars (UTC minutes) of the ticks, Rogers-Satchell
/// over the last `window` closed bars, annualized (525,960 one-minute bars a year). A new
/// estimate is issued when a tick of a later minute closes a bar and at least `minimumBars`
/// bars are closed: no tick after its time is ever used (no look-ahead).
struct IndexVolatility {
    static let barsPerYear = 365.25 * 24 * 60
    let window: Int
    let minimumBars: Int
    private var forming: Candle?
    private var closed: [Candle] = []

    init(window: Int = 30, minimumBars: Int = 5) {
        self.window = window
        self.minimumBars = max(2, minimumBars)
    }

    /// Adds a tick; returns the new annualized σ when a bar closed and enough bars exist.
    mutating func observe(price: Double, atMs timeMs: Int64) -> Double? {
        let minute = timeMs - ((timeMs % 60_000) + 60_000) % 60_000
        var estimate: Double?
        if var bar = forming, bar.timestampMs == minute {
            bar.high = max(bar.high, price)
            bar.low = min(bar.low, price)
            bar.close = price
            forming = bar
            return nil
        }
        if let done = forming {
            closed.append(done)
            if closed.count > window { closed.removeFirst(closed.count - window) }
            estimate = current()
        }
        forming = Candle(timestampMs: minute, open: price, high: price, low: price, close: price, volume: 0)
        return estimate
    }

    /// Adds a whole bar (a one-minute candle); returns the new σ when enough bars exist.
    mutating func observe(bar: Candle) -> Double? {
        closed.append(bar)
        if closed.count > window { closed.removeFirst(closed.count - window) }
        return current()
    }

    private func current() -> Double? {
        guard closed.count >= minimumBars,
            let variance = try? RealizedVolatility.perBarVariance(of: closed, estimator: .rogersSatchell)
        else { return nil }
        let sigma = (variance * IndexVolatility.barsPerYear).squareRoot()
        return sigma.isFinite ? sigma : nil
    }
}
