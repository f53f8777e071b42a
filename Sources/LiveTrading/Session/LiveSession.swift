import Foundation
import KalshiAPI
import KalshiClient
import KalshiCore
import Logging
import SignalClient
import SignalFeeds
import Storage
import TraderRuntime
import TradingEngine

/// One run of a live session: the single writer. It owns the engine and consumes one ordered
/// stream of inputs (market data, fills and order updates, signals, venue answers,
/// reconciliation reads, the clock, operator signals). Each input is one step: the engine
/// decides, the step's facts and order intents are journaled in one transaction, and only then
/// do requests leave. Nothing blocks the writer but the journal: requests and reads run in
/// tasks whose answers come back as inputs.
struct LiveSession<S: Strategy> {
    struct Shutdown {
        var reason: String
        var deadlineMs: Int64
        var reconciled = false
    }

    let configuration: LiveConfiguration
    let environment: KalshiEnvironment
    let venue: LiveVenue
    let reader: AccountReader
    let journal: any JournalStore
    let journalSession: JournalSession
    let log: SessionLog
    let console: any LiveOutput
    let sink: AsyncStream<LiveInput>.Continuation
    let translator: EventTranslator
    var engine: TradingEngine<S>

    // Requests in flight, per client order id.
    var inFlight: [String: Int] = [:]
    var lastRequestMs: [String: Int64] = [:]
    /// Cancels asked for before the order's id was known: sent once it is.
    var cancelsAwaitingId: Set<String> = []
    var ordersSent = 0

    // Fills: trade id → market of every booked fill (journaled), and fills not yet attributable.
    var bookedTrades: [String: String]
    var unattributedFills: [String: ExchangeFillView] = [:]
    var fillsBooked = 0
    var duplicateFills = 0
    var journaledSettlements: Set<String>

    // Reconciliation.
    var reconciling = false
    var queuedReconciliation: String?
    var reconcileSoonAtMs: Int64?
    var lastReconcileMs: Int64 = 0
    var reconciliations = 0
    var corrections = 0

    // Feeds.
    var feedConnected = false
    var feedWasDisconnected = false
    var signalsConnected = false
    var lastSpot: SpotObservation?

    // Operations.
    let startedMs: Int64
    let runtimeDeadlineMs: Int64?
    let trapSignals: Bool
    let stopRequest: LiveStopRequest?
    var terminalExited: Set<String> = []
    var lastStatusMs: Int64 = 0
    var shutdown: Shutdown?
    var finished: String?

    var now: Int64 { WallClock.nowMs() }

    /// Runs until the session ends (settlement, `--runtime`, SIGINT/SIGTERM); returns how.
    mutating func run(feed: KalshiFeedClient, signals: any SignalSource, inputs: AsyncStream<LiveInput>) async throws
        -> LiveOutcome
    {
        let sink = self.sink
        // Before the start reconciliation, whose output tells an operator the session is up.
        let signalTask = trapSignals ? await OperatorSignals.start(sink: sink) : nil
        defer { signalTask?.cancel() }
        try await reconcileInline(trigger: "start")
        var tasks = [
            Task { await feed.run() },
            Task { for await event in feed.events { sink.yield(.feed(event)) } },
            Task { await signals.run() },
            Task { for await event in signals.events { sink.yield(.signal(event)) } },
            Task {
                while !Task.isCancelled {
                    try? await Task.sleep(for: .milliseconds(200))
                    sink.yield(.tick)
                }
            },
        ]
        defer { for task in tasks { task.cancel() } }
        for await input in inputs {
            try await handle(input)
            if let reason = finished {
                return await finish(reason)
            }
        }
        return await finish("input stream ended")
    }

    mutating func handle(_ input: LiveInput) async throws {
        let now = self.now
        switch input {
        case .feed(let event): try await onFeed(event, now)
        case .signal(let event): try await onSignal(event, now)
        case .tick: try await onTick(now)
        case .answer(let answer): try await onAnswer(answer, now)
        case .account(let account, let trigger): try await onAccount(account, trigger: trigger, now)
        case .accountFailed(let reason, let trigger):
            reconciling = false
            console.line("reconciliation (\(trigger)) could not read the exchange: \(reason); retrying")
            reconcileSoonAtMs = now + 2_000
        case .operatorSignal(let signal): try await onOperatorSignal(signal, now)
        }
        checkShutdown(now)
    }

    /// One engine event at the current time.
    mutating func process(_ event: EngineEvent, _ now: Int64) -> [VenueCommand] {
        engine.process(TimedEvent(timeMs: now, event))
    }

    // MARK: Feeds

    mutating func onFeed(_ event: KalshiFeedClient.Event, _ now: Int64) async throws {
        var records: [JournalRecord] = []
        var commands: [VenueCommand] = []
        switch event {
        case .connected:
            feedConnected = true
            if feedWasDisconnected {
                console.line("feed reconnected: reconciling")
                requestReconciliation("reconnect", now)
            }
        case .disconnected(let reason):
            if feedConnected { console.line("feed disconnected (\(reason))") }
            feedConnected = false
            feedWasDisconnected = true
        case .message(.fill(_, let fill)):
            book(ExchangeFillView(fill), source: "ws", now, &records, &commands)
        case .message(.userOrder(_, let message)):
            let (reports, more) = engine.applyExchangeOrder(ExchangeOrderView(message), settled: false, nowMs: now)
            records += reports.compactMap(JournalMapping.report)
            commands += more
        default:
            break
        }
        for engineEvent in translator.translate(event) { commands += process(engineEvent, now) }
        try await commit(records, commands, now)
    }

    mutating func onSignal(_ event: SignalEvent, _ now: Int64) async throws {
        switch event {
        case .connected: signalsConnected = true
        case .disconnected: signalsConnected = false
        default: break
        }
        var commands: [VenueCommand] = []
        for engineEvent in SignalTranslation.translate(event, asset: configuration.markets.asset, last: &lastSpot) {
            commands += process(engineEvent, now)
        }
        try await commit([], commands, now)
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
        engine.state.orders.orders.values.first { $0.orderId == orderId }?.clientOrderId
    }
}
