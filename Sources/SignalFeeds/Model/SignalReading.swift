/// The latest price of a source as a strategy should see it: the value and whether it may be
/// traded on. A stale reading is still returned (so it can be displayed), flagged.
public struct SignalReading: Sendable, Equatable {
    public var tick: SignalTick
    /// True when the source has been silent for longer than its staleness limit. Strategies
    /// must not open positions on a stale reading.
    public var isStale: Bool
    /// Milliseconds since the source last delivered market data (any channel), on our clock.
    public var ageMs: Int64

    public init(tick: SignalTick, isStale: Bool, ageMs: Int64) {
        self.tick = tick
        self.isStale = isStale
        self.ageMs = ageMs
    }

    /// The price when it may be traded on, nil when stale.
    public var tradablePrice: SignalTick? { isStale ? nil : tick }
}
