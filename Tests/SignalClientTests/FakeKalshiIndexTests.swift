import FakeVenues
import Foundation
import KalshiAPI
import KalshiAuth
import KalshiCore
import Logging
import SignalClient
import SignalFeeds
import Testing

/// The fake exchange's `cfbenchmarks_value` channel: an entitled key gets the scenario's index
/// once a second (the very path its markets settle on); another key is refused with code 9.
struct FakeKalshiIndexTests {
    @Test func anEntitledKeyGetsTheIndexAndAnotherIsRefused() async throws {
        let reader = try RequestSigner.withGeneratedKey(keyId: "reader")
        let other = try RequestSigner.withGeneratedKey(keyId: "other")
        var configuration = FakeKalshiConfiguration()
        configuration.apiKeys = ["reader": reader.publicKeyPEM, "other": other.publicKeyPEM]
        configuration.assets = [.eth]
        configuration.backgroundFlow = false
        configuration.indexReaders = ["reader"]
        configuration.firstCloseMs = Int64(Date().timeIntervalSince1970 * 1_000) + 30 * 60_000
        var logger = Logger(label: "test.index.venue")
        logger.logLevel = .critical
        let venue = try await FakeVenue.start(configuration: configuration, logger: logger)
        defer { Task { await venue.stop() } }
        let environment = try KalshiEnvironment(customURL: venue.baseURL)

        let entitled = SignalSources.kalshiIndex(asset: .eth, environment: environment, signer: reader, logger: SignalHarness.quietLogger)
        let log = EventLog()
        let ticked = await withSource(entitled) {
            await waitUntil(entitled, what: "three index values") { event in
                await log.append(event)
                return await log.ticks.count >= 3
            }
        }
        try #require(ticked)
        let ticks = await log.ticks
        #expect(ticks.allSatisfy { $0.venue == .cfBenchmarks && $0.kind == .index })
        // Each value is the scenario's path at that second, to the cent.
        for tick in ticks {
            let path = try #require(await venue.exchange.underlyingPrice(asset: "ETH", atMs: tick.exchangeMs))
            #expect(abs(Double(tick.price.micros) / 1e6 - path) <= 0.01, "\(tick.price) vs \(path)")
        }
        #expect(Set(ticks.map(\.exchangeMs)).count == ticks.count, "one value a second")

        let refused = SignalSources.kalshiIndex(asset: .eth, environment: environment, signer: other, logger: SignalHarness.quietLogger)
        let sawRefusal = await withSource(refused) {
            await waitUntil(refused, what: "the entitlement refusal") { event in
                if case .venueError(.cfBenchmarks, 9, _) = event { return true }
                return false
            }
        }
        #expect(sawRefusal)
    }
}
