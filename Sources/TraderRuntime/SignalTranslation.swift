import SignalFeeds
import TradingEngine

/// Signal events as engine events, the same in the demo, replays, backtests and live trading.
public enum SignalTranslation {
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
