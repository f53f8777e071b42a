import KalshiAPI
import KalshiAuth
import Logging
import SignalFeeds

public typealias CryptoComFeedClient = SignalFeedClient<CryptoComSession>
public typealias CoinbaseFeedClient = SignalFeedClient<CoinbaseSession>
public typealias KalshiIndexFeedClient = SignalFeedClient<KalshiIndexSession>

/// Ready-made sources: the sessions wired to their transports and history.
public enum SignalSources {
    /// Crypto.com: WebSocket channels plus the REST candle history the volatility needs.
    public static func cryptoCom(
        asset: SignalAsset, endpoints: SignalEndpoints, configuration: CryptoComSession.Configuration? = nil,
        loadHistory: Bool = true,
        logger: Logger = Logger(label: "signal.cryptocom")
    ) -> CryptoComFeedClient {
        let session = CryptoComSession(configuration: configuration ?? CryptoComSession.Configuration(asset: asset))
        let loader = CryptoComCandleHistory(restBaseURL: endpoints.cryptoComRESTBaseURL)
        let minutes = session.pipeline.configuration.volatility.minutesNeeded
        let history: (@Sendable () async throws -> [PriceCandle])? =
            loadHistory ? { @Sendable in try await loader.load(instrument: asset.cryptoComInstrument, minutes: minutes) } : nil
        return CryptoComFeedClient(
            session: session, transport: .init(url: endpoints.cryptoComWebSocketURL), history: history, logger: logger)
    }

    /// Coinbase: no candle history in our reference, so its volatility is seeded from Crypto.com's
    /// (same asset in USD; only the live minutes differ by venue) unless `history` is false.
    public static func coinbase(
        asset: SignalAsset, endpoints: SignalEndpoints, configuration: CoinbaseSession.Configuration? = nil,
        loadHistory: Bool = true,
        logger: Logger = Logger(label: "signal.coinbase")
    ) -> CoinbaseFeedClient {
        let session = CoinbaseSession(configuration: configuration ?? CoinbaseSession.Configuration(asset: asset))
        let loader = CryptoComCandleHistory(restBaseURL: endpoints.cryptoComRESTBaseURL)
        let minutes = session.pipeline.configuration.volatility.minutesNeeded
        let history: (@Sendable () async throws -> [PriceCandle])? =
            loadHistory ? { @Sendable in try await loader.load(instrument: asset.cryptoComInstrument, minutes: minutes) } : nil
        return CoinbaseFeedClient(
            session: session, transport: .init(url: endpoints.coinbaseWebSocketURL), history: history, logger: logger)
    }

    /// Kalshi's `cfbenchmarks_value` (needs an entitled key): the signed handshake, WebSocket pings.
    public static func kalshiIndex(
        asset: SignalAsset, environment: KalshiEnvironment, signer: RequestSigner,
        configuration: KalshiIndexSession.Configuration? = nil,
        logger: Logger = Logger(label: "signal.cfbenchmarks")
    ) -> KalshiIndexFeedClient {
        let session = KalshiIndexSession(configuration: configuration ?? KalshiIndexSession.Configuration(asset: asset))
        let path = environment.webSocketPathForSigning
        let transport = KalshiIndexFeedClient.Transport(
            url: environment.webSocketURL,
            headers: {
                try signer.headers(method: "GET", path: path, timestampMs: SignalClock.nowMs()).fields.map {
                    (name: $0.name, value: $0.value)
                }
            }, autoPingSeconds: 20)
        return KalshiIndexFeedClient(session: session, transport: transport, logger: logger)
    }

    /// Crypto.com's REST candle history as a loader (the only candle history in our reference).
    public static func cryptoComHistory(
        asset: SignalAsset, endpoints: SignalEndpoints, minutes: Int = VolatilityService.Configuration().minutesNeeded
    ) -> @Sendable () async throws -> [PriceCandle] {
        let loader = CryptoComCandleHistory(restBaseURL: endpoints.cryptoComRESTBaseURL)
        return { try await loader.load(instrument: asset.cryptoComInstrument, minutes: minutes) }
    }

    /// The composite of the given venues' sources.
    public static func composite(asset: SignalAsset, constituents: [any SignalSource]) -> CompositeSignalSource {
        CompositeSignalSource(asset: asset, constituents: constituents)
    }
}
