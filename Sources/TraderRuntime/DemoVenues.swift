import FakeVenues
import Foundation
import KalshiAPI
import KalshiAuth
import KalshiClient
import KalshiCore
import Logging

/// The venues a demo talks to: the fake venues on loopback (offline) or the real ones.
struct DemoVenues: Sendable, CustomStringConvertible {
    let clock: SessionClock
    let kalshi: KalshiEnvironment
    let signer: RequestSigner?
    let rest: KalshiRESTClient
    /// Root URL of the fake venues (signal feeds are derived from it); nil with live data.
    let fakeRoot: String?
    let venue: FakeVenue?

    var description: String { fakeRoot ?? kalshi.restBaseURL }

    static func start(configuration: TradingConfiguration, liveData: Bool, logger: Logger) async throws -> DemoVenues {
        if liveData { return try live(configuration: configuration, logger: logger) }
        // The scenario starts at the top of the current hour and lists the market closing an
        // hour later, so the whole hour plays, through settlement.
        let now = Int64(Date().timeIntervalSince1970 * 1_000)
        let start = now / 3_600_000 * 3_600_000
        let signer = try RequestSigner.withGeneratedKey(keyId: "demo")
        var fake = FakeKalshiConfiguration()
        fake.apiKeys = ["demo": signer.publicKeyPEM]
        fake.assets = [HourlyMarketSeeder.Asset.named(configuration.asset) ?? .eth]
        fake.scenarioStartMs = start
        fake.firstCloseMs = start + 3_600_000
        fake.speed = configuration.speed
        fake.startPaused = true
        fake.rolling = false
        fake.backgroundFlow = true
        fake.startingBalance = configuration.startingBalance
        let venue = try await FakeVenue.start(configuration: fake, logger: logger)
        let environment = try KalshiEnvironment(customURL: venue.baseURL)
        return DemoVenues(
            clock: .scenario(venue.exchange.clock), kalshi: environment, signer: signer,
            rest: KalshiRESTClient(environment: environment, signer: signer, tier: .prestige, logger: logger), fakeRoot: venue.baseURL,
            venue: venue)
    }

    private static func live(configuration: TradingConfiguration, logger: Logger) throws -> DemoVenues {
        let environment: KalshiEnvironment
        do { environment = try KalshiEnvironment(named: configuration.liveData.environment) } catch {
            throw ConfigurationError(field: "live_data.environment", problem: error.description)
        }
        guard let keyId = configuration.liveData.keyId, let keyFile = configuration.liveData.keyFile else {
            throw ConfigurationError(
                field: "live_data.key_id", problem: "--live-data needs a read-only API key: set live_data.key_id and live_data.key_file")
        }
        let signer: RequestSigner
        do { signer = try RequestSigner(keyId: keyId, keyFile: keyFile) } catch {
            throw ConfigurationError(field: "live_data.key_file", problem: error.description)
        }
        return DemoVenues(
            clock: .wall, kalshi: environment, signer: signer,
            rest: KalshiRESTClient(environment: environment, signer: signer, logger: logger), fakeRoot: nil, venue: nil)
    }

    /// Lets scenario time run (offline): called once the clients are connected and subscribed.
    func startClock() {
        venue?.exchange.clock.resume()
    }

    func stop() async {
        await venue?.stop()
    }
}
