import KalshiAPI
import KalshiCore
import Synchronization
import TradingEngine

/// The trading session's metrics under their Prometheus names (`kalshi_…`, units in the name,
/// `_total` on counters). Fed from the places the session already has: the feed's events, the
/// engine's records (the same ones the session log writes, so the two always agree), a state
/// snapshot on each step, and timings from the live runner. Money is exported as dollars in a
/// `Double`, as Prometheus wants; nothing reads it back.
public final class TradingMetrics: Sendable {
    public let registry: MetricsRegistry
    private let seen = Mutex(Seen())

    /// What gauges and delta-fed counters remember between observations.
    struct Seen {
        var book = BookFeedCounters()
        var feed = FeedSessionCounters()
        var tickers: Set<String> = []
    }

    public init(registry: MetricsRegistry = MetricsRegistry()) {
        self.registry = registry
    }

    // MARK: Market data

    /// One event of the Kalshi feed, as the session received it.
    public func observe(_ event: KalshiFeedEvent, receivedMs: Int64) {
        switch event {
        case .connected:
            registry.counter("kalshi_ws_connects_total").increment()
        case .disconnected:
            registry.counter("kalshi_ws_disconnects_total").increment()
        case .message(let message):
            let channel = MetricLabels.channel(of: message)
            registry.counter("kalshi_ws_frames_received_total", [("channel", channel)]).increment()
            registry.counter("kalshi_ws_frames_decoded_total", [("channel", channel)]).increment()
            if case .orderbookDelta(_, _, let update) = message, let exchangeMs = update.timestampMs {
                registry.gauge("kalshi_feed_lag_seconds").record(Double(receivedMs &- exchangeMs) / 1_000)
            }
        case .malformed(_, let frame):
            let channel = MetricLabels.channel(ofFrame: frame)
            registry.counter("kalshi_ws_frames_received_total", [("channel", channel)]).increment()
            registry.counter("kalshi_ws_frames_malformed_total", [("channel", channel)]).increment()
        case .booksUntrusted(let tickers):
            registry.counter("kalshi_book_resyncs_total").increment(by: tickers.count)
        }
    }

    /// The book synchronizer's own counts (gaps, resync requests), read from the feed client.
    public func observe(book counters: BookFeedCounters) {
        let before = seen.withLock { seen in
            defer { seen.book = counters }
            return seen.book
        }
        increase("kalshi_book_sequence_gaps_total", from: before.gaps, to: counters.gaps)
        increase("kalshi_book_resync_requests_total", from: before.resyncsRequested, to: counters.resyncsRequested)
        increase("kalshi_book_crossed_total", from: before.crossedBooks, to: counters.crossedBooks)
    }

    /// A signal's age and, where two sources are compared, the basis between them.
    public func observeSignal(asset: String, ageSeconds: Double?, basis: Money? = nil) {
        if let ageSeconds { registry.gauge("kalshi_signal_staleness_seconds", [("asset", asset)]).record(ageSeconds) }
        if let basis { registry.gauge("kalshi_signal_basis_dollars", [("asset", asset)]).record(MetricLabels.dollars(basis)) }
    }

    // MARK: Recording

    /// One input a recording session stamped and wrote: `kind` is connected, disconnected,
    /// received or tick; a received Kalshi frame also counts under its channel.
    public func recorded(source: String, kind: String, kalshiFrame: String?) {
        registry.counter("kalshi_recording_inputs_total", [("source", source), ("kind", kind)]).increment()
        if let kalshiFrame {
            registry.counter("kalshi_ws_frames_received_total", [("channel", MetricLabels.channel(ofFrame: kalshiFrame))]).increment()
        }
    }

    /// The recording file's size so far.
    public func recording(records: Int, bytes: Int64) {
        registry.gauge("kalshi_recording_records").record(records)
        registry.gauge("kalshi_recording_bytes").record(bytes)
    }

    // MARK: Fake venue

    /// A request the fake venue answered; `operation` is its bounded shape (`GET /markets/{id}`).
    public func venueRequest(operation: String, status: Int, nanoseconds: Int64) {
        registry.counter("kalshi_fake_venue_http_requests_total", [("operation", operation), ("status", String(status))]).increment()
        registry.timer("kalshi_fake_venue_http_request_duration_seconds", [("operation", operation)]).recordNanoseconds(nanoseconds)
    }

    public func venueState(connections: Int, listedMarkets: Int, tradingPaused: Bool) {
        registry.gauge("kalshi_fake_venue_ws_connections").record(connections)
        registry.gauge("kalshi_fake_venue_markets_listed").record(listedMarkets)
        registry.gauge("kalshi_fake_venue_trading_paused").record(tradingPaused ? 1 : 0)
    }

    // MARK: Orders, money, risk

    /// The engine's records of one step: orders by event, refusals by rule, fills, fees, halts.
    public func observe(_ records: [EngineRecord]) {
        for record in records {
            switch record {
            case .order(let order): observe(order)
            case .fill(let fill):
                registry.counter("kalshi_fills_total", [("liquidity", fill.isTaker ? "taker" : "maker")]).increment()
                registry.amount("kalshi_fill_contracts_total").increment(by: Double(fill.count.units) / 100)
                registry.amount("kalshi_fees_dollars_total").increment(by: MetricLabels.dollars(fill.fee))
            case .state(let state):
                registry.counter("kalshi_state_events_total", [("kind", MetricLabels.stateKind(state.kind))]).increment()
                if state.kind == "reconciliation" { registry.counter("kalshi_reconciliation_corrections_total").increment() }
            case .decision:
                registry.counter("kalshi_valuations_total").increment()
            }
        }
    }

    private func observe(_ order: OrderRecord) {
        switch order.event {
        case "sent": registry.counter("kalshi_orders_sent_total").increment()
        case "accepted": registry.counter("kalshi_orders_acknowledged_total").increment()
        case "rejected":
            registry.counter("kalshi_orders_rejected_total", [("reason", MetricLabels.rejection(order.reason))]).increment()
        case "rejected_by_risk":
            registry.counter("kalshi_risk_refusals_total", [("rule", MetricLabels.riskRule(order.reason))]).increment()
        case "reduced":
            registry.counter("kalshi_risk_reductions_total", [("rule", MetricLabels.riskRule(order.reason))]).increment()
        case "canceled": registry.counter("kalshi_orders_canceled_total").increment()
        case "unknown": registry.counter("kalshi_orders_unknown_total").increment()
        default: break
        }
    }

    /// Gauges from the engine's state: cash, equity, P&L, positions and exposure, halt state.
    public func observe(_ state: EngineState) {
        let marks = state.marks
        let portfolio = state.portfolio
        registry.gauge("kalshi_cash_dollars").record(MetricLabels.dollars(portfolio.cash))
        registry.gauge("kalshi_equity_dollars").record(MetricLabels.dollars(portfolio.equity(marks)))
        registry.gauge("kalshi_realized_pnl_dollars").record(MetricLabels.dollars(portfolio.realizedPnL))
        registry.gauge("kalshi_unrealized_pnl_dollars").record(MetricLabels.dollars(portfolio.unrealizedPnL(marks)))
        registry.gauge("kalshi_open_orders").record(state.orders.activeOrderCount)
        registry.gauge("kalshi_kill_switch_engaged").record(state.risk.killSwitch ? 1 : 0)
        registry.gauge("kalshi_trading_halted").record(state.risk.halted == nil ? 0 : 1)
        var tickers: Set<String> = []
        for market in state.markets {
            let position = portfolio.position(market.ticker)
            // A market shows once it has been held; then it stays, at zero when flat.
            let known = seen.withLock { $0.tickers.contains(market.ticker) }
            guard !position.isZero || known else { continue }
            tickers.insert(market.ticker)
            registry.gauge("kalshi_position_contracts", [("ticker", market.ticker)]).record(Double(position.units) / 100)
            registry.gauge("kalshi_exposure_dollars", [("ticker", market.ticker)])
                .record(MetricLabels.dollars(Exposure.markedValue(position: position, mark: marks[market.ticker])))
        }
        seen.withLock { $0.tickers.formUnion(tickers) }
        for (asset, value) in state.assets {
            if let received = value.spotReceivedMs {
                registry.gauge("kalshi_signal_staleness_seconds", [("asset", asset)]).record(Double(state.nowMs &- received) / 1_000)
            }
        }
    }

    /// An account read and comparison (live reconciliation), whatever it found.
    public func reconciliationRun(trigger: String) {
        registry.counter("kalshi_reconciliation_runs_total", [("trigger", MetricLabels.word(trigger))]).increment()
    }

    // MARK: Latency

    /// One REST request to the exchange and its HTTP status (nil when no answer came);
    /// `overOrderConnection` when it went over the order connection rather than the HTTP client.
    public func restRequest(_ operation: String, nanoseconds: Int64, status: Int?, overOrderConnection: Bool = false) {
        registry.timer("kalshi_rest_request_duration_seconds", [("operation", operation)]).recordNanoseconds(nanoseconds)
        let outcome = status.map { $0 == 429 ? "rate_limited" : ($0 < 400 ? "ok" : "error") } ?? "no_answer"
        registry.counter("kalshi_rest_requests_total", [("operation", operation), ("outcome", outcome)]).increment()
        if overOrderConnection { registry.counter("kalshi_order_connection_requests_total", [("outcome", outcome)]).increment() }
        if status == 429 { registry.counter("kalshi_rest_rate_limited_total").increment() }
    }

    /// From a market-data input's arrival to its orders being handed to the venue.
    public func tickToOrder(nanoseconds: Int64) {
        registry.timer("kalshi_tick_to_order_seconds").recordNanoseconds(nanoseconds)
    }

    public func journalWrite(nanoseconds: Int64) {
        registry.timer("kalshi_journal_write_duration_seconds").recordNanoseconds(nanoseconds)
    }

    private func increase(_ name: String, from before: Int, to now: Int) {
        // The feed client's counts only grow; a smaller one is a new client, whose counts start over.
        let delta = now >= before ? now - before : now
        if delta > 0 { registry.counter(name).increment(by: delta) }
    }
}

/// A position's value at the mark: what it would fetch if closed there. YES contracts are worth
/// the mark, NO contracts one dollar less the mark.
enum Exposure {
    static func markedValue(position: Quantity, mark: Money?) -> Money {
        guard let mark, !position.isZero else { return .zero }
        let perContract = position.units > 0 ? mark : Money(micros: Money.microsPerDollar) - mark
        let contracts = position.units.magnitude
        // Positions and marks are bounded by the exchange (millions of contracts at most); the
        // product saturates rather than trapping on a corrupt state.
        let (product, overflow) = perContract.micros.multipliedReportingOverflow(by: Int64(clamping: contracts))
        return Money(micros: overflow ? .max : product / 100)
    }
}
