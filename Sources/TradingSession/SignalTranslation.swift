import SignalFeeds
import TradingEngine

/// Signal events as engine events, the same in the demo, replays, backtests and live trading.
public enum SignalTranslation {
    /// Whether an event is the priced venue's own. A composite source forwards its constituents'
    /// events too; only its median, its staleness and its volatility may move the model.
    public static func isFrom(_ event: SignalEvent, venue: SignalVenue) -> Bool {
        switch event {
        case .tick(let tick): tick.venue == venue
        case .stale(let source, _, _), .fresh(let source, _): source == venue
        case .volatility(let estimate): estimate.venue == venue
        default: true
        }
    }

    /// Engine events for a signal event: index prices (or a venue's prices when it has no index)
    /// become spots, staleness marks the last spot stale, and volatility estimates pass through.
    public static func translate(_ event: SignalEvent, asset: String, last: inout SpotObservation?) -> [EngineEvent] {
        switch event {
        case .tick(let tick):
            guard tick.asset.symbol == asset, tick.kind == .index || tick.venue == .coinbase else { return [] }
            let kind: SpotObservation.Kind =
                switch tick.kind {
                case .index: .index
                case .mid: .mid
                case .trade: .trade
                }
            let observation = SpotObservation(
                asset: asset, price: tick.price, kind: kind, venue: tick.venue.rawValue, exchangeTimeMs: tick.exchangeMs)
            last = observation
            return [.spot(observation)]
        case .stale(_, let staleAsset, _):
            guard staleAsset.symbol == asset, var observation = last else { return [] }
            observation.isStale = true
            last = observation
            return [.spot(observation)]
        case .volatility(let estimate):
            guard estimate.asset.symbol == asset else { return [] }
            return [.volatility(asset: asset, sigma: estimate.sigma)]
        default:
            return []
        }
    }
}
