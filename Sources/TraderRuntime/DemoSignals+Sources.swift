import Logging
import SignalClient
import SignalFeeds

/// Builds the configured venue's signal source.
func makeSignalSource(
    configuration: TradingConfiguration, asset: SignalAsset, endpoints: SignalEndpoints, logger: Logger
) throws -> any SignalSource {
    let session = CryptoComSession(configuration: CryptoComSession.Configuration(asset: asset))
    return SignalFeedClient(session: session, transport: .init(url: endpoints.cryptoComWebSocketURL), logger: logger)
}
