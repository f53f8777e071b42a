import KalshiCore
import Pricing

/// One OHLC bar in fixed-point dollars. The candle store keeps these; they become `Double`
/// `Candle`s only at the door of the volatility estimator.
public struct PriceCandle: Sendable, Equatable {
    /// Bar open time, epoch ms (venue clock), a multiple of the bar length.
    public var startMs: Int64
    public var open: Money
    public var high: Money
    public var low: Money
    public var close: Money
    /// Price observations folded into the bar (0 for bars that came from a venue's history).
    public var observations: Int

    public init(startMs: Int64, open: Money, high: Money, low: Money, close: Money, observations: Int = 0) {
        self.startMs = startMs
        self.open = open
        self.high = high
        self.low = low
        self.close = close
        self.observations = observations
    }

    /// A bar opened by its first observation.
    public init(startMs: Int64, first price: Money) {
        self.init(startMs: startMs, open: price, high: price, low: price, close: price, observations: 1)
    }

    public mutating func fold(_ price: Money) {
        high = max(high, price)
        low = min(low, price)
        close = price
        observations += 1
    }

    /// The estimator's input type. Volume is not used by any estimator; it carries the observation count.
    public var pricingCandle: Candle {
        func dollars(_ money: Money) -> Double { Double(money.micros) / Double(Money.microsPerDollar) }
        return Candle(
            timestampMs: startMs, open: dollars(open), high: dollars(high), low: dollars(low), close: dollars(close),
            volume: Double(observations))
    }
}
