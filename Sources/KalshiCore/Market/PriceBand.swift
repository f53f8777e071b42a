/// One band of a market's price grid: prices from `start` to `end` (inclusive) in steps of `step`.
/// Kalshi sends these as `price_ranges: [{"start","end","step"}]` in dollars.
public struct PriceBand: Hashable, Sendable {
    public let start: Price
    public let end: Price
    public let step: Int64

    public init(start: Price, end: Price, step: Int64) throws(PriceGridError) {
        guard step > 0, step <= Price.ticksPerDollar else { throw .invalidStep(step) }
        guard start < end else { throw .invalidBand(start: start, end: end) }
        guard (end.ticks - start.ticks) % step == 0 else { throw .bandNotMultipleOfStep(start: start, end: end, step: step) }
        self.start = start
        self.end = end
        self.step = step
    }

    /// Parses a `price_ranges` entry given as dollar strings.
    public init(start: String, end: String, step: String) throws(PriceGridError) {
        let bounds: (start: Price, end: Price, step: Price)
        do {
            bounds = (try Price(parsing: start), try Price(parsing: end), try Price(parsing: step))
        } catch {
            throw .invalidNumber(error)
        }
        try self.init(start: bounds.start, end: bounds.end, step: bounds.step.ticks)
    }

    public func contains(_ price: Price) -> Bool {
        price >= start && price <= end && (price.ticks - start.ticks) % step == 0
    }
}
