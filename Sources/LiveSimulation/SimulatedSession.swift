import HeapModule
import KalshiClient
import KalshiCore
import LiveTrading
import Storage
import TradingEngine
import UnixSignals

/// One simulated live session: the live core (`LiveCore`, with `ChaosStrategy`) against the
/// matching exchange (`SimulatedKalshi`) over a simulated network, with crashes and restarts
/// from the journal, clock jumps, manual trades and operator signals, all from one seed, in
/// one thread, without sockets or sleeps. Invariants are checked after every step and at the end.
struct SimulatedSession {
    enum Event {
        /// An input reaches the core of run `run` (dropped if that run crashed), over feed
        /// connection `connection` when it came on the feed (dropped if that connection closed).
        case deliver(LiveInput, run: Int, connection: Int?)
        /// A request reaches the exchange; its answer goes back to run `run` unless `answered` is false.
        case arrive(LiveRequest, answered: Bool, run: Int)
        /// An account read for a reconciliation is served.
        case read(fetchStartedMs: Int64, trigger: String, run: Int)
        /// The start reconciliation's read (with retries) of run `run`.
        case startRead(run: Int, attempt: Int, fetchStartedMs: Int64)
        case tick, flow, second, restart, reconnect(connection: Int)
        /// The market closes and settles (sessions that end by settlement).
        case settle
    }

    struct Scheduled: Comparable {
        var time: Int64
        var order: Int
        var event: Event

        static func < (lhs: Scheduled, rhs: Scheduled) -> Bool { (lhs.time, lhs.order) < (rhs.time, rhs.order) }
        static func == (lhs: Scheduled, rhs: Scheduled) -> Bool { (lhs.time, lhs.order) == (rhs.time, rhs.order) }
    }

    let options: SimulationOptions
    var random: SimulationRandom
    var report: SimulationReport
    var exchange: SimulatedKalshi
    let configuration: LiveConfiguration
    let market: MarketMetadata
    let startMs: Int64 = 1_780_000_000_000
    let prefix: String
    let startingBalance = Money(cents: 100_000)

    var queue = Heap<Scheduled>()
    var scheduled = 0
    var now: Int64
    /// The host clock's error (clock jumps): the core's `now` is the simulated time plus this.
    var clockOffset: Int64 = 0
    /// When the current run (process) started: its monotonic clock counts from there.
    var runStartedMs: Int64 = 0
    var core: LiveCore<ChaosStrategy>?
    var runId = 0
    var connection = 0
    var feedUp = false
    var lastFeedDeliveryMs: Int64 = 0
    var killSwitchEngaged = false
    var finished = false
    enum PendingCrash { case betweenJournalAndSend, anywhere }
    /// A crash drawn and waiting for its moment.
    var pendingCrash: PendingCrash?
    /// The exchange changed in this step (the limits are checked again).
    var exchangeChanged = false

    // The journal, as the store holds it, and what the invariants track.
    var journal: [JournalEntry] = []
    var journaledIntents: Set<String> = []
    var journaledCancels: Set<String> = []
    var journaledAmends: Set<String> = []
    var journaledTrades: Set<String> = []
    var sentCreates: Set<String> = []
    /// Contracts the account traded outside the session: the limits cannot hold against them.
    var manualContracts: Int64 = 0

    // The session's phases: faults (crashes, manual trades) until 75 s before the end, so that a
    // periodic reconciliation (every 30 s) follows the last of them; the strategy goes quiet
    // 50 s before the end; the stop is requested 40 s before; five minutes more at most to finish.
    var endMs: Int64 { startMs + Int64(options.minutes) * 60_000 }
    var faultsEndMs: Int64 { endMs - 75_000 }
    var quietMs: Int64 { endMs - 50_000 }
    var stopMs: Int64 { endMs - 40_000 }
    /// Half the sessions end by settlement instead of a stop: the market closes 45 s before the
    /// end (its terminal exit, 60 s before the close, comes before the faults end) and settles 5 s later.
    let settles: Bool
    var hardEndMs: Int64 { endMs + 300_000 }
    var faultsOn: Bool { now < faultsEndMs }
    var coreNow: Int64 { now + clockOffset }

    init(_ options: SimulationOptions) {
        self.options = options
        var random = SimulationRandom(seed: options.seed)
        self.report = SimulationReport(seed: options.seed)
        self.now = startMs
        settles = random.chance(0.5)
        let endMs = startMs + Int64(options.minutes) * 60_000
        let closeMs = settles ? endMs - 45_000 : endMs + 7_200_000
        market = MarketMetadata(
            ticker: "KXSIM-26DEC0317-T100", eventTicker: "KXSIM-26DEC0317", strikeType: .greater, floorStrike: Money(cents: 10_000),
            openTimeMs: startMs - 3_600_000, closeTimeMs: closeMs)
        exchange = SimulatedKalshi(market: market, balance: startingBalance, random: random.fork())
        var risk = RiskLimits(
            maxInventory: Quantity(contracts: Int(random.int(5...30))), maxInventoryDev: Quantity(contracts: 60),
            minimumBalance: Money(cents: 20_000), maxBalanceDev: Money(cents: 30_000), terminalExitTime: 60,
            reconciliationPeriod: 30, maximumOrderbookStaleness: 30, minimumEdge: Money(cents: 1),
            maxOrderSize: Quantity(contracts: Int(random.int(3...15))), maxOpenOrders: Int(random.int(3...12)), maxOrdersPerSecond: 5)
        risk.terminalExitTime = 60
        var configuration = LiveConfiguration(risk: risk)
        configuration.operations.statusIntervalSeconds = 60
        configuration.operations.orphanOrders = .cancel
        // One simulated market: the session trades it and ends once it settles.
        configuration.markets.roll = false
        self.configuration = configuration
        prefix = "sim\(String(options.seed, radix: 16))"
        self.random = random
    }

    // MARK: Running

    mutating func run() {
        schedule(.restart, at: now)
        schedule(.flow, at: now + 100)
        schedule(.second, at: now + 1_000)
        schedule(.tick, at: now + 1_000)
        if settles { schedule(.settle, at: market.closeTimeMs + 5_000) }
        while !finished, report.violations.isEmpty, let next = queue.popMin() {
            now = next.time
            if now > hardEndMs {
                violation("the session did not finish within five minutes of its stop")
                break
            }
            step(next.event)
            report.steps += 1
            if exchangeChanged {
                exchangeChanged = false
                checkLimits()
            }
        }
        report.simulatedMs = now - startMs
        if report.violations.isEmpty, !finished { violation("the simulation ran out of events before the session finished") }
    }

    mutating func schedule(_ event: Event, at time: Int64) {
        scheduled += 1
        queue.insert(Scheduled(time: time, order: scheduled, event: event))
    }

    mutating func latency() -> Int64 { random.int(2...60) }

    mutating func step(_ event: Event) {
        switch event {
        case .deliver(let input, let target, let via):
            guard target == runId, core != nil, via == nil || (via == connection && feedUp) else { return }
            switch input {
            case .answer(let answer): note("answer \(answer.request.rawValue) \(answer.outcomes)")
            case .fill(let fill): note("fill \(fill.tradeId) \(fill.clientOrderId ?? "-") \(fill.side) \(fill.count) @ \(fill.yesPrice)")
            case .orderUpdate(let view): note("order update \(view)")
            case .account(_, let trigger): note("account read (\(trigger))")
            default: break
            }
            handle(input)
        case .arrive(let request, let answered, let target):
            let (answer, results) = exchange.perform(request, nowMs: now)
            publish(results)
            if answered { schedule(.deliver(.answer(answer), run: target, connection: nil), at: now + latency()) }
        case .read(let fetchStartedMs, let trigger, let target):
            if faultsOn, random.chance(options.readFailure) {
                report.count("account_read_failed")
                schedule(.deliver(.accountFailed("HTTP 503", trigger: trigger), run: target, connection: nil), at: now + latency())
            } else {
                let view = exchange.account(fetchStartedMs: fetchStartedMs)
                schedule(.deliver(.account(view, trigger: trigger), run: target, connection: nil), at: now + latency())
            }
        case .startRead(let target, let attempt, let fetchStartedMs):
            guard target == runId, core != nil else { return }
            if faultsOn, attempt < LiveCore<ChaosStrategy>.startupReadRetry.maxAttempts - 1, random.chance(options.readFailure) {
                report.count("start_read_failed")
                let delay: Int64 = min(60_000, Int64(1_000) << Int64(attempt))
                schedule(.startRead(run: target, attempt: attempt + 1, fetchStartedMs: fetchStartedMs), at: now + delay)
                return
            }
            handle(.account(exchange.account(fetchStartedMs: fetchStartedMs), trigger: "start"))
            connectFeed()
        case .tick:
            schedule(.tick, at: now + 1_000)
            if core != nil {
                handle(.tick(LiveSurroundings(killSwitchFilePresent: false, stopRequested: !settles && now >= stopMs)))
            }
        case .flow:
            schedule(.flow, at: now + random.int(800...2_400))
            publish(exchange.flow(nowMs: now))
        case .second:
            schedule(.second, at: now + 1_000)
            everySecond()
        case .restart:
            start()
        case .settle:
            guard let (results, lifecycle) = exchange.settle(nowMs: now) else { return }
            report.settlements += 1
            publish(results)
            feed(lifecycle, account: false)
        case .reconnect(let closed):
            guard core != nil, !feedUp, closed == connection else { return }
            connectFeed()
        }
    }

    mutating func everySecond() {
        guard faultsOn, core != nil else { return }
        if feedUp, random.chance(options.disconnect) {
            report.count("disconnect")
            feedUp = false
            connection += 1
            handle(.feed(.disconnected(reason: "simulated disconnect")))
            schedule(.reconnect(connection: connection), at: now + random.int(500...8_000))
        }
        if random.chance(options.clockJump) {
            report.count("clock_jump")
            clockOffset += random.chance(0.8) ? random.int(1_000...90_000) : -random.int(100...5_000)
        }
        if random.chance(options.manualTrade) {
            let (results, traded) = exchange.manualTrade(nowMs: now)
            if !traded.isZero { report.count("manual_trade") }
            manualContracts += traded.units
            publish(results)
        }
        if core != nil {
            if killSwitchEngaged, random.chance(0.05) {
                killSwitchEngaged = false
                handle(.operatorSignal(.sigusr2, LiveSurroundings()))
            } else if !killSwitchEngaged, random.chance(options.operatorSignal) {
                report.count("kill_switch")
                killSwitchEngaged = true
                handle(.operatorSignal(.sigusr1, LiveSurroundings()))
            }
        }
    }

    // MARK: The process

    /// The limits the engine enforces: the configured ones, unless a test breaks them on purpose.
    var engineLimits: RiskLimits {
        var limits = configuration.risk
        limits.maxInventory = limits.maxInventory + Quantity(contracts: options.engineLimitSlack)
        limits.maxInventoryDev = limits.maxInventoryDev + Quantity(contracts: options.engineLimitSlack)
        return limits
    }

    /// Starts a run: the engine rebuilt from the journal, then the start reconciliation; the
    /// feed connects once it is done.
    mutating func start() {
        runId += 1
        var engine = TradingEngine(
            strategy: ChaosStrategy(
                seed: random.next(), largestOrder: configuration.risk.maxOrderSize, quietAfterMs: quietMs + clockOffset),
            startingBalance: startingBalance, limits: engineLimits, sessionPrefix: prefix)
        engine.addMarket(market, asset: nil)
        let replay = JournalReplay.restore(journal, into: &engine, nowMs: coreNow)
        if replay.killSwitch, !killSwitchEngaged {
            // The operator's resume reached the process that crashed: it is given again.
            killSwitchEngaged = true
        }
        var started = LiveCore(
            configuration: configuration, sessionName: "sim", runId: Int64(runId), engine: engine,
            bookedTrades: replay.bookedTrades, journaledSettlements: replay.settled, startedMs: coreNow, runtimeDeadlineMs: nil)
        runStartedMs = now
        let (_, fetchStartedMs) = started.beginStartReconciliation(now: coreNow, elapsedMs: 0)
        core = started
        schedule(.startRead(run: runId, attempt: 0, fetchStartedMs: fetchStartedMs), at: now + latency())
    }

    /// One line of the trace, when tracing.
    mutating func note(_ text: @autoclosure () -> String) {
        guard options.trace else { return }
        report.trace.append("\(String(format: "%9.3f", Double(now - startMs) / 1_000)) run \(runId): \(text())")
    }

    mutating func crash() {
        note("CRASH")
        report.crashes += 1
        core = nil
        feedUp = false
        connection += 1
        schedule(.restart, at: now + random.int(1_000...20_000))
    }

    mutating func connectFeed() {
        feedUp = true
        connection += 1
        lastFeedDeliveryMs = now
        handle(.feed(.connected))
        feed(exchange.snapshot(), account: false)
    }

    /// One step of the core, and its actions performed in order.
    mutating func handle(_ input: LiveInput) {
        guard var live = core else { return }
        let actions = live.handle(input, now: coreNow, elapsedMs: now - runStartedMs)
        core = live
        perform(actions)
        if let reason = core?.finished { end(reason) }
    }

    mutating func perform(_ actions: [LiveAction]) {
        var crashAt: Int?
        var crashKind = "crash"
        if faultsOn, pendingCrash == nil, random.chance(options.crash) {
            // Most often between a journal write and the sends after it: such a crash waits for
            // a step that has both.
            pendingCrash = random.chance(0.6) ? .betweenJournalAndSend : .anywhere
        }
        switch pendingCrash {
        case .betweenJournalAndSend:
            if let journaled = actions.firstIndex(where: { if case .journal = $0 { true } else { false } }),
                actions[(journaled + 1)...].contains(where: { if case .send = $0 { true } else { false } })
            {
                crashAt = journaled + 1
                crashKind = "crash_between_journal_and_send"
            } else if !faultsOn {
                pendingCrash = nil
            }
        case .anywhere:
            crashAt = Int(random.int(0...Int64(actions.count)))
        case nil:
            break
        }
        if crashAt != nil { pendingCrash = nil }
        for (index, action) in actions.enumerated() {
            if index == crashAt {
                report.count(crashKind)
                crash()
                return
            }
            switch action {
            case .journal(let records): append(records)
            case .send(let request): send(request)
            case .readAccount(_, let fetchStartedMs, let trigger):
                report.mix("r:\(trigger)")
                schedule(.read(fetchStartedMs: fetchStartedMs, trigger: trigger, run: runId), at: now + latency())
            case .console(let line):
                note("console: \(line)")
            case .log, .summary, .endRun:
                break
            case .discoverNextEvent, .followMarkets, .retireMarkets:
                violation("a session that does not roll asked to: \(action)")
            case .readExchangeStatus:
                // The simulated exchange never pauses.
                schedule(.deliver(.exchangeStatus(tradingActive: true, detail: "simulated"), run: runId, connection: nil), at: now + latency())
            case .readExchangeSchedule:
                // The simulated exchange has no maintenance.
                schedule(.deliver(.exchangeSchedule([]), run: runId, connection: nil), at: now + latency())
            case .refreshBooks, .regrid, .resetOrderGroup, .dropOrderGroup, .readEventFees:
                violation("the simulated market never pauses nor changes its grid or fees: \(action)")
            }
        }
        if crashAt == actions.count {
            report.count("crash")
            crash()
        }
    }

    mutating func end(_ reason: String) {
        guard var live = core else { return }
        let (actions, _) = live.finish(reason, now: coreNow)
        core = live
        for action in actions { if case .journal(let records) = action { append(records) } }
        finished = true
        checkEnd(live, reason: reason)
    }

    // MARK: The network

    /// Sends a request: it may fail on the way, lose its answer, arrive after the client gave
    /// up, or arrive twice.
    mutating func send(_ request: LiveRequest) {
        note("send \(request)")
        checkSend(request)
        report.requests += 1
        report.mix("s:\(request.clientOrderIds.joined(separator: ","))")
        let timeoutMs = configuration.operations.requestTimeoutSeconds * 1_000
        let failed: (String) -> Event = { [runId] reason in
            .deliver(.answer(SimulatedKalshi.failedAnswer(request, reason: reason)), run: runId, connection: nil)
        }
        if faultsOn, random.chance(options.requestFailure) {
            report.count("request_failed")
            schedule(failed(random.chance(0.5) ? "HTTP 503" : "rate limited (429)"), at: now + latency())
            return
        }
        if faultsOn, random.chance(options.lateArrival) {
            report.count("late_arrival")
            schedule(.arrive(request, answered: false, run: runId), at: now + timeoutMs + random.int(1...5_000))
            schedule(failed("timed out"), at: now + timeoutMs)
            return
        }
        let lost = faultsOn && random.chance(options.answerLost)
        schedule(.arrive(request, answered: !lost, run: runId), at: now + latency())
        if lost {
            report.count("answer_lost")
            schedule(failed("timed out"), at: now + timeoutMs)
        }
        if faultsOn, random.chance(options.duplicateRequest) {
            report.count("duplicate_request")
            schedule(.arrive(request, answered: false, run: runId), at: now + latency() + random.int(1...3_000))
        }
    }

    /// What the exchange's changes show on the feed: the account's messages and the book.
    mutating func publish(_ results: [MatchingResult]) {
        guard !results.isEmpty else { return }
        exchangeChanged = true
        for result in results {
            for input in exchange.streams(of: result) {
                if case .fill = input { report.fills += 1 }
                feed(input, account: true)
            }
        }
        feed(exchange.snapshot(), account: false)
    }

    /// One feed message: in order on its connection, except account messages a fault delays.
    mutating func feed(_ input: LiveInput, account: Bool) {
        guard feedUp, core != nil else { return }
        var time = max(lastFeedDeliveryMs, now + random.int(1...40))
        lastFeedDeliveryMs = time
        if account, faultsOn, random.chance(options.reorder) {
            report.count("reordered")
            time += random.int(50...2_000)
        }
        schedule(.deliver(input, run: runId, connection: connection), at: time)
        if case .fill = input, faultsOn, random.chance(options.duplicateFill) {
            report.count("duplicate_fill")
            schedule(.deliver(input, run: runId, connection: connection), at: time + random.int(1...3_000))
        }
    }
}
