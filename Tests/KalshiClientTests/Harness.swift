import FakeVenues
import Foundation
import KalshiAPI
import KalshiAuth
import KalshiClient
import KalshiCore
import Logging
import Testing

/// A fake exchange on loopback with two funded accounts and their signed REST clients.
struct Harness {
    let venue: FakeVenue
    let alice: RequestSigner
    let bob: RequestSigner
    let aliceREST: KalshiRESTClient
    let bobREST: KalshiRESTClient
    let environment: KalshiEnvironment

    static func start(
        backgroundFlow: Bool = false, faults: FaultPlan = FaultPlan(), recording: RecordedScenario? = nil,
        useYesPriceByDefault: Bool = false
    ) async throws -> Harness {
        let alice = try RequestSigner.withGeneratedKey(keyId: "alice")
        let bob = try RequestSigner.withGeneratedKey(keyId: "bob")
        var configuration = FakeKalshiConfiguration()
        configuration.apiKeys = ["alice": alice.publicKeyPEM, "bob": bob.publicKeyPEM]
        configuration.startingBalance = Money(cents: 100_000)
        configuration.backgroundFlow = backgroundFlow
        configuration.faults = faults
        configuration.assets = [.eth]
        configuration.recording = recording
        configuration.useYesPriceByDefault = useYesPriceByDefault
        // The listed hour closes 30 minutes from now (a recording keeps its own times): a test
        // running across the real top of the hour would otherwise meet settled markets.
        if recording == nil { configuration.firstCloseMs = Int64(Date().timeIntervalSince1970 * 1_000) + 30 * 60_000 }
        var logger = Logger(label: "test.venue")
        logger.logLevel = .critical
        let venue = try await FakeVenue.start(configuration: configuration, logger: logger)
        let environment = try KalshiEnvironment(customURL: venue.baseURL)
        var clientLogger = Logger(label: "test.client")
        clientLogger.logLevel = .critical
        let retry = RetryPolicy(maxAttempts: 8, baseDelayMs: 5, maxDelayMs: 50)
        return Harness(
            venue: venue, alice: alice, bob: bob,
            aliceREST: KalshiRESTClient(
                environment: environment, signer: alice, tier: .prestige, retry: retry, logger: clientLogger),
            bobREST: KalshiRESTClient(environment: environment, signer: bob, tier: .prestige, retry: retry, logger: clientLogger),
            environment: environment)
    }

    func stop() async { await venue.stop() }

    /// The ETH threshold markets of the listed hour, by strike.
    func thresholdTickers() async -> [String] {
        await venue.exchange.listedTickers.filter { $0.hasPrefix("KXETHD-") }
    }

    func feed(_ signer: RequestSigner?, _ subscriptions: [FeedSubscription]) -> KalshiFeedClient {
        var logger = Logger(label: "test.feed")
        logger.logLevel = .critical
        return KalshiFeedClient(
            environment: environment, signer: signer, subscriptions: subscriptions, grids: [:], logger: logger)
    }

    /// True when the client's book of every ticker equals the exchange's and is tradable.
    func converged(_ feed: KalshiFeedClient, _ tickers: [String]) async -> Bool {
        for ticker in tickers {
            guard let truth = await venue.exchange.engine(ticker)?.snapshot(), let book = feed.book(ticker), book.isTradable
            else { return false }
            let yes = book.levels(.yes).sorted { $0.price < $1.price }
            let no = book.levels(.no).sorted { $0.price < $1.price }
            if yes != truth.yes || no != truth.no { return false }
        }
        return true
    }
}

/// Consumes feed events until `condition` holds, failing the test (naming `what`) once the bound
/// passes: three times `seconds`, and never under 90 s, since a loaded CI machine is slow and a
/// passing test never waits for the bound. Waiting is driven by the feed's own events (each one
/// re-checks the condition), not by sleeps.
@discardableResult
func waitUntil(
    _ feed: KalshiFeedClient, seconds: Double, what: String = "the condition", sourceLocation: SourceLocation = #_sourceLocation,
    _ condition: @escaping @Sendable (KalshiFeedClient.Event) async -> Bool
) async -> Bool {
    await withTaskGroup(of: Bool.self) { group in
        group.addTask {
            for await event in feed.events where await condition(event) { return true }
            return false
        }
        let bound = max(seconds * 3, 90)
        group.addTask {
            try? await Task.sleep(for: .seconds(bound))
            return false
        }
        let result = await group.next() ?? false
        group.cancelAll()
        if !result { Issue.record("gave up waiting for \(what) after \(bound) s", sourceLocation: sourceLocation) }
        return result
    }
}

/// Runs the feed client in the background for the duration of `body`.
func withFeed<T: Sendable>(_ feed: KalshiFeedClient, _ body: () async throws -> T) async rethrows -> T {
    let task = Task { await feed.run() }
    defer { task.cancel() }
    return try await body()
}

extension Price {
    static func cents(_ value: Int) -> Price { try! Price(cents: value) }
}
