import Foundation
import KalshiAPI
import KalshiClient
import KalshiCore
import Logging
import Observability
import SignalClient
import Storage
import Strategies
import TradingEngine
import TradingSession

/// Starts a live session: checks everything (`LivePreflight`), opens the journal, rebuilds the
/// engine from it, and runs the session until it ends. Any strategy runs here; the CLI runs
/// `BinaryEdgeStrategy`, the same as the demo.
public enum LiveLauncher {
    public static func run(configuration: LiveConfiguration, overrides: LiveOverrides, console: any LiveOutput) async throws
        -> LiveOutcome
    {
        let configuration = overrides.applied(to: configuration)
        return try await run(
            strategy: BinaryEdgeStrategy(configuration: configuration.strategyConfiguration), configuration: configuration,
            overrides: overrides, console: console)
    }

    /// The session of the `live.tick_to_order` benchmark: `TickToOrderStrategy` on `ticker`.
    /// Started here, in the module that holds the session's code, so that code is specialized
    /// for the strategy as it is for `BinaryEdgeStrategy` in `live`: a strategy type from another
    /// module runs the session's generic code unspecialized (witness tables and runtime metadata
    /// on every step), which is not the path `live` runs.
    public static func runTickToOrderBenchmark(
        ticker: String, configuration: LiveConfiguration, overrides: LiveOverrides, console: any LiveOutput
    ) async throws -> LiveOutcome {
        try await run(
            strategy: TickToOrderStrategy(ticker: ticker), configuration: configuration, overrides: overrides, console: console)
    }

    public static func run<S: Strategy>(
        strategy: S, configuration raw: LiveConfiguration, overrides: LiveOverrides, console: any LiveOutput
    ) async throws -> LiveOutcome {
        let configuration = overrides.applied(to: raw)
        var quiet = Logger(label: "live")
        quiet.logLevel = .critical
        // Contradictions are refused before anything reaches the network; the rest is said once.
        let audit = configurationAudit(configuration)
        if let refusal = audit.refusals.first {
            throw LiveStartupError.configuration(
                LiveConfigurationError(
                    field: refusal.fields.joined(separator: "' / '"), problem: "\(refusal.problem); \(refusal.fix)"))
        }
        for warning in audit.warnings { console.line("warning: \(warning)") }
        // A journal location that cannot be parsed is refused before anything reaches the network.
        let location: JournalLocation
        do { location = try JournalLocation(parsing: configuration.journalLocation) } catch {
            throw LiveStartupError.journal(error)
        }
        // So is an address to serve metrics or the dashboard on that cannot be bound. The
        // dashboard's kill-switch button does what an operator's kill file does: the session
        // engages its switch on its next tick, and it stays engaged until resumed (SIGUSR2).
        let killSwitchPath = configuration.killSwitchPath
        let servers = try await ObservabilityServers.start(
            overrides.observability, model: DashboardModel(sessionId: "starting", mode: "live", startingBalance: .zero),
            kill: { FileManager.default.createFile(atPath: killSwitchPath, contents: Data("dashboard\n".utf8)) }, logger: quiet)
        for line in servers.announcements { console.line(line) }
        return try await SessionServices.ending(with: { await servers.stop() }) {
            try await start(
                strategy: strategy, configuration: configuration, location: location, overrides: overrides, console: console,
                observer: servers.observer, logger: quiet)
        }
    }

    /// The session once its servers are up: checks, journal, replay, then the run.
    static func start<S: Strategy>(
        strategy: S, configuration: LiveConfiguration, location: JournalLocation, overrides: LiveOverrides,
        console: any LiveOutput,
        observer: SessionObserver, logger quiet: Logger
    ) async throws -> LiveOutcome {
        let preflight = try await LivePreflight.check(configuration, logger: quiet)
        let endpoints = try LiveSignals.endpoints(for: configuration, environment: preflight.environment)

        let journal: any JournalStore
        do { journal = try await Journal.open(location, fsync: overrides.journalFsync) } catch {
            throw LiveStartupError.journal(error)
        }
        let startMs = WallClock.nowMs()
        let session: JournalSession
        let entries: [JournalEntry]
        let schema: Int
        do {
            session = try await journal.openSession(
                configuration.journal.session,
                creating: NewSessionParameters(
                    clientPrefix: newClientPrefix(), startingBalance: preflight.balance,
                    environment: preflight.environment.description),
                nowMs: startMs, pid: getpid())
            entries = try await journal.entries(of: session)
            schema = try await journal.schemaVersion()
        } catch {
            await journal.close()
            throw LiveStartupError.journal(error)
        }
        guard session.environment == preflight.environment.description else {
            await journal.close()
            throw LiveStartupError.journal(
                .cannotOpen(
                    location: journal.location,
                    reason:
                        "session '\(session.name)' trades on \(session.environment), not \(preflight.environment); use another journal.session"
                ))
        }

        var engine = TradingEngine(
            strategy: strategy, startingBalance: session.startingBalance, limits: configuration.risk,
            sessionPrefix: session.clientPrefix)
        let asset = configuration.markets.asset
        for market in preflight.markets { engine.addMarket(market, asset: asset) }
        let catalog = MarketCatalog(rest: preflight.rest)
        for ticker in JournalReplay.tickers(in: entries).sorted() where engine.state.id(of: ticker) == nil {
            // A market the exchange no longer lists is left out of the replay (its order ids stay
            // used); one it could not be asked about is doubt: its orders and position would be
            // missing from the session's view of the account, so the start stops.
            do {
                let found = try await catalog.market(ticker)
                engine.addMarket(found.metadata, asset: asset)
            } catch .notFound {
                continue
            } catch .failed(let reason) {
                await journal.close()
                throw LiveStartupError.exchange("market \(ticker), which the journal has records of, could not be read: \(reason)")
            }
        }
        let replay = JournalReplay.restore(entries, into: &engine, nowMs: startMs)

        let logDirectory = URL(fileURLWithPath: configuration.operations.logs)
            .appendingPathComponent(session.name).appendingPathComponent("run-\(session.runId)")
        let log = try SessionLog(directory: logDirectory)
        console.line(
            "live session '\(session.name)' run \(session.runId) on \(preflight.environment) as key \(preflight.signer.keyId)"
        )
        console.line(
            "journal \(journal.location) (schema v\(schema)); client order ids \(session.clientPrefix)-N, next \(engine.state.orders.nextSequence)"
        )
        if !session.isNew {
            console.line(
                "replayed \(replay.orders) order(s), \(replay.fills) fill(s), \(replay.settled.count) settlement(s); \(replay.inDoubt.count) order(s) in doubt"
            )
            if replay.skipped > 0 {
                // Orders and fills of markets the exchange no longer lists (earlier events): not
                // rebuilt (the start reconciliation reads the balance the exchange holds), their
                // client order ids still never reused.
                console.line("\(replay.skipped) journal record(s) of markets the exchange no longer lists were not replayed")
            }
        }
        console.line(
            "trading \(preflight.markets.count) market(s) of \(preflight.markets.first?.eventTicker ?? "-"); balance \(preflight.balance.formatted(decimals: 2)), session start \(session.startingBalance.formatted(decimals: 2))"
        )
        let perShard = preflight.shardBalances.map { shards in
            "; per shard " + shards.map { "\($0.exchangeIndex): \($0.balance.formatted(decimals: 2))" }.joined(separator: ", ")
        }
        console.line(
            "markets on shard \(preflight.shard.map(String.init) ?? "unknown (orders auto-route)")\(perShard ?? ""); rate limits from \(preflight.rateLimits.source): read \(preflight.rateLimits.read.refillPerSecond)/s, write \(preflight.rateLimits.write.refillPerSecond)/s"
        )

        var resumeRecords: [JournalRecord] = []
        if let transfer = preflight.transfer {
            console.line(transfer)
            resumeRecords.append(.risk(RiskEventEntry(kind: "transfer", ticker: nil, detail: transfer)))
        }
        if let shards = preflight.shardBalances {
            let detail = shards.map { "shard \($0.exchangeIndex) \($0.balance.formatted(decimals: 2))" }.joined(separator: ", ")
            resumeRecords.append(.risk(RiskEventEntry(kind: "shard_balances", ticker: nil, detail: detail)))
        }
        // The exchange-side fill limit: an order group on the markets' shard that the exchange
        // triggers (canceling and refusing this run's orders) when more contracts fill within
        // 15 s than the session's own limits let it send (max_order_size × max_orders_per_second
        // × 15): only a runaway, or orders not this program's, can reach it.
        var orderGroupId: String?
        let groupLimit = orderGroupLimit(configuration.risk)
        do {
            orderGroupId = try await preflight.rest.createOrderGroup(contractsLimit: groupLimit, exchangeIndex: preflight.shard)
                .orderGroupId
            let detail = "\(orderGroupId ?? "-"): more than \(groupLimit) contract(s) filled within 15 s cancels every order"
            console.line("order group \(detail)")
            resumeRecords.append(.risk(RiskEventEntry(kind: "order_group", ticker: nil, detail: detail)))
        } catch {
            // A safety net the exchange would not lay: said, journaled, and trading goes on.
            console.line("warning: no order group (\(error)); orders go without the exchange-side fill limit")
            resumeRecords.append(.risk(RiskEventEntry(kind: "order_group", ticker: nil, detail: "not created: \(error)")))
        }
        if replay.killSwitch {
            if overrides.resume {
                engine.restoreKillSwitch(false)
                resumeRecords.append(.risk(RiskEventEntry(kind: "resume", ticker: nil, detail: "--resume at start")))
                console.line("kill switch released by --resume")
            } else {
                console.line("KILL SWITCH still engaged from an earlier run: no orders until resumed (SIGUSR2, or --resume)")
            }
        }
        do { try await journal.append(resumeRecords, timeMs: startMs, session: session) } catch {
            throw LiveStartupError.journal(error)
        }

        let tickers = engine.state.markets.map(\.ticker)
        var shards: [String: Int] = [:]
        for market in engine.state.markets { shards[market.ticker] = market.metadata.exchangeIndex }
        let grids = Dictionary(engine.state.markets.map { ($0.ticker, $0.metadata.priceGrid) }, uniquingKeysWith: { a, _ in a })
        let feed = KalshiFeedClient(
            environment: preflight.environment, signer: preflight.signer,
            subscriptions: [
                FeedSubscription(channels: ["orderbook_delta", "trade"], marketTickers: tickers),
                FeedSubscription(channels: ["fill", "user_orders", "order_group_updates"]),
                FeedSubscription(channels: ["market_lifecycle_v2"]),
            ], grids: grids, logger: quiet)
        let signals = try LiveSignals.sources(
            for: configuration, endpoints: endpoints, environment: preflight.environment, signer: preflight.signer, logger: quiet)

        var core = LiveCore(
            configuration: configuration, sessionName: session.name, runId: session.runId, engine: engine,
            bookedTrades: replay.bookedTrades, journaledSettlements: replay.settled, startedMs: startMs,
            runtimeDeadlineMs: overrides.runtimeSeconds.map { runtimeDeadline(startMs: startMs, seconds: $0) })
        core.orderGroupId = orderGroupId
        observer.identify(
            sessionId: "\(session.name) run \(session.runId)", mode: "live \(preflight.environment)",
            startingBalance: session.startingBalance)
        if let metrics = observer.metrics {
            preflight.rest.observeRequests { timing in
                metrics.restRequest(
                    timing.operation, nanoseconds: timing.nanoseconds, status: timing.status,
                    overOrderConnection: timing.overOrderConnection)
            }
        }
        var runner = LiveRunner(
            core: core,
            venue: LiveVenue(
                rest: preflight.rest, shards: shards,
                restingExpirySeconds: restingExpirySeconds(configuration), orderGroupId: orderGroupId),
            reader: AccountReader(rest: preflight.rest), feed: feed,
            discovery: NextEventDiscovery(rest: preflight.rest, asset: asset), journal: journal,
            journalSession: session, log: log, console: console, trapSignals: overrides.trapSignals,
            stopRequest: overrides.stopRequest, observer: observer)
        // The journal is closed (awaited) once the session and its services have stopped.
        return try await SessionServices.ending(with: { await journal.close() }) {
            try await runner.run(signals: signals)
        }
    }

    /// How long after it is sent a resting order expires at the exchange: the strategy's own
    /// timeout plus the longest a request may go unanswered, so the session cancels first while
    /// it runs, and the exchange does if it stops.
    static func restingExpirySeconds(_ configuration: LiveConfiguration) -> Int64 {
        // The loader bounds both (a day, two minutes); a configuration built in code saturates at a day.
        let timeout =
            Int64(exactly: configuration.strategy.orderTimeoutSeconds.rounded(.up)).map { min(max($0, 0), 86_400) } ?? 86_400
        return timeout + min(max(configuration.operations.requestTimeoutSeconds, 0), 86_400)
    }

    /// The configuration's contradictions, with what is known before the exchange is asked.
    static func configurationAudit(_ configuration: LiveConfiguration) -> ConfigurationAudit {
        var context = ConfigurationAudit.Context()
        context.tier = configuration.operations.rateLimitTier
        context.requestTimeoutSeconds = Double(configuration.operations.requestTimeoutSeconds)
        return ConfigurationAudit(risk: configuration.risk, strategy: configuration.strategyConfiguration, context: context)
    }

    /// max_order_size × max_orders_per_second × 15 s, at least one contract, saturating at a
    /// million contracts.
    static func orderGroupLimit(_ risk: RiskLimits) -> Quantity {
        let perOrder = max(risk.maxOrderSize.units, Quantity(contracts: 1).units)
        let (perSecond, overflow1) = perOrder.multipliedReportingOverflow(by: Int64(max(1, risk.maxOrdersPerSecond)))
        let (window, overflow2) = perSecond.multipliedReportingOverflow(by: 15)
        let cap = Quantity(contracts: 1_000_000).units
        return Quantity(units: overflow1 || overflow2 ? cap : min(window, cap))
    }

    /// The CLI bounds `--runtime` to a year; any other caller's value saturates instead of trapping
    /// (a trap in `live` is a crash with orders resting).
    static func runtimeDeadline(startMs: Int64, seconds: Double) -> Int64 {
        guard let milliseconds = Int64(exactly: (seconds * 1_000).rounded()) else { return .max }
        let (deadline, overflowed) = startMs.addingReportingOverflow(milliseconds)
        return overflowed ? .max : deadline
    }

    /// A client order id prefix unique to the session: `kt` and 8 hex digits.
    static func newClientPrefix() -> String {
        "kt" + String(format: "%08x", UInt32.random(in: 0...UInt32.max))
    }
}
