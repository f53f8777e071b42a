import KalshiAPI
import KalshiClient
import KalshiCore
import SignalFeeds
import Storage
import TradingSession
import TradingEngine

/// The live session's logic as a state machine without I/O: `handle(input, now, elapsedMs)` returns the
/// actions to perform (journal, send, read the account, log, console, finish), and a runner
/// performs them in order (`LiveRunner` over the network, `LiveSimulation` in memory). It owns
/// the engine and consumes one ordered stream of inputs: market data, our fills and order
/// updates, signals, venue answers, reconciliation reads, the clock and operator signals. Each
/// input is one step: the engine decides, then the step's facts and order intents are journaled
/// in one `.journal` action that precedes the step's `.send`s.
public struct LiveCore<S: Strategy>: Sendable {
    struct Shutdown: Sendable {
        var reason: String
        var deadlineElapsedMs: Int64
        var reconciled = false
    }

    public let configuration: LiveConfiguration
    public let sessionName: String
    public let runId: Int64
    var translator: EventTranslator
    public internal(set) var engine: TradingEngine<S>

    // Requests in flight, per client order id.
    var inFlight: [String: Int] = [:]
    /// When each order's last request left, per client order id; pruned at each reconciliation
    /// (`pruneRequestTimes`), so a session of days does not grow it without end.
    var lastRequest: [String: RequestTime] = [:]
    /// Cancels asked for before the order's id was known: sent once it is.
    var cancelsAwaitingId: Set<String> = []
    public internal(set) var ordersSent = 0

    // Fills: trade id → market of every booked fill (journaled), and fills not yet attributable.
    var bookedTrades: [String: String]
    var unattributedFills: [String: ExchangeFillView] = [:]
    public internal(set) var fillsBooked = 0
    public internal(set) var duplicateFills = 0
    var journaledSettlements: Set<String>
    /// `engine.settlementsBooked` when `newSettlementRecords` last scanned the markets.
    var settlementsScanned = -1

    // Reconciliation.
    public internal(set) var reconciling = false
    var queuedReconciliation: String?
    var reconcileSoonAtMs: Int64?
    var lastReconcileMs: Int64 = 0
    var readStartedElapsedMs: Int64 = 0
    public internal(set) var reconciliations = 0
    /// Cash per shard at the last reconciliation that read it (journaled when it changes).
    public internal(set) var shardBalances: [Int: Money]?
    public internal(set) var corrections = 0

    // Feeds.
    var feedConnected = false
    var feedWasDisconnected = false
    var signalsConnected = false
    var lastSpot: SpotObservation?
    /// Which price the model runs on, and the basis between the settlement index and the reference.
    var settlementBasis = SettlementBasis()
    var indexRefusalSaid = false

    // Rolling from event to event (`markets.roll`).
    var discoveringNextEvent = false
    var nextDiscoveryMs: Int64 = 0
    var discoveryMisses = 0
    /// Markets whose settlement a reconciliation saw on the exchange's list.
    var exchangeSettledTickers: Set<String> = []
    /// Markets that are over (settled here and there, flat, nothing active): no longer followed
    /// on the feed nor read by reconciliations, whose cost would otherwise grow with every event.
    public internal(set) var retiredTickers: Set<String> = []
    var overdueSettlements: Set<String> = []
    /// Events added after the start.
    public internal(set) var eventsRolled = 0

    // Trading pauses: the exchange's (`GET /exchange/status`) and each market's (lifecycle).
    public internal(set) var exchangeTradingActive = true
    var pausedByLifecycle: Set<String> = []
    var readingExchangeStatus = false
    var lastExchangeStatusMs: Int64?
    var exchangeStatusFailures = 0
    // Scheduled maintenance (`GET /exchange/schedule`), and events whose fees are being re-read.
    public internal(set) var maintenanceWindows: [MaintenanceWindow] = []
    public internal(set) var inMaintenance = false
    var readingSchedule = false
    var lastScheduleReadMs: Int64?
    var scheduleFailures = 0
    public internal(set) var feesInDoubt: Set<String> = []
    /// The latest fee read asked for each event: an older read's answer may predate a newer change.
    var latestFeeRead: [String: Int] = [:]
    var feeReads = 0
    var eventFeesRetryAtMs: [String: Int64] = [:]

    /// The session's order group at the exchange, and whether the exchange triggered it.
    public var orderGroupId: String?
    var orderGroupTriggered = false

    // Operations.
    let startedMs: Int64
    let runtimeDeadlineMs: Int64?
    var terminalExited: Set<String> = []
    var lastStatusMs: Int64 = 0
    var shutdown: Shutdown?
    /// Why the session is over, once it is: the runner then calls `finish`.
    public internal(set) var finished: String?

    /// The monotonic clock at the step being handled (milliseconds since the process started):
    /// durations that a jump of the host clock must not shorten are measured on it.
    public internal(set) var elapsedMs: Int64 = 0

    /// The actions of the step being handled.
    var actions: [LiveAction] = []

    /// A core over an engine already restored from the journal (`JournalReplay`).
    public init(
        configuration: LiveConfiguration, sessionName: String, runId: Int64, engine: TradingEngine<S>,
        bookedTrades: [String: String], journaledSettlements: Set<String>, startedMs: Int64, runtimeDeadlineMs: Int64?
    ) {
        self.configuration = configuration
        self.sessionName = sessionName
        self.runId = runId
        self.translator = EventTranslator(marketIDs: engine.state.marketIDs, settlesFromLifecycle: true)
        self.engine = engine
        self.bookedTrades = bookedTrades
        self.journaledSettlements = journaledSettlements
        self.startedMs = startedMs
        self.runtimeDeadlineMs = runtimeDeadlineMs
    }

    /// One step: what the input means for the engine and the session, and what to do about it.
    /// `now` is the host's wall clock (exchange times, closes, deadlines); `elapsedMs` the
    /// process's monotonic clock.
    public mutating func handle(_ input: LiveInput, now: Int64, elapsedMs: Int64) -> [LiveAction] {
        actions = []
        self.elapsedMs = max(self.elapsedMs, elapsedMs)
        switch input {
        case .feed(let event): onFeed(event, now)
        case .fill(let view):
            var records: [JournalRecord] = []
            var commands: [VenueCommand] = []
            book(view, source: "ws", now, &records, &commands)
            commit(records, commands, now)
        case .orderUpdate(let view):
            let (reports, commands) = engine.applyExchangeOrder(view, settled: false, nowMs: now)
            commit(reports.compactMap(JournalMapping.report), commands, now)
        case .signal(let event): onSignal(event, now)
        case .tick(let surroundings): onTick(surroundings, now)
        case .answer(let answer): onAnswer(answer, now)
        case .account(let account, let trigger): onAccount(account, trigger: trigger, now)
        case .accountFailed(let reason, let trigger):
            reconciling = false
            say("reconciliation (\(trigger)) could not read the exchange: \(reason); retrying")
            reconcileSoonAtMs = now + 2_000
        case .operatorSignal(let signal, let surroundings): onOperatorSignal(signal, surroundings, now)
        case .exchangeStatus(let tradingActive, let detail): onExchangeStatus(tradingActive: tradingActive, detail: detail, now)
        case .exchangeStatusFailed(let reason): onExchangeStatusFailed(reason)
        case .nextEvent(let markets): onNextEvent(markets, now)
        case .nextEventFailed(let reason): onNextEventFailed(reason, now)
        case .exchangeSchedule(let windows): onExchangeSchedule(windows, now)
        case .exchangeScheduleFailed(let reason): onExchangeScheduleFailed(reason, now)
        case .eventFees(let eventTicker, let read, let fees): onEventFees(eventTicker, read: read, fees, now)
        case .eventFeesFailed(let eventTicker, let read, let reason): onEventFeesFailed(eventTicker, read: read, reason, now)
        }
        checkShutdown(now)
        let step = actions
        actions = []
        return step
    }

    /// Markets the session trades, by ticker.
    public var tickers: [String] { engine.state.markets.map(\.ticker) }

    /// Markets a reconciliation reads: all but the retired ones.
    public var readTickers: [String] { tickers.filter { !retiredTickers.contains($0) } }

    /// One engine event at the current time.
    mutating func process(_ event: EngineEvent, _ now: Int64) -> [VenueCommand] {
        engine.process(TimedEvent(timeMs: now, event))
    }

    mutating func say(_ line: String) { actions.append(.console(line)) }

    // MARK: Feeds

    mutating func onFeed(_ event: KalshiFeedClient.Event, _ now: Int64) {
        // The order's path: a book delta goes straight to the engine, as `translate` would send
        // it (the translator's `bookDelta` serves both), without an array of events and a timed
        // copy of each on the way.
        if case .message(.orderbookDelta(_, _, let update)) = event {
            var commands: [VenueCommand] = []
            if let (id, delta) = translator.bookDelta(update) {
                engine.processBookDelta(id, delta, atMs: now, into: &commands)
            }
            commit([], commands, now)
            return
        }
        var commands: [VenueCommand] = []
        var records: [JournalRecord] = []
        switch event {
        case .message(.marketLifecycle(_, let lifecycle)):
            commands += onLifecycle(lifecycle, now, &records)
            onTermsChanged(lifecycle, now, &records)
        case .message(.eventFeeUpdate(_, let update)):
            commands += onEventFeeUpdate(update, now, &records)
        case .message(.orderGroup(_, let update)):
            commands += onOrderGroup(update, now, &records)
        case .connected:
            feedConnected = true
            if feedWasDisconnected {
                say("feed reconnected: reconciling")
                requestReconciliation("reconnect", now)
            }
        case .disconnected(let reason):
            if feedConnected { say("feed disconnected (\(reason))") }
            feedConnected = false
            feedWasDisconnected = true
        default:
            break
        }
        for engineEvent in translator.translate(event) { commands += process(engineEvent, now) }
        commit(records, commands, now)
    }


    /// Books one of our fills once: a trade id already journaled is a duplicate and is dropped;
    /// a fill whose order is not (or no longer) known waits for a reconciliation.
    mutating func book(
        _ view: ExchangeFillView, source: String, _ now: Int64, _ records: inout [JournalRecord], _ commands: inout [VenueCommand]
    ) {
        if bookedTrades[view.tradeId] != nil {
            duplicateFills += 1
            return
        }
        guard let cid = view.clientOrderId ?? clientOrderId(ofOrder: view.orderId), let order = engine.state.orders.order(cid),
            order.status != .rejected
        else {
            unattributedFills[view.tradeId] = view
            reconcileSoon(now)
            return
        }
        bookedTrades[view.tradeId] = view.ticker
        unattributedFills[view.tradeId] = nil
        fillsBooked += 1
        records.append(JournalMapping.fill(view, clientOrderId: cid, source: source))
        commands += process(.execution(.fill(view.execution(clientOrderId: cid))), now)
    }

    func clientOrderId(ofOrder orderId: String) -> String? {
        engine.state.orders.clientOrderId(ofOrder: orderId)
    }
}

/// When a request for an order left: on the host's wall clock (compared with a read's start)
/// and on the monotonic clock (`elapsedMs`: what a late-arrival window is measured on).
struct RequestTime: Sendable, Equatable {
    var wallMs: Int64
    var elapsedMs: Int64
}
