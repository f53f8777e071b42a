import KalshiAPI
import KalshiCore
import TradingEngine

/// Turns what a Kalshi feed delivers (live or replayed) into engine events, by market id. Live trading
/// also takes settlements from the exchange's `market_lifecycle_v2` (`determined`/`settled`);
/// the demo and backtests settle from their simulated exchange instead.
public struct EventTranslator: Sendable {
    public var marketIDs: [String: MarketID]
    public var settlesFromLifecycle: Bool

    public init(marketIDs: [String: MarketID], settlesFromLifecycle: Bool = false) {
        self.marketIDs = marketIDs
        self.settlesFromLifecycle = settlesFromLifecycle
    }

    public func translate(_ event: KalshiFeedEvent) -> [EngineEvent] {
        switch event {
        case .message(.orderbookSnapshot(_, _, let snapshot)):
            guard let id = marketIDs[snapshot.marketTicker] else { return [] }
            return [.bookSnapshot(id, yes: snapshot.yes, no: snapshot.no)]
        case .message(.orderbookDelta(_, _, let update)):
            guard let (id, delta) = bookDelta(update) else { return [] }
            return [.bookDelta(id, delta)]
        case .message(.trade(_, _, let trade)):
            guard let id = marketIDs[trade.marketTicker] else { return [] }
            return [.publicTrade(id, yesPrice: trade.yesPriceDollars, count: trade.countFp, takerSide: trade.resolvedTakerBookSide)]
        case .message(.marketLifecycle(_, let lifecycle)) where settlesFromLifecycle:
            guard lifecycle.eventType == "determined" || lifecycle.eventType == "settled",
                let id = marketIDs[lifecycle.marketTicker],
                let result = lifecycle.result.flatMap(OutcomeSide.init(rawValue:))
            else { return [] }
            return [.settlement(id, result: result, value: result == .yes ? Money(micros: Money.microsPerDollar) : .zero)]
        case .booksUntrusted(let tickers):
            return tickers.compactMap { marketIDs[$0] }.map { .bookUntrusted($0) }
        case .disconnected:
            return marketIDs.values.sorted().map { .bookUntrusted($0) }
        default:
            return []
        }
    }

    /// A book delta's market and change, or nil for a market the session does not trade. The
    /// live order's path takes it without `translate`'s array of events; both read it here so
    /// the two cannot disagree.
    @inlinable
    public func bookDelta(_ update: OrderbookDeltaUpdate) -> (MarketID, BookDelta)? {
        guard let id = marketIDs[update.marketTicker] else { return nil }
        return (id, update.delta)
    }
}
