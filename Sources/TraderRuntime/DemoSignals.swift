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
}
