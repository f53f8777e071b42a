import Pricing
import Recording
import SignalFeeds

/// The venue sessions a recording's raw records are replayed through. The recording session
/// builds its live sessions here too, from the same header entry, so a replay's sessions start
/// exactly as the recorded ones did (same settings, same command ids).
enum RecordedSessions {
    /// The header entry of a signal session run with `configuration`'s staleness and volatility.
    static func declaration(source: RecordedSource, asset: SignalAsset, configuration: TradingConfiguration)
        -> RecordingHeader.SignalSession
    {
        RecordingHeader.SignalSession(
            source: source.name, asset: asset.symbol, stalenessMs: Int64(configuration.signals.stalenessSeconds * 1_000),
            volatilityEstimator: configuration.volatility.estimator.rawValue, volatilityWindow: configuration.volatility.window,
            volatilityInterval: configuration.volatility.interval)
    }

    static func signalSession(_ declared: RecordingHeader.SignalSession) -> (any SignalSession)? {
        guard let source = RecordedSource(name: declared.source), let asset = SignalAsset(symbol: declared.asset) else {
            return nil
        }
        switch source {
        case .cryptoCom: return cryptoCom(declared, asset: asset)
        case .coinbase:
            var configuration = CoinbaseSession.Configuration(asset: asset)
            configuration.pipeline = pipeline(declared, base: configuration.pipeline)
            return CoinbaseSession(configuration: configuration)
        case .kalshi: return nil
        }
    }

    static func cryptoCom(_ declared: RecordingHeader.SignalSession, asset: SignalAsset) -> CryptoComSession {
        var configuration = CryptoComSession.Configuration(asset: asset)
        configuration.pipeline = pipeline(declared, base: configuration.pipeline)
        return CryptoComSession(configuration: configuration)
    }

    /// The session's pipeline settings from the header (defaults where it says nothing).
    static func pipeline(_ declared: RecordingHeader.SignalSession, base: SignalPipeline.Configuration)
        -> SignalPipeline.Configuration
    {
        var pipeline = base
        if let staleness = declared.stalenessMs { pipeline.stalenessLimitMs = staleness }
        var volatility = pipeline.volatility
        if let name = declared.volatilityEstimator, let estimator = VolatilityEstimator(rawValue: name) {
            volatility.estimator = estimator
        }
        if let window = declared.volatilityWindow { volatility.window = window }
        if let text = declared.volatilityInterval, let interval = try? CandleInterval(parsing: text) {
            volatility.interval = interval
        }
        pipeline.volatility = volatility
        return pipeline
    }

    static func candles(_ recorded: [RecordedCandle]) -> [PriceCandle] {
        recorded.map {
            PriceCandle(
                startMs: $0.startMs, open: $0.open, high: $0.high, low: $0.low, close: $0.close,
                observations: Int($0.observations))
        }
    }

    static func recorded(_ candles: [PriceCandle]) -> [RecordedCandle] {
        candles.map {
            RecordedCandle(
                startMs: $0.startMs, open: $0.open, high: $0.high, low: $0.low, close: $0.close,
                observations: Int32($0.observations))
        }
    }
}
