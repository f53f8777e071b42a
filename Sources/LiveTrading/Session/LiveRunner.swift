import Foundation
import KalshiAPI
import KalshiClient
import KalshiCore
import Observability
import SignalClient
import SignalFeeds
import Storage
import TradingSession
import TradingEngine

/// The live core's I/O: it turns the network, the clock, the kill-switch file and operator
/// signals into one ordered queue of inputs (`SessionInbox`), hands each to the core, and
/// performs the actions the core returns, in order. One task steps at a time: the session's
/// loop, or the WebSocket client's task right after a book frame when nobody else is stepping
/// (no hand-over to another task on the order's path). A journal write that fails ends the run
/// before any later action of the step (so nothing is sent whose intent is not journaled).
/// Account and exchange reads run as child tasks of the session's `requests` service, order
/// requests as tasks of their own that the session cancels and awaits before it returns
/// (`InFlightSends`: one scheduling hop fewer on the order's path); their answers come back as
/// inputs: nothing blocks the core but the journal, and nothing outlives the session.
struct LiveRunner<S: Strategy> {
    var core: LiveCore<S>
    var venue: LiveVenue
    let reader: AccountReader
    let feed: KalshiFeedClient
    /// Where a rolling session looks for its next event.
    let discovery: NextEventDiscovery
    let journal: any JournalStore
    /// The journal as one that writes ahead (SQLite), cast once: a protocol cast is a
    /// conformance lookup, and `perform` needs it on every step.
    lazy var aheadJournal: (any WriteAheadJournal)? = journal as? any WriteAheadJournal
    let journalSession: JournalSession
    let log: SessionLog
    let console: any LiveOutput
    let trapSignals: Bool
    let stopRequest: LiveStopRequest?
    /// Metrics and the dashboard (`SessionObserver.none` when neither is served).
    let observer: SessionObserver
    /// The monotonic clock's origin: the core measures durations on it, not on the wall clock.
    let startedAt = ContinuousClock.now
    /// Requests and reads waiting for the `requests` service, which runs each as a child task.
    let requests = AsyncStream<@Sendable () async -> Void>.makeStream(bufferingPolicy: .unbounded)

    /// Runs `work` beside the core (an exchange read) as a child of the session.
    func spawn(_ work: @escaping @Sendable () async -> Void) { requests.continuation.yield(work) }
    /// Order requests in flight (see `InFlightSends`).
    let sends = InFlightSends()

    var elapsedMs: Int64 {
        let elapsed = ContinuousClock.now - startedAt
        return elapsed.components.seconds * 1_000 + elapsed.components.attoseconds / 1_000_000_000_000_000
    }

    /// Runs until the session ends (settlement, `--runtime`, SIGINT/SIGTERM); returns how. Order
    /// requests still in flight then are cancelled and awaited, however the run ended.
    mutating func run(signals: [any SignalSource]) async throws -> LiveOutcome {
        let outcome: LiveOutcome
        do {
            outcome = try await runSession(signals: signals)
        } catch {
            await sends.cancelAndWait()
            throw error
        }
        await sends.cancelAndWait()
        return outcome
    }

    private mutating func runSession(signals: [any SignalSource]) async throws -> LiveOutcome {
        let feed = self.feed
        let inbox = SessionInbox()
        let killSwitchPath = core.configuration.killSwitchPath
        let stopRequest = self.stopRequest
        let surroundings: @Sendable () -> LiveSurroundings = {
            LiveSurroundings(
                killSwitchFilePresent: FileManager.default.fileExists(atPath: killSwitchPath),
                stopRequested: stopRequest?.isRequested == true)
        }
        // Before the start reconciliation, whose output tells an operator the session is up.
        let signalTask = trapSignals ? await OperatorSignals.start(inbox: inbox, surroundings: surroundings) : nil
        defer { signalTask?.cancel() }
        try await reconcileAtStart(inbox: inbox)
        var services = SessionServices()
        let requests = self.requests.stream
        services.add("requests") {
            // A discarding group keeps nothing of a finished request: a session of days sends
            // hundreds of thousands.
            await withDiscardingTaskGroup { group in
                for await work in requests { group.addTask(operation: work) }
            }
        }
        let observer = self.observer
        // From here on the session is stepped by whoever holds the inbox's turn: its loop, or
        // the WebSocket client's task right after a frame (see `SessionInbox`).
        let shared = Shared(self)
        defer { self = shared.runner }
        feed.forwardEvents(
            to: { event, fromFrame in
                observer.observe(event, receivedMs: WallClock.nowMs())
                let input: LiveInput =
                    switch event {
                    case .message(.fill(_, let fill)): .fill(ExchangeFillView(fill))
                    case .message(.userOrder(_, let message)): .orderUpdate(ExchangeOrderView(message))
                    default: .feed(event)
                    }
                inbox.post(input, wake: !fromFrame)
            },
            afterFrame: { await shared.stepInline(inbox) })
        services.add("kalshi-feed") { await feed.run() }
        for source in signals {
            services.add("signal-\(source.venue)") { await source.run() }
            services.add("signal-\(source.venue)-events") { for await event in source.events { inbox.post(.signal(event)) } }
        }
        services.tick(every: .milliseconds(200)) { inbox.post(.tick(surroundings())) }
        return try await services.run { try await shared.loop(inbox) }
    }

    /// The runner as the session's steppers share it. Only the holder of the inbox's turn
    /// touches it, and one task holds the turn at a time.
    final class Shared: @unchecked Sendable {
        var runner: LiveRunner

        init(_ runner: LiveRunner) { self.runner = runner }

        /// The session's loop: steps inputs while it holds the turn, waits for it otherwise;
        /// returns once a step ends the session (its own or another stepper's), or rethrows the
        /// failure that ended it.
        func loop(_ inbox: SessionInbox) async throws -> LiveOutcome {
            do {
                while true {
                    while let input = inbox.next(byLoop: true) {
                        if let reason = try await runner.step(input, inbox: inbox) {
                            inbox.close(.finished(reason: reason))
                            return await runner.finish(reason)
                        }
                    }
                    if case .closed(let outcome) = await inbox.waitForTurn() {
                        switch outcome {
                        case .finished(let reason): return await runner.finish(reason)
                        case .failed(let error): throw error
                        case nil: return await runner.finish("input stream ended")
                        }
                    }
                }
            } catch {
                inbox.close(.failed(error))
                throw error
            }
        }

        /// After a frame, on the WebSocket client's task: steps what is queued when nobody is
        /// stepping. A step that ends the session closes the inbox; the loop finishes it.
        nonisolated(nonsending) func stepInline(_ inbox: SessionInbox) async {
            guard inbox.tryTakeTurn() else { return }
            while let input = inbox.next(byLoop: false) {
                do {
                    if let reason = try await runner.step(input, inbox: inbox) { inbox.close(.finished(reason: reason)) }
                } catch {
                    inbox.close(.failed(error))
                }
            }
        }
    }

    /// One input through the core, its actions performed in order; the reason when the session
    /// is over. A method of the runner, not of `Shared`: reading the runner's computed
    /// properties through the class copied the whole runner (every field retained and
    /// released) on each step. `nonisolated(nonsending)` (with `perform`, `commit`, `observe`
    /// and `stepInline`): run on the stepper's executor without a hop through the event loop's
    /// queue (see `KalshiFeedClient.received`).
    nonisolated(nonsending) mutating func step(_ input: LiveInput, inbox: SessionInbox) async throws -> String? {
        let arrived = ContinuousClock.now
        let now = WallClock.nowMs()
        TickToOrderProbe.shared.stage(.stepStarted)
        let actions = core.handle(input, now: now, elapsedMs: elapsedMs)
        TickToOrderProbe.shared.stage(.decided)
        try await perform(actions, now: now, inbox: inbox)
        if observer.isActive { await observe(input, actions: actions, arrived: arrived, now: now) }
        return core.finished
    }

    /// The start reconciliation, inline: a transient failure (5xx, 429, no answer) is retried
    /// with backoff rather than ending the run.
    mutating func reconcileAtStart(inbox: SessionInbox) async throws {
        var attempt = 0
        let policy = LiveCore<S>.startupReadRetry
        while true {
            let (tickers, started) = core.beginStartReconciliation(now: WallClock.nowMs(), elapsedMs: elapsedMs)
            let account: ExchangeAccountView
            do {
                account = try await reader.read(tickers: tickers, fetchStartedMs: started)
            } catch {
                guard let delayMs = policy.delayBeforeRetry(after: error, attempt: attempt, safety: .read) else { throw error }
                attempt += 1
                console.line(
                    "reconciliation (start) could not read the exchange: \(error); retry \(attempt) of "
                        + "\(policy.maxAttempts - 1) in \(delayMs) ms")
                try await Task.sleep(for: .milliseconds(delayMs))
                continue
            }
            let now = WallClock.nowMs()
            observer.metrics?.reconciliationRun(trigger: "start")
            let actions = core.handle(.account(account, trigger: "start"), now: now, elapsedMs: elapsedMs)
            try await perform(actions, now: now, inbox: inbox)
            return
        }
    }

    /// Performs a step's actions in order; a journal failure throws before the rest. With a
    /// journal that writes ahead (SQLite), the step's records are written ahead (on the disk,
    /// synced as the journal syncs) before its requests start, and committed after them: the
    /// database transaction is off the order's path, and nothing leaves before its intent is
    /// durable. A write ahead is committed before any later journal call.
    nonisolated(nonsending) mutating func perform(_ actions: [LiveAction], now: Int64, inbox: SessionInbox) async throws {
        var written: JournalAheadWrite?
        var journalNanoseconds: Int64 = 0
        defer { if journalNanoseconds > 0 { observer.metrics?.journalWrite(nanoseconds: journalNanoseconds) } }
        for action in actions {
            switch action {
            case .journal(let records):
                // Only when one is pending: the call alone is an async frame on the order's path.
                if written != nil { try await commit(&written, &journalNanoseconds) }
                let started = ContinuousClock.now
                if let ahead = aheadJournal {
                    written = try ahead.writeAhead(records, timeMs: now, session: journalSession)
                    TickToOrderProbe.shared.stage(.writtenAhead)
                } else {
                    try await journal.append(records, timeMs: now, session: journalSession)
                }
                journalNanoseconds += (ContinuousClock.now - started).saturatingNanoseconds
            case .send(let request):
                let venue = self.venue
                sends.start { inbox.post(.answer(await venue.perform(request))) }
            case .readAccount(let tickers, let fetchStartedMs, let trigger):
                let reader = self.reader
                spawn {
                    do {
                        inbox.post(.account(try await reader.read(tickers: tickers, fetchStartedMs: fetchStartedMs), trigger: trigger))
                    } catch {
                        inbox.post(.accountFailed("\(error)", trigger: trigger))
                    }
                }
            case .log(let records):
                log.write(records)
                console.report(records)
                observer.step(records, state: core.engine.state, nowMs: now)
            case .console(let line):
                console.line(line)
            case .summary(let summary):
                try? log.writeSummary(summary)
                console.summarize(summary, logDirectory: log.directory.path)
            case .endRun(let reason):
                try await commit(&written, &journalNanoseconds)
                try? await journal.endRun(journalSession, nowMs: now, reason: reason)
            case .discoverNextEvent(let afterCloseMs):
                let discovery = self.discovery
                spawn { inbox.post(await discovery.nextEvent(after: afterCloseMs)) }
            case .followMarkets(let markets):
                for market in markets { venue.shards[market.ticker] = market.exchangeIndex }
                let grids = Dictionary(markets.map { ($0.ticker, $0.priceGrid) }, uniquingKeysWith: { first, _ in first })
                feed.subscribe(
                    FeedSubscription(channels: ["orderbook_delta", "trade"], marketTickers: markets.map(\.ticker)), grids: grids)
            case .retireMarkets(let tickers):
                feed.retire(Set(tickers))
            case .readExchangeStatus:
                let rest = venue.rest
                let shards = Set(venue.shards.values)
                spawn {
                    do {
                        let status = try await rest.exchangeStatus()
                        inbox.post(ExchangeTradingState.input(status, shards: shards))
                    } catch {
                        inbox.post(.exchangeStatusFailed("\(error)"))
                    }
                }
            case .readExchangeSchedule:
                let rest = venue.rest
                spawn {
                    do {
                        inbox.post(.exchangeSchedule(try await rest.exchangeSchedule().windows()))
                    } catch {
                        inbox.post(.exchangeScheduleFailed("\(error)"))
                    }
                }
            case .readEventFees(let eventTicker, let read):
                let catalog = MarketCatalog(rest: venue.rest)
                spawn {
                    do {
                        inbox.post(.eventFees(eventTicker: eventTicker, read: read, try await catalog.eventFees(eventTicker)))
                    } catch {
                        inbox.post(.eventFeesFailed(eventTicker: eventTicker, read: read, "\(error)"))
                    }
                }
            case .refreshBooks(let tickers):
                feed.refresh(Set(tickers))
            case .regrid(let ticker, let grid):
                feed.regrid(ticker, grid)
            case .dropOrderGroup:
                venue.orderGroupId = nil
            case .resetOrderGroup(let id):
                let rest = venue.rest
                let console = self.console
                spawn {
                    do { _ = try await rest.resetOrderGroup(id) } catch {
                        console.line("resetting order group \(id) failed (\(error)): the exchange refuses orders in it until it is reset")
                    }
                }
            }
        }
        try await commit(&written, &journalNanoseconds)
    }

    /// Commits a step's write ahead, if one is pending, and adds the time it took.
    private nonisolated(nonsending) mutating func commit(
        _ written: inout JournalAheadWrite?, _ journalNanoseconds: inout Int64
    ) async throws {
        guard let pending = written, let ahead = aheadJournal else { return }
        written = nil
        let started = ContinuousClock.now
        try await ahead.commit(pending)
        journalNanoseconds += (ContinuousClock.now - started).saturatingNanoseconds
    }

    /// Metrics and the dashboard after a step: the state (sampled at most every 200 ms), the
    /// time from a market-data input's arrival to its orders leaving the core, reconciliation
    /// runs, the book synchronizer's counts and the settlement basis on ticks.
    nonisolated(nonsending) func observe(
        _ input: LiveInput, actions: [LiveAction], arrived: ContinuousClock.Instant, now: Int64
    ) async {
        observer.step([], state: core.engine.state, nowMs: now)
        guard let metrics = observer.metrics else { return }
        switch input {
        case .feed, .signal:
            if actions.contains(where: { if case .send = $0 { return true } else { return false } }) {
                metrics.tickToOrder(nanoseconds: (ContinuousClock.now - arrived).saturatingNanoseconds)
            }
        case .account(_, let trigger):
            metrics.reconciliationRun(trigger: trigger)
        case .tick:
            observer.observe(book: feed.bookCounters)
            metrics.observeSignal(
                asset: core.configuration.markets.asset, ageSeconds: nil, basis: core.settlementBasis.basis(nowMs: now))
        default:
            break
        }
    }

    /// The session's last actions, best effort: it is over either way.
    mutating func finish(_ reason: String) async -> LiveOutcome {
        let now = WallClock.nowMs()
        let (actions, outcome) = core.finish(reason, now: now)
        // What these actions would answer comes too late to be stepped.
        let unused = SessionInbox()
        unused.close(nil)
        for action in actions {
            do { try await perform([action], now: now, inbox: unused) } catch {
                console.line("could not journal the session's end: \(error)")
            }
        }
        return outcome
    }
}
