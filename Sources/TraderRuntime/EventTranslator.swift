import KalshiAPI
import KalshiClient
import KalshiCore
import TradingEngine

/// Turns what the network clients deliver into engine events, by market id.
struct EventTranslator: Sendable {
    var marketIDs: [String: MarketID]

    func translate(_ event: KalshiFeedClient.Event) -> [EngineEvent] {
        switch event {
        case .message(.orderbookSnapshot(_, _, let snapshot)):
            guard let id = marketIDs[snapshot.marketTicker] else { return [] }
            return [.bookSnapshot(id, yes: snapshot.yes, no: snapshot.no)]
        case .message(.orderbookDelta(_, _, let update)):
            guard let id = marketIDs[update.marketTicker] else { return [] }
            return [.bookDelta(id, update.delta)]
        case .message(.trade(_, _, let trade)):
            guard let id = marketIDs[trade.marketTicker] else { return [] }
            return [.publicTrade(id, yesPrice: trade.yesPriceDollars, count: trade.countFp, takerSide: trade.resolvedTakerBookSide)]
        case .booksUntrusted(let tickers):
            return tickers.compactMap { marketIDs[$0] }.map { .bookUntrusted($0) }
        case .disconnected:
            return marketIDs.values.sorted().map { .bookUntrusted($0) }
        default:
            return []
        }
    }
}
