import KalshiAPI
import KalshiAuth
import Logging
import SignalClient
import SignalFeeds
import TradingEngine

/// The price signals of a live session: the spot (`signals.venue`: Crypto.com, Coinbase or their
/// composite) with Crypto.com's REST candle history (for the volatility), from production, or
/// from a fake venue's root when the exchange is one; and
/// Kalshi's CF Benchmarks index, the settlement basis.
enum LiveSignals {
    static func endpoints(for configuration: LiveConfiguration, environment: KalshiEnvironment) throws(LiveStartupError)
        -> SignalEndpoints
    {
        let endpoint = configuration.signals.endpoint
        if endpoint == "production" { return .production }
        var root = endpoint
        if endpoint == "auto" {
            guard environment != .production && environment != .demo else { return .production }
            root = String(environment.restBaseURL.dropLast(KalshiEnvironment.restPath.count))
        }
        do { return try SignalEndpoints(fakeVenueRoot: root) } catch {
            throw .configuration(LiveConfigurationError(field: "signals.endpoint", problem: error.description))
        }
    }

    /// The reference venue, and Kalshi's settlement index (`cfbenchmarks_value`, over the
    /// exchange's own signed WebSocket) unless `signals.settlement_index` is off.
    static func sources(
        for configuration: LiveConfiguration, endpoints: SignalEndpoints, environment: KalshiEnvironment, signer: RequestSigner,
        logger: Logger
    ) throws(LiveStartupError) -> [any SignalSource] {
        let asset = try signalAsset(configuration.markets.asset)
        var sources: [any SignalSource] = [spot(configuration.signals.venue, asset: asset, endpoints: endpoints, logger: logger)]
        if configuration.signals.settlementIndex {
            sources.append(SignalSources.kalshiIndex(asset: asset, environment: environment, signer: signer, logger: logger))
        }
        return sources
    }

    /// The spot the model prices on: one venue with its candle history, or the composite of
    /// both whose own candles are seeded from Crypto.com's history (loaded once, by the composite).
    static func spot(_ venue: LiveConfiguration.SpotVenue, asset: SignalAsset, endpoints: SignalEndpoints, logger: Logger)
        -> any SignalSource
    {
        switch venue {
        case .cryptocom:
            return SignalSources.cryptoCom(asset: asset, endpoints: endpoints, logger: logger)
        case .coinbase:
            return SignalSources.coinbase(asset: asset, endpoints: endpoints, logger: logger)
        case .composite:
            return CompositeSignalSource(
                asset: asset,
                constituents: [
                    SignalSources.cryptoCom(asset: asset, endpoints: endpoints, loadHistory: false, logger: logger),
                    SignalSources.coinbase(asset: asset, endpoints: endpoints, loadHistory: false, logger: logger),
                ],
                history: SignalSources.cryptoComHistory(asset: asset, endpoints: endpoints))
        }
    }

    static func signalAsset(_ asset: String) throws(LiveStartupError) -> SignalAsset {
        guard let signalAsset = SignalAsset(symbol: asset) else {
            throw .configuration(LiveConfigurationError(field: "markets.asset", problem: "'\(asset)' has no signal feed"))
        }
        return signalAsset
    }
}
