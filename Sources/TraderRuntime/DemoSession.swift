import FakeVenues
import Foundation
import KalshiAPI
import KalshiAuth
import KalshiClient
import KalshiCore
import Logging
import Observability
import Rainbow
import SignalFeeds
import Strategies
import TradingEngine

/// The demo: the real WebSocket and REST clients feed the engine and the BinaryEdgeStrategy,
/// and orders go to the simulated exchange. Offline (the default) the clients talk to the fake
/// venues started in-process on loopback, whose scenario plays a whole hourly market through
/// settlement at `speed`; with `--live-data` they talk to Kalshi and Crypto.com (paper trading).
public enum DemoSession {
    public enum DemoError: Error, CustomStringConvertible {
        case noMarkets(String)
        case setup(String)

        public var description: String {
            switch self {
            case .noMarkets(let detail): return "no open hourly market to trade: \(detail)"
            case .setup(let detail): return detail
            }
        }
    }

    enum Input: Sendable {
        case feed(KalshiFeedClient.Event)
        case signal(SignalEvent)
        case tick
    }

    public static func run(configuration original: TradingConfiguration, options: DemoOptions, console: ConsoleReporter)
        async throws
        -> SessionSummary
    {
        var configuration = original
        if !options.liveData {
            // The fake market's participants act in wall time while the engine runs on scenario
            // time `speed` times faster; a quiet book is judged on the wall clock the fake lives on.
            configuration.risk.maximumOrderbookStaleness *= configuration.speed
        }
        var quiet = Logger(label: "demo")
        quiet.logLevel = .critical
        let venues = try await DemoVenues.start(configuration: configuration, liveData: options.liveData, logger: quiet)
        return try await SessionServices.ending(with: { await venues.stop() }) {
            try await run(configuration: configuration, options: options, console: console, venues: venues, logger: quiet)
        }
    }

    /// The session on started venues (the caller stops them).
    static func run(
        configuration: TradingConfiguration, options: DemoOptions, console: ConsoleReporter, venues: DemoVenues, logger quiet: Logger
    ) async throws -> SessionSummary {
        let sessionId = SessionLog.newSessionId(nowMs: Int64(Date().timeIntervalSince1970 * 1_000))
        let log = try SessionLog(directory: URL(fileURLWithPath: options.logsDirectory).appendingPathComponent(sessionId))
        console.line(
            "demo \(sessionId): \(options.liveData ? "live data, paper trading" : "offline, fake venues on \(venues.description)")"
        )
        let mode = options.liveData ? "demo-live-data" : "demo"
        let servers = try await ObservabilityServers.start(
            options.observability,
            model: DashboardModel(sessionId: sessionId, mode: mode, startingBalance: configuration.startingBalance), kill: nil,
            logger: quiet)
        for line in servers.announcements { console.line("  \(line)") }
        options.onObserving?(servers)
        return try await SessionServices.ending(with: { await servers.stop() }) {
            try await trade(
                configuration: configuration, options: options, console: console, venues: venues, sessionId: sessionId, log: log,
                observer: servers.observer, logger: quiet)
        }
    }

    /// The session proper, reporting to `observer`.
    static func trade(
        configuration: TradingConfiguration, options: DemoOptions, console: ConsoleReporter, venues: DemoVenues, sessionId: String,
        log: SessionLog, observer: SessionObserver, logger quiet: Logger
    ) async throws -> SessionSummary {
        let clock = venues.clock

        // Markets: the current hourly events of the asset, from the REST API.
        let discovery = MarketDiscovery(client: venues.rest)
        let events: [HourlyEvent]
        do {
            events = try await discovery.currentEvents(asset: configuration.asset, nowMs: clock.nowMs())
        } catch {
            throw DemoError.setup("market discovery failed: \(error)")
        }
        guard !events.isEmpty else { throw DemoError.noMarkets("\(configuration.asset) at \(venues.description)") }

        var engine = TradingEngine(
            strategy: BinaryEdgeStrategy(configuration: configuration.strategyConfiguration),
            startingBalance: configuration.startingBalance, limits: configuration.risk, sessionPrefix: sessionId)
        engine.recording = true
        var runner = SimulationRunner(engine: engine, exchange: SimulatedExchange(configuration: configuration.simulatedExchange))
        var tickers: [String] = []
        var grids: [String: PriceGrid] = [:]
        for event in events {
            for market in event.markets {
                runner.addMarket(market, asset: configuration.asset)
                tickers.append(market.ticker)
                grids[market.ticker] = market.priceGrid
            }
            console.line(
                "  trading \(event.eventTicker): \(event.markets.count) markets, close \(RFC3339.format(ms: event.closeTimeMs))")
        }
        let closeMs = events.map(\.closeTimeMs).max()!
        let translator = EventTranslator(marketIDs: runner.engine.state.marketIDs)

        let feed = KalshiFeedClient(
            environment: venues.kalshi, signer: venues.signer,
            subscriptions: [FeedSubscription(channels: ["orderbook_delta", "trade"], marketTickers: tickers)], grids: grids,
            logger: quiet)
        let signals = try DemoSignals.start(configuration: configuration, venues: venues, logger: quiet)

        let (inputs, sink) = AsyncStream<Input>.makeStream(bufferingPolicy: .unbounded)
        var services = SessionServices()
        services.add("kalshi-feed") { await feed.run() }
        services.add("kalshi-feed-events") { for await event in feed.events { sink.yield(.feed(event)) } }
        services.add("signal-events") { for await event in signals.events { sink.yield(.signal(event)) } }
        services.add("signals") { await signals.run() }
        services.tick(every: .milliseconds(200)) { sink.yield(.tick) }
        // The scenario's hour starts once the books are in and the volatility is known (or after
        // the options' patience, 20 s by default): on a slow machine or network the hour is not
        // spent connecting.
        let patienceMs = Int64(exactly: (max(0, options.clockStartPatienceSeconds) * 1_000).rounded()) ?? 20_000
        let clockStartLatest = ContinuousClock.now + .milliseconds(patienceMs)
        var clockStarted = false

        let wallStart = ContinuousClock.now
        // The CLI bounds the runtime; saturate rather than trap for any other caller.
        let deadline = options.runtimeSeconds.map { wallStart + .milliseconds(Int64(exactly: ($0 * 1_000).rounded()) ?? .max) }
        // The settlement is due at close + delay (scenario time). Give up on it only after a minute
        // of scenario time AND 30 s of wall time past that: at 120× a scenario minute is half a
        // second, which a loaded machine can spend before the settlement's messages are read.
        let settlementDueMs = closeMs + runner.exchange.configuration.settlementDelayMs
        var settlementDueSeen: ContinuousClock.Instant?
        var lastSpot: SpotObservation?
        try await services.run {
            for await input in inputs {
                let now = clock.nowMs()
                switch input {
                case .feed(let event):
                    observer.observe(event, receivedMs: now)
                    for engineEvent in translator.translate(event) { runner.feed(TimedEvent(timeMs: now, engineEvent)) }
                case .signal(let event):
                    // A composite forwards its constituents' events too: only its own move the model.
                    let ownEvent = SignalTranslation.isFrom(event, venue: signals.source.venue)
                    for engineEvent in ownEvent ? SignalTranslation.translate(event, asset: configuration.asset, last: &lastSpot) : [] {
                        runner.feed(TimedEvent(timeMs: now, engineEvent))
                    }
                case .tick:
                    runner.feed(TimedEvent(timeMs: now, .timer))
                    if observer.isActive { observer.observe(book: feed.bookCounters) }
                }
                if observer.takeKillRequest() {
                    console.line("KILL SWITCH engaged from the dashboard: cancelling every order, trading halted".red)
                    runner.feed(TimedEvent(timeMs: now, .killSwitch(true)))
                }
                if !clockStarted, ContinuousClock.now >= clockStartLatest || Self.readyToStart(runner.engine.state, asset: configuration.asset) {
                    clockStarted = true
                    venues.startClock()
                }
                let records = runner.drainRecords()
                log.write(records)
                console.report(records)
                observer.step(records, state: runner.engine.state, nowMs: now)
                let allSettled = runner.engine.state.markets.allSatisfy { $0.settlement != nil }
                if now > settlementDueMs, settlementDueSeen == nil { settlementDueSeen = ContinuousClock.now }
                let waitedForSettlement =
                    now > settlementDueMs + 60_000 && settlementDueSeen.map { ContinuousClock.now - $0 >= .seconds(30) } == true
                if allSettled || waitedForSettlement { break }
                if let deadline, ContinuousClock.now >= deadline {
                    console.line("runtime of \(options.runtimeSeconds!) s reached".yellow)
                    break
                }
            }
        }
        runner.advance(to: clock.nowMs())
        let records = runner.drainRecords()
        log.write(records)
        console.report(records)
        observer.step(records, state: runner.engine.state, nowMs: clock.nowMs())
        let summary = SessionSummary(
            sessionId: sessionId, mode: options.liveData ? "demo-live-data" : "demo", engine: runner.engine)
        try log.writeSummary(summary)
        console.summarize(summary, logDirectory: log.directory.path)
        return summary
    }

    /// Every market's book is tradable and the asset's volatility is known.
    static func readyToStart(_ state: EngineState, asset: String) -> Bool {
        state.asset(asset)?.volatility != nil && state.markets.allSatisfy { $0.book.isTradable }
    }
}
