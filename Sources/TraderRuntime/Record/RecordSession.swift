import FakeVenues
import Foundation
import Observability
import KalshiAPI
import KalshiAuth
import KalshiClient
import KalshiCore
import Logging
import Recording
import SignalClient
import SignalFeeds
import TradingEngine

/// `record`: connects to Kalshi (market data) and Crypto.com (signals) — the fake venues
/// in-process by default, or a venue at a URL — and writes everything the sessions are fed to a
/// recording, stamped with the session clock: the REST seeds (markets, initial books), then
/// every WebSocket frame, connect, disconnect and clock tick, the candle history, and the
/// strategy's timer. Blocks are flushed at least once a second, so a crash leaves a valid
/// prefix.
///
/// The strategy runs alongside on simulated execution (paper trading, like the demo, with the
/// same logs), fed from the recorded inputs through the same `ReplayPipeline` a backtest uses:
/// a backtest of the recording with the same configuration makes the same decisions.
public enum RecordSession {
    public struct Result: Sendable {
        public var sessionId: String
        public var recordingPath: String
        public var records: Int
        public var bytes: Int64
        public var summary: SessionSummary
        public var logDirectory: String
    }

    public enum RecordError: Error, CustomStringConvertible {
        case setup(String)
        case recording(RecordingError)

        public var description: String {
            switch self {
            case .setup(let detail): return detail
            case .recording(let error): return error.description
            }
        }
    }

    public static func run(configuration: TradingConfiguration, options: RecordOptions, console: ConsoleReporter) async throws
        -> Result
    {
        // The recording format replays one signal session per venue; a composite (or another
        // venue's) signal would be replaced silently by Crypto.com's, so it is refused instead.
        guard configuration.signals.venue == "cryptocom" else {
            throw ConfigurationError(
                field: "signals.venue",
                problem:
                    "record records the Crypto.com feed only; '\(configuration.signals.venue)' cannot be recorded (use \"cryptocom\")"
            )
        }
        var quiet = Logger(label: "record")
        quiet.logLevel = .critical
        let venues = try await start(configuration: configuration, options: options, logger: quiet)
        return try await SessionServices.ending(with: { await venues.stop() }) {
            try await record(configuration: configuration, options: options, console: console, venues: venues, logger: quiet)
        }
    }

    /// The recording session on started venues (the caller stops them).
    static func record(
        configuration: TradingConfiguration, options: RecordOptions, console: ConsoleReporter, venues: DemoVenues, logger quiet: Logger
    ) async throws -> Result {
        let clock = venues.clock
        guard let asset = SignalAsset(symbol: configuration.asset) else {
            throw ConfigurationError(field: "asset", problem: "'\(configuration.asset)' has no signal feed")
        }
        let sessionId = SessionLog.newSessionId(nowMs: Int64(Date().timeIntervalSince1970 * 1_000))
        let log = try SessionLog(directory: URL(fileURLWithPath: options.logsDirectory).appendingPathComponent(sessionId))

        let events: [HourlyEvent]
        do {
            events = try await MarketDiscovery(client: venues.rest).currentEvents(
                asset: configuration.asset, nowMs: clock.nowMs())
        } catch {
            throw RecordError.setup("market discovery failed: \(error)")
        }
        let markets = events.flatMap(\.markets)
        guard !markets.isEmpty else {
            throw RecordError.setup("no open hourly \(configuration.asset) market at \(venues.description)")
        }
        let subscription = FeedSubscription(channels: ["orderbook_delta", "trade"], marketTickers: markets.map(\.ticker))
        let header = RecordingHeader(
            producer: "record", source: "\(venues.description) \(configuration.asset)", timers: .recorded, timerIntervalMs: 200,
            kalshiSubscriptions: [.init(channels: subscription.channels, marketTickers: subscription.marketTickers)],
            signalSessions: [RecordedSessions.declaration(source: .cryptoCom, asset: asset, configuration: configuration)])
        let writer: RecordingWriter
        do { writer = try RecordingWriter(path: options.outPath, header: header) } catch { throw RecordError.recording(error) }
        console.line(
            "record \(sessionId): \(markets.count) markets of \(events.map(\.eventTicker).joined(separator: ", ")) → \(options.outPath)"
        )

        var recorder = Recorder(
            writer: writer, pipeline: ReplayPipeline(header: header),
            run: BacktestRun(
                variant: ExecutionVariant(
                    queueModel: configuration.execution.queueModel, entryLatencyMs: configuration.execution.entryLatencyMs,
                    acknowledgementLatencyMs: configuration.execution.acknowledgementLatencyMs),
                configuration: configuration, sessionId: sessionId, collects: true, log: log, report: false))
        recorder.run.console = console
        do {
            for (index, market) in markets.enumerated() {
                try recorder.consume(
                    .market(RecordedMarket(id: UInt32(index), asset: configuration.asset, metadata: market)), at: clock.nowMs())
            }
            for (index, market) in markets.enumerated() {
                guard let book = try? await venues.rest.orderbook(market.ticker), let levels = try? book.levels() else {
                    continue
                }
                try recorder.consume(.bookSnapshot(market: UInt32(index), yes: levels.yes, no: levels.no), at: clock.nowMs())
            }
            try writer.flush()
        } catch {
            throw RecordError.recording(error)
        }

        let (items, sink) = AsyncStream<RecordingTap.Item>.makeStream(bufferingPolicy: .unbounded)
        let tap = RecordingTap(sink: sink)
        let clients = try makeClients(
            venues: venues, subscription: subscription, markets: markets, signals: header.signalSessions[0], asset: asset,
            tap: tap,
            logger: quiet)
        let servers = try await ObservabilityServers.start(options.observability, model: nil, logger: quiet)
        for line in servers.announcements { console.line("  \(line)") }
        let observer = servers.observer
        var services = SessionServices()
        services.onEnd { await servers.stop() }
        services.add("kalshi-feed") { await clients.kalshi.run() }
        services.add("signals") { await clients.signals.run() }
        services.tick(every: .milliseconds(200)) { sink.yield(.timer) }
        // The offline scenario waits, paused, until the clients are on their way.
        venues.startClock()

        let wallStart = ContinuousClock.now
        // The CLI bounds the duration; saturate rather than trap for any other caller.
        let deadline = options.durationSeconds.map { wallStart + .milliseconds(Int64(exactly: ($0 * 1_000).rounded()) ?? .max) }
        let settleBy = markets.map(\.closeTimeMs).max()! + configuration.simulatedExchange.settlementDelayMs + 5_000
        var lastFlush = wallStart
        do {
            try await services.run {
                for await item in items {
                    switch item {
                    case .input(let source, let input):
                        try recorder.consume(.sessionInput(source: source, input), at: clock.nowMs())
                        if let metrics = observer.metrics { Self.count(input, from: source, in: metrics) }
                    case .history(let source, let candles):
                        try recorder.consume(.candleHistory(source: source, candles), at: clock.nowMs())
                    case .timer: try recorder.consume(.timer, at: clock.nowMs())
                    }
                    if observer.isActive {
                        observer.step([], state: recorder.run.runner.engine.state, nowMs: clock.nowMs())
                        observer.metrics?.recording(records: writer.recordsWritten, bytes: writer.bytesWritten)
                    }
                    let now = ContinuousClock.now
                    if now - lastFlush >= .seconds(1) {
                        try writer.flush()
                        lastFlush = now
                    }
                    if let wanted = options.stopAfterValuations, recorder.run.valuations >= wanted { break }
                    if let deadline {
                        if now >= deadline { break }
                    } else if recorder.run.runner.engine.state.markets.allSatisfy({ $0.settlement != nil })
                        || clock.nowMs() > settleBy
                    {
                        break
                    }
                }
            }
            try writer.close()
        } catch let error as RecordingError {
            throw RecordError.recording(error)
        }
        let values = recorder.run.finish(lastTimeMs: recorder.lastTimeMs, events: recorder.events, spanMs: recorder.spanMs)
        var summary = SessionSummary(sessionId: sessionId, mode: "record", engine: recorder.run.runner.engine)
        summary.metricsJSON = values.json
        try log.writeSummary(summary)
        console.summarize(summary, logDirectory: log.directory.path)
        return Result(
            sessionId: sessionId, recordingPath: options.outPath, records: writer.recordsWritten, bytes: writer.bytesWritten,
            summary: summary,
            logDirectory: log.directory.path)
    }

    static func count(_ input: SessionInput, from source: RecordedSource, in metrics: TradingMetrics) {
        switch input {
        case .connected: metrics.recorded(source: source.name, kind: "connected", kalshiFrame: nil)
        case .disconnected: metrics.recorded(source: source.name, kind: "disconnected", kalshiFrame: nil)
        case .received(let text): metrics.recorded(source: source.name, kind: "received", kalshiFrame: source == .kalshi ? text : nil)
        case .tick: metrics.recorded(source: source.name, kind: "tick", kalshiFrame: nil)
        }
    }

    /// Stamps, writes and replays each input, in the order the transports fed it.
    struct Recorder {
        let writer: RecordingWriter
        var pipeline: ReplayPipeline
        var run: BacktestRun
        private(set) var lastTimeMs = Int64.min
        private(set) var firstTimeMs: Int64?
        private(set) var events = 0

        init(writer: RecordingWriter, pipeline: ReplayPipeline, run: BacktestRun) {
            self.writer = writer
            self.pipeline = pipeline
            self.run = run
        }

        var spanMs: Int64 { firstTimeMs.map { lastTimeMs - $0 } ?? 0 }

        mutating func consume(_ event: RecordedEvent, at clockMs: Int64) throws(RecordingError) {
            // The recording's time never runs backwards, whatever the clock does.
            let time = max(clockMs, lastTimeMs)
            lastTimeMs = time
            firstTimeMs = firstTimeMs ?? time
            let record = Record(timeMs: time, event)
            try writer.append(record)
            switch pipeline.translate(record) {
            case .none: break
            case .event(let event):
                events += 1
                run.feed(TimedEvent(timeMs: time, event))
            case .events(let list):
                for event in list {
                    events += 1
                    run.feed(TimedEvent(timeMs: time, event))
                }
            case .market(let metadata, let asset): run.runner.addMarket(metadata, asset: asset)
            }
        }
    }

    struct Clients {
        let kalshi: SignalFeedClient<KalshiTapSession>
        let signals: SignalFeedClient<TappedSignalSession<CryptoComSession>>
    }

    static func makeClients(
        venues: DemoVenues, subscription: FeedSubscription, markets: [MarketMetadata],
        signals declared: RecordingHeader.SignalSession,
        asset: SignalAsset, tap: RecordingTap, logger: Logger
    ) throws -> Clients {
        let grids = Dictionary(markets.map { ($0.ticker, $0.priceGrid) }, uniquingKeysWith: { first, _ in first })
        let signer = venues.signer
        let path = venues.kalshi.webSocketPathForSigning
        var transport = SignalFeedClient<KalshiTapSession>.Transport(
            url: venues.kalshi.webSocketURL,
            headers: {
                guard let signer else { return [] }
                return try signer.headers(method: "GET", path: path, timestampMs: SignalClock.nowMs()).fields.map {
                    (name: $0.name, value: $0.value)
                }
            }, autoPingSeconds: 20)
        transport.tickIntervalMs = 1_000
        let kalshi = SignalFeedClient(
            session: KalshiTapSession(
                feed: KalshiFeedSession(subscriptions: [subscription], grids: grids), asset: asset, tap: tap),
            transport: transport, logger: logger)

        let endpoints: SignalEndpoints
        if let root = venues.fakeRoot {
            do { endpoints = try SignalEndpoints(fakeVenueRoot: root) } catch {
                throw RecordError.setup("fake venue URL: \(error)")
            }
        } else {
            endpoints = .production
        }
        let session = RecordedSessions.cryptoCom(declared, asset: asset)
        let loader = CryptoComCandleHistory(restBaseURL: endpoints.cryptoComRESTBaseURL)
        let minutes = session.pipeline.configuration.volatility.minutesNeeded
        let clock = venues.clock
        let signals = SignalFeedClient(
            session: TappedSignalSession(inner: session, source: .cryptoCom, tap: tap),
            transport: .init(url: endpoints.cryptoComWebSocketURL),
            history: { try await loader.load(instrument: asset.cryptoComInstrument, minutes: minutes, nowMs: clock.nowMs()) },
            logger: logger)
        return Clients(kalshi: kalshi, signals: signals)
    }

    /// The in-process fake venues (default), or the exchange at `options.url` on the wall clock.
    static func start(configuration: TradingConfiguration, options: RecordOptions, logger: Logger) async throws -> DemoVenues {
        guard let url = options.url else {
            return try await DemoVenues.start(configuration: configuration, liveData: false, logger: logger)
        }
        let environment: KalshiEnvironment
        do { environment = try KalshiEnvironment(named: url) } catch { throw RecordError.setup("--url: \(error)") }
        var signer: RequestSigner?
        if let keyId = options.keyId ?? configuration.liveData.keyId,
            let keyFile = options.keyFile ?? configuration.liveData.keyFile
        {
            do { signer = try RequestSigner(keyId: keyId, keyFile: keyFile) } catch {
                throw RecordError.setup("API key '\(keyId)': \(error)")
            }
        }
        let named = ["prod", "production", "demo"].contains(url.lowercased())
        if named, signer == nil {
            throw RecordError.setup(
                "Kalshi's WebSocket needs an API key: give --key-id and --key-file (or live_data.key_id and key_file in the config)"
            )
        }
        let root = String(environment.restBaseURL.dropLast(KalshiEnvironment.restPath.count))
        return DemoVenues(
            clock: .wall, kalshi: environment, signer: signer,
            rest: KalshiRESTClient(environment: environment, signer: signer, logger: logger),
            fakeRoot: named ? nil : root, venue: nil)
    }
}
