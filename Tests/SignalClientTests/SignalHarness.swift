import FakeVenues
import Foundation
import KalshiAPI
import KalshiCore
import Logging
import SignalClient
import Testing

@testable import SignalFeeds

/// A fake venue on loopback serving the signal feeds fast: scenario time ×20, a publish step
/// every 50 ms, and request/heartbeat timings tests can wait out quickly.
struct SignalHarness {
    let venue: FakeVenue
    let feed: FakeSignalFeed
    let endpoints: SignalEndpoints

    static func start(_ configure: (inout FakeSignalConfiguration) -> Void = { _ in }) async throws -> SignalHarness {
        var configuration = FakeKalshiConfiguration()
        configuration.assets = [.eth]
        configuration.backgroundFlow = false
        configuration.rolling = false
        configuration.speed = 20
        configuration.signals.publishIntervalMs = 50
        configuration.signals.earlyRequestWindowMs = 100
        configure(&configuration.signals)
        var logger = Logger(label: "test.signals.venue")
        logger.logLevel = .critical
        let venue = try await FakeVenue.start(configuration: configuration, logger: logger)
        let feed = try #require(venue.signals)
        return SignalHarness(venue: venue, feed: feed, endpoints: try SignalEndpoints(fakeVenueRoot: venue.baseURL))
    }

    func stop() async { await venue.stop() }

    static var quietLogger: Logger {
        var logger = Logger(label: "test.signals.client")
        logger.logLevel = .critical
        return logger
    }

    /// Crypto.com client tuned for the harness: subscribes well after the fake's early-request
    /// window (100 ms). The window starts when the server registers the connection, which on a
    /// loaded machine can lag the client's own `connected` by a few hundred milliseconds.
    func cryptoCom(
        loadHistory: Bool = false, _ configure: (inout CryptoComSession.Configuration) -> Void = { _ in }
    ) -> CryptoComFeedClient {
        SignalSources.cryptoCom(
            asset: .eth, endpoints: endpoints, configuration: Self.cryptoComConfiguration(configure), loadHistory: loadHistory,
            logger: Self.quietLogger)
    }

    static func cryptoComConfiguration(_ configure: (inout CryptoComSession.Configuration) -> Void = { _ in })
        -> CryptoComSession.Configuration
    {
        var configuration = CryptoComSession.Configuration(asset: .eth)
        configuration.subscribeDelayMs = 600
        configuration.backoff = ReconnectBackoff(baseMs: 20, capMs: 200)
        configure(&configuration)
        return configuration
    }

    func coinbase(_ configure: (inout CoinbaseSession.Configuration) -> Void = { _ in }) -> CoinbaseFeedClient {
        var configuration = CoinbaseSession.Configuration(asset: .eth)
        configuration.backoff = ReconnectBackoff(baseMs: 20, capMs: 200)
        configure(&configuration)
        return SignalSources.coinbase(
            asset: .eth, endpoints: endpoints, configuration: configuration, loadHistory: false, logger: Self.quietLogger)
    }

    /// The scenario's price at a time, in cents as the fake publishes it; nil before the scenario
    /// started (the feed's history there is its own backward walk, which the exchange does not know).
    func scenarioPrice(atMs ms: Int64) async -> Money? {
        guard ms >= venue.exchange.scenarioClock.startMs / 1_000 * 1_000,
            let dollars = await venue.exchange.underlyingPrice(asset: "ETH", atMs: ms)
        else { return nil }
        return Money(cents: Int64((dollars * 100).rounded()))
    }
}

/// Consumes a source's events until `condition` holds, failing the test after `seconds` and naming
/// `what` it waited for. Waiting is driven by the source's own events (each re-checks the
/// condition), not by sleeps; the bound is generous because a loaded CI machine is slow, and a
/// passing test never waits for it.
@discardableResult
func waitUntil(
    _ source: any SignalSource, seconds: Double = 120, what: String = "the condition",
    sourceLocation: SourceLocation = #_sourceLocation,
    _ condition: @escaping @Sendable (SignalEvent) async -> Bool
) async -> Bool {
    await withTaskGroup(of: Bool.self) { group in
        group.addTask {
            for await event in source.events where await condition(event) { return true }
            return false
        }
        group.addTask {
            try? await Task.sleep(for: .seconds(seconds))
            return false
        }
        let result = await group.next() ?? false
        group.cancelAll()
        if !result { Issue.record("gave up waiting for \(what) after \(seconds) s", sourceLocation: sourceLocation) }
        return result
    }
}

/// Waits until `count` events for which `matches` holds have arrived, collecting them in `log`.
func waitForEvents(
    _ source: any SignalSource, count: Int, into log: EventLog, sourceLocation: SourceLocation = #_sourceLocation,
    _ matches: @escaping @Sendable (SignalEvent) -> Bool
) async -> Bool {
    await waitUntil(source, what: "\(count) matching events", sourceLocation: sourceLocation) { event in
        guard matches(event) else { return false }
        await log.append(event)
        return await log.events.count >= count
    }
}

/// Runs the source in the background for the duration of `body`.
func withSource<T: Sendable>(_ source: any SignalSource, _ body: () async throws -> T) async rethrows -> T {
    let task = Task { await source.run() }
    defer { task.cancel() }
    return try await body()
}

/// Collects events in arrival order while waiting (tests inspect them afterwards).
actor EventLog {
    private(set) var events: [SignalEvent] = []

    func append(_ event: SignalEvent) { events.append(event) }

    var ticks: [SignalTick] {
        events.compactMap {
            if case .tick(let tick) = $0 { return tick }
            return nil
        }
    }

    func count(_ predicate: (SignalEvent) -> Bool) -> Int { events.filter(predicate).count }
}

/// A Crypto.com client that never answers heartbeats, to prove the fake enforces them.
struct MuteHeartbeatsSession: SignalSession {
    var inner: CryptoComSession
    var venue: SignalVenue { inner.venue }
    var asset: SignalAsset { inner.asset }
    var counters: SignalCounters { inner.counters }
    var pipeline: SignalPipeline { inner.pipeline }

    mutating func handle(_ event: SignalSessionEvent) -> [SignalSessionAction] {
        inner.handle(event).filter {
            if case .send(let text) = $0 { return !text.contains("respond-heartbeat") } else { return true }
        }
    }

    mutating func fill(history: [PriceCandle], nowMs: Int64) -> [SignalSessionAction] {
        inner.fill(history: history, nowMs: nowMs)
    }
}

/// A Coinbase client that never subscribes, to prove the fake drops it after its timeout.
struct NeverSubscribesSession: SignalSession {
    var inner: CoinbaseSession
    var venue: SignalVenue { inner.venue }
    var asset: SignalAsset { inner.asset }
    var counters: SignalCounters { inner.counters }
    var pipeline: SignalPipeline { inner.pipeline }

    mutating func handle(_ event: SignalSessionEvent) -> [SignalSessionAction] {
        inner.handle(event).filter { if case .send = $0 { return false } else { return true } }
    }

    mutating func fill(history: [PriceCandle], nowMs: Int64) -> [SignalSessionAction] {
        inner.fill(history: history, nowMs: nowMs)
    }
}

/// Sends fixed request texts once connected (after the fake's early-request window) and reports
/// every error reply as a `venueError`: for testing the fake venue's refusals.
struct ScriptedSession: SignalSession {
    let script: [String]
    var sentAtMs: Int64?
    var connectedAtMs: Int64?
    var venue: SignalVenue { .cryptoCom }
    var asset: SignalAsset { .eth }
    var counters = SignalCounters()
    var pipeline = SignalPipeline(asset: .eth, venue: .cryptoCom)

    init(script: [String]) { self.script = script }

    mutating func handle(_ event: SignalSessionEvent) -> [SignalSessionAction] {
        switch event {
        case .connected(let nowMs):
            connectedAtMs = nowMs
            return [.emit(.connected(.cryptoCom))]
        case .tick(let nowMs):
            guard sentAtMs == nil, let connected = connectedAtMs, nowMs - connected >= 200 else { return [] }
            sentAtMs = nowMs
            return script.map { .send($0) }
        case .received(let text, _):
            guard case .reply(_, _, let code, let message)? = try? CryptoComDecoder.decode(text), code != 0 else { return [] }
            return [.emit(.venueError(.cryptoCom, code: code, message: message ?? ""))]
        case .disconnected(let reason, _):
            return [.emit(.disconnected(.cryptoCom, reason: reason)), .reconnect(afterMs: 1_000)]
        }
    }

    mutating func fill(history: [PriceCandle], nowMs: Int64) -> [SignalSessionAction] { [] }
}
