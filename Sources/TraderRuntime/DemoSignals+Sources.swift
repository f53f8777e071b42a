import Logging
import Pricing
import SignalClient
import SignalFeeds

/// Builds the configured venue's signal source, with the configured staleness limit and
/// volatility estimator, window and bar interval.
func makeSignalSource(
    configuration: TradingConfiguration, asset: SignalAsset, endpoints: SignalEndpoints, logger: Logger
) throws -> any SignalSource {
    let interval: CandleInterval
    do { interval = try CandleInterval(parsing: configuration.volatility.interval) } catch {
        throw ConfigurationError(field: "volatility.interval", problem: error.description)
    }
    let volatility = VolatilityService.Configuration(
        estimator: configuration.volatility.estimator, window: configuration.volatility.window, interval: interval)
    let stalenessMs = Int64(configuration.signals.stalenessSeconds * 1_000)
    func cryptoCom() -> CryptoComFeedClient {
        var session = CryptoComSession.Configuration(asset: asset)
        session.pipeline.stalenessLimitMs = stalenessMs
        session.pipeline.volatility = volatility
        return SignalSources.cryptoCom(asset: asset, endpoints: endpoints, configuration: session, logger: logger)
    }
    func coinbase() -> CoinbaseFeedClient {
        var session = CoinbaseSession.Configuration(asset: asset)
        session.pipeline.stalenessLimitMs = stalenessMs
        session.pipeline.volatility = volatility
        return SignalSources.coinbase(asset: asset, endpoints: endpoints, configuration: session, logger: logger)
    }
    switch configuration.signals.venue {
    case "coinbase": return coinbase()
    case "composite": return SignalSources.composite(asset: asset, constituents: [cryptoCom(), coinbase()])
    default: return cryptoCom()
    }
}
