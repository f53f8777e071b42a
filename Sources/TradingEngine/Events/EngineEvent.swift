import KalshiCore

/// Everything that can happen to the engine, in one ordered stream. Each event carries its
/// time (`TimedEvent`), so the engine never reads a clock: replaying the same events gives the
/// same decisions, bit for bit.
public enum EngineEvent: Sendable {
    case bookSnapshot(MarketID, yes: [BookLevel], no: [BookLevel])
    case bookDelta(MarketID, BookDelta)
    /// The feed lost track of this book (gap, reconnect): untradable until its next snapshot.
    case bookUntrusted(MarketID)
    case publicTrade(MarketID, yesPrice: Price, count: Quantity, takerSide: BookSide?)
    case spot(SpotObservation)
    /// Annualized realized volatility of an asset, refreshed on every closed candle.
    case volatility(asset: String, sigma: Double)
    case execution(ExecutionReport)
    /// A clock tick: lets strategies act without market data and the risk engine notice staleness.
    case timer
    case settlement(MarketID, result: OutcomeSide, value: Money)
    /// An operator's kill switch (true) or resume (false).
    case killSwitch(Bool)
    /// The exchange paused (true) or resumed (false) trading in a market. After a resume the
    /// book is untradable until its next snapshot.
    case tradingPaused(MarketID, Bool)
}

public struct TimedEvent: Sendable {
    public var timeMs: Int64
    public var event: EngineEvent

    public init(timeMs: Int64, _ event: EngineEvent) {
        self.timeMs = timeMs
        self.event = event
    }
}
