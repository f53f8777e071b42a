import KalshiCore
import Logging
import SignalClient
import SignalFeeds
import TradingEngine

/// The demo's price signals: the configured venue's feed (Crypto.com, Coinbase or the
/// composite of both) against the fake venues offline or the real venues with live data.
struct DemoSignals: Sendable {
    let source: any SignalSource

    var events: AsyncStream<SignalEvent> { source.events }

    func run() async { await source.run() }

    static func start(configuration: TradingConfiguration, venues: DemoVenues, logger: Logger) throws -> DemoSignals {
        guard let asset = SignalAsset(symbol: configuration.asset) else {
            throw ConfigurationError(field: "asset", problem: "'\(configuration.asset)' has no signal feed")
        }
        let endpoints: SignalEndpoints
        if let root = venues.fakeRoot {
            do { endpoints = try SignalEndpoints(fakeVenueRoot: root) } catch {
                throw ConfigurationError(field: "", problem: "fake venue URL: \(error)")
            }
        } else {
            endpoints = .production
        }
        return DemoSignals(source: try makeSignalSource(configuration: configuration, asset: asset, endpoints: endpoints, logger: logger))
    }

    /// Engine events for a signal event: index prices (or a venue's prices when it has no index)
    /// become spots, staleness marks the last spot stale, and volatility estimates pass through.
    static func translate(_ event: SignalEvent, asset: String, last: inout SpotObservation?) -> [EngineEvent] {
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
