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
    case "composite":
        // The model prices on the composite's own median and volatility (see
        // `SignalTranslation.isFrom`), so its candles are seeded from Crypto.com's history.
        var median = SignalPipeline.Configuration(stalenessLimitMs: 1_000, candleKind: .index, priceKinds: [.index])
        median.volatility = volatility
        return CompositeSignalSource(
            asset: asset, constituents: [cryptoCom(), coinbase()], median: CompositeMedian(asset: asset, configuration: median),
            history: SignalSources.cryptoComHistory(asset: asset, endpoints: endpoints, minutes: volatility.minutesNeeded))
    default: return cryptoCom()
    }
}
