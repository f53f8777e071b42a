import FakeVenues
import Foundation
import KalshiCore
import SignalClient
import SignalFeeds
import Testing

/// The Crypto.com client against the fake feed over loopback (no internet).
@Suite(.serialized)
struct CryptoComFeedTests {
    @Test func ticksArriveInOrderAndFollowTheScenario() async throws {
        let harness = try await SignalHarness.start()
        defer { Task { await harness.stop() } }
        let client = harness.cryptoCom()
        let log = EventLog()
        try await withSource(client) {
            try #require(
                await waitUntil(client, what: "40 ticks of every kind, 10 of them index or mid in the scenario, and a fresh reading") {
                    event in
                    await log.append(event)
                    let ticks = await log.ticks
                    guard ticks.count >= 40, Set(ticks.map(\.kind)) == Set(SignalTick.Kind.allCases) else { return false }
                    // Wait for what is checked below, not for a count that usually implies it.
                    var inScenario = 0
                    for tick in ticks where tick.kind != .trade {
                        if await harness.scenarioPrice(atMs: tick.exchangeMs) != nil { inScenario += 1 }
                        if inScenario >= 10 {
                            // And the reading fresh as a tick arrives: read later (after the checks
                            // below), or while a starved machine delivers nothing for seconds, it is
                            // rightly stale; a flowing feed must be seen fresh at some tick.
                            return await client.reading()?.isStale == false
                        }
                    }
                    return false
                })
        }
        let ticks = await log.ticks
        #expect(ticks.allSatisfy { $0.asset == .eth && $0.venue == .cryptoCom })
        #expect(zip(ticks, ticks.dropFirst()).allSatisfy { $0.receiveMs <= $1.receiveMs }, "delivered in arrival order")
        for kind in SignalTick.Kind.allCases {
            let times = ticks.filter { $0.kind == kind }.map(\.exchangeMs)
            #expect(zip(times, times.dropFirst()).allSatisfy { $0 <= $1 }, "\(kind) ticks in venue-time order")
        }
        // Index and mid come from the same scenario path the fake Kalshi markets settle on.
        var checked = 0
        for tick in ticks where tick.kind != .trade {
            guard let price = await harness.scenarioPrice(atMs: tick.exchangeMs) else { continue }
            #expect(price == tick.price, "\(tick)")
            checked += 1
        }
        #expect(checked >= 10)
        let counters = await client.counters()
        #expect(counters.malformedFrames == 0 && counters.gaps == 0 && counters.connects == 1)
    }

    @Test func heartbeatsAreAnsweredAcrossThreePeriods() async throws {
        let harness = try await SignalHarness.start {
            // A short period but a generous answer deadline: a loaded machine can take longer than
            // a period to answer, and enforcement has its own test below.
            $0.heartbeatIntervalMs = 300
            $0.heartbeatTimeoutMs = 5_000
        }
        defer { Task { await harness.stop() } }
        let client = harness.cryptoCom()
        let beats = EventLog()
        try await withSource(client) {
            try #require(
                await waitForEvents(client, count: 4, into: beats) {
                    if case .heartbeat = $0 { true } else { false }
                })
        }
        let stats = await harness.feed.stats
        #expect(stats.heartbeatsAnswered >= 3)
        #expect(stats.heartbeatDisconnects == 0)
        let counters = await client.counters()
        #expect(counters.heartbeatsAnswered >= 4)
        #expect(counters.connects == 1 && counters.disconnects == 0, "the connection survived every period")
    }

    @Test func aClientThatDoesNotAnswerIsDisconnected() async throws {
        let harness = try await SignalHarness.start {
            $0.heartbeatIntervalMs = 200
            $0.heartbeatTimeoutMs = 150
        }
        defer { Task { await harness.stop() } }
        let session = MuteHeartbeatsSession(inner: CryptoComSession(configuration: SignalHarness.cryptoComConfiguration()))
        let client = SignalFeedClient(
            session: session, transport: .init(url: harness.endpoints.cryptoComWebSocketURL), logger: SignalHarness.quietLogger)
        let reason = ReasonBox()
        try await withSource(client) {
            try #require(
                await waitUntil(client) { event in
                    guard case .disconnected(_, let text) = event else { return false }
                    await reason.set(text)
                    return true
                })
        }
        let text = await reason.value ?? ""
        #expect(text.contains("heartbeat not answered"), "\(text)")
        #expect(await harness.feed.stats.heartbeatDisconnects >= 1)
    }

    @Test func everythingIsResubscribedAfterAForcedDisconnect() async throws {
        let harness = try await SignalHarness.start()
        defer { Task { await harness.stop() } }
        let client = harness.cryptoCom()
        try await withSource(client) {
            try #require(await waitUntil(client) { if case .tick = $0 { return true } else { return false } })
            await harness.feed.disconnectAll()
            try #require(await waitUntil(client) { if case .disconnected = $0 { return true } else { return false } })
            try #require(
                await waitUntil(client) {
                    if case .subscribed(.cryptoCom, let channels) = $0 { return channels.count == 5 } else { return false }
                })
            // Every channel delivers again on the new connection.
            let kinds = EventLog()
            try #require(
                await waitUntil(client) { event in
                    await kinds.append(event)
                    return Set(await kinds.ticks.map(\.kind)) == Set(SignalTick.Kind.allCases)
                })
        }
        let counters = await client.counters()
        #expect(counters.reconnects == 1 && counters.disconnects == 1)
        let stats = await harness.feed.stats
        #expect(stats.cryptoComConnections == 2)
        #expect(stats.subscribeRequests == 2)
        #expect(stats.earlyRequestsRefused == 0, "the client waited before subscribing, both times")
    }

    @Test func aBookSequenceBreakResyncs() async throws {
        let harness = try await SignalHarness.start()
        defer { Task { await harness.stop() } }
        let client = harness.cryptoCom()
        try await withSource(client) {
            try #require(await waitUntil(client) { _ in await client.state.isBookSynced })
            await harness.feed.breakBookSequence()
            try #require(
                await waitUntil(client) {
                    if case .resync(.cryptoCom, "book.ETH_USD.10", _) = $0 { return true } else { return false }
                })
            // The fresh snapshot arrives and mids flow again.
            try #require(await waitUntil(client) { _ in await client.state.isBookSynced })
            try #require(
                await waitUntil(client) { if case .tick(let tick) = $0 { return tick.kind == .mid } else { return false } })
        }
        let counters = await client.counters()
        #expect(counters.gaps == 1 && counters.resyncs == 1)
        #expect(await harness.feed.stats.bookResubscribes == 1)
        #expect(counters.connects == 1, "a resync re-subscribes the book, it does not reconnect")
    }

    @Test func droppedBookDeltasAreDetectedAndRepaired() async throws {
        let harness = try await SignalHarness.start()
        defer { Task { await harness.stop() } }
        try await harness.feed.setFaults(FaultPlan(parsing: "drop=0.3"))
        let client = harness.cryptoCom()
        let resyncs = EventLog()
        try await withSource(client) {
            try #require(
                await waitForEvents(client, count: 2, into: resyncs) {
                    if case .resync = $0 { true } else { false }
                })
            await harness.feed.setFaults(FaultPlan())
            try #require(await waitUntil(client) { _ in await client.state.isBookSynced })
        }
        #expect(await client.counters().gaps >= 2)
    }

    @Test func stalenessIsFlaggedWhenTheFeedFreezes() async throws {
        let harness = try await SignalHarness.start()
        defer { Task { await harness.stop() } }
        // Long enough that a stall of the loaded machine does not look like a frozen feed.
        let client = harness.cryptoCom { $0.pipeline.stalenessLimitMs = 2_000 }
        try await withSource(client) {
            try #require(await waitUntil(client) { _ in await client.reading()?.isStale == false })
            var frozen = FaultPlan()
            frozen.frozen = true
            await harness.feed.setFaults(frozen)
            try #require(
                await waitUntil(client) {
                    if case .stale(.cryptoCom, .eth, let age) = $0 { return age > 2_000 } else { return false }
                })
            let reading = try #require(await client.reading())
            #expect(reading.isStale && reading.tradablePrice == nil)
            await harness.feed.setFaults(nil)
            try #require(
                await waitUntil(client, what: "a fresh reading after the thaw") { _ in await client.reading()?.isStale == false })
        }
        #expect(await client.counters().disconnects == 0, "frozen data, live connection")
    }

    @Test func anEarlySubscribeIsRefusedThenRetried() async throws {
        // A window long enough that the immediate subscribe lands in it however loaded the
        // machine, and a retry after it.
        let harness = try await SignalHarness.start { $0.earlyRequestWindowMs = 3_000 }
        defer { Task { await harness.stop() } }
        let client = harness.cryptoCom {
            $0.subscribeDelayMs = 0
            $0.retryDelayMs = 3_500
        }
        try await withSource(client) {
            try #require(
                await waitUntil(client) { $0 == .venueError(.cryptoCom, code: 42901, message: "subscribe: TOO_MANY_REQUESTS") })
            try #require(await waitUntil(client) { if case .subscribed = $0 { return true } else { return false } })
            try #require(await waitUntil(client) { if case .tick = $0 { return true } else { return false } })
        }
        #expect(await harness.feed.stats.earlyRequestsRefused == 1)
    }

    @Test func historyFillsTheCandlesAndTheVolatility() async throws {
        let harness = try await SignalHarness.start()
        defer { Task { await harness.stop() } }
        let history = CryptoComCandleHistory(restBaseURL: harness.endpoints.cryptoComRESTBaseURL)
        let candles = try await history.load(instrument: "ETH_USD", minutes: 125)
        #expect(candles.count == 125)
        #expect(zip(candles, candles.dropFirst()).allSatisfy { $1.startMs - $0.startMs == 60_000 }, "consecutive minutes")
        #expect(
            candles.allSatisfy {
                $0.low <= min($0.open, $0.close) && $0.high >= max($0.open, $0.close) && $0.startMs % 60_000 == 0
            })
        let now = harness.venue.exchange.scenarioClock.nowMs()
        #expect(try #require(candles.last).startMs < now - now % 60_000, "the forming minute is left out")
        await #expect(throws: SignalHistoryError.self) { _ = try await history.load(instrument: "DOGE_USD", minutes: 5) }

        let client = harness.cryptoCom(loadHistory: true)
        let estimate = EstimateBox()
        try await withSource(client) {
            try #require(
                await waitUntil(client) { event in
                    guard case .volatility(let value) = event else { return false }
                    await estimate.set(value)
                    return true
                })
        }
        // The scenario's volatility is 0.6; 24 five-minute bars estimate it loosely.
        let sigma = try #require(await estimate.value).sigma
        #expect(sigma > 0.3 && sigma < 0.9, "\(sigma)")
        #expect(await client.candles().count >= 120)
    }
}

actor ReasonBox {
    private(set) var value: String?
    func set(_ text: String) { value = text }
}

actor EstimateBox {
    private(set) var value: VolatilityEstimate?
    func set(_ estimate: VolatilityEstimate) { value = estimate }
}
