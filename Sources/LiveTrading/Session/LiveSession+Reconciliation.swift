import KalshiAPI
import KalshiCore
import Storage
import TradingEngine

extension LiveSession {
    /// Asks for a reconciliation; one runs at a time, a request during one runs after it.
    mutating func requestReconciliation(_ trigger: String, _ now: Int64) {
        guard !reconciling else {
            queuedReconciliation = queuedReconciliation ?? trigger
            return
        }
        reconciling = true
        lastReconcileMs = now
        let reader = self.reader
        let sink = self.sink
        let tickers = engine.state.markets.map(\.ticker)
        Task {
            do {
                sink.yield(.account(try await reader.read(tickers: tickers, fetchStartedMs: now), trigger: trigger))
            } catch {
                sink.yield(.accountFailed("\(error)", trigger: trigger))
            }
        }
    }

    /// A reconciliation shortly (an order in doubt, a fill we could not attribute): soon enough
    /// to unblock the market, late enough for the exchange to have settled the request.
    mutating func reconcileSoon(_ now: Int64) {
        let at = now + 1_000
        reconcileSoonAtMs = min(reconcileSoonAtMs ?? at, at)
    }

    /// The start reconciliation runs before any market data: the engine trades only on books
    /// that agree with the exchange.
    /// A transient failure (5xx, 429, no answer) is retried with backoff rather than ending the
    /// run: ending it would leave the previous run's resting orders unmanaged.
    mutating func reconcileInline(trigger: String) async throws {
        var attempt = 0
        while true {
            let started = now
            lastReconcileMs = started
            let account: ExchangeAccountView
            do {
                account = try await reader.read(tickers: engine.state.markets.map(\.ticker), fetchStartedMs: started)
            } catch {
                guard let delayMs = Self.startupReadRetry.delayBeforeRetry(after: error, attempt: attempt, safety: .read) else {
                    throw error
                }
                attempt += 1
                console.line(
                    "reconciliation (\(trigger)) could not read the exchange: \(error); retry \(attempt) of "
                        + "\(Self.startupReadRetry.maxAttempts - 1) in \(delayMs) ms")
                try await Task.sleep(for: .milliseconds(delayMs))
                continue
            }
            try await onAccount(account, trigger: trigger, now)
            return
        }
    }

    /// About four minutes of patience in all (1 s doubling to 60 s), on top of the client's own retries.
    static var startupReadRetry: RetryPolicy { RetryPolicy(maxAttempts: 8, baseDelayMs: 1_000, maxDelayMs: 60_000) }

    mutating func onAccount(_ account: ExchangeAccountView, trigger: String, _ now: Int64) async throws {
        reconciling = false
        let busy = Set(inFlight.keys).union(lastRequestMs.filter { $0.value >= account.fetchStartedMs }.map(\.key))
        let options = ReconciliationOptions(
            orphanPolicy: configuration.operations.orphanOrders, busyOrders: busy, bookedTradeIds: bookedTrades,
            establishesBaseline: trigger == "start")
        let outcome = engine.reconcile(account, options: options, nowMs: now)
        var records: [JournalRecord] = []
        let orderIds = Dictionary(
            account.orders.compactMap { view in view.clientOrderId.map { ($0, view.orderId) } }, uniquingKeysWith: { a, _ in a })
        for spec in outcome.adoptedOrders {
            let orderId = orderIds[spec.clientOrderId] ?? String(spec.clientOrderId.dropFirst("adopted-".count))
            records.append(
                JournalMapping.intent(
                    spec, sequence: engine.state.orders.sequence(of: spec.clientOrderId), origin: .adopted, orderId: orderId))
        }
        for view in outcome.revivedOrders {
            if let cid = view.clientOrderId { records.append(JournalMapping.revived(view, clientOrderId: cid)) }
        }
        records += outcome.reports.compactMap(JournalMapping.report)
        for fill in outcome.bookedFills {
            bookedTrades[fill.tradeId] = fill.ticker
            unattributedFills[fill.tradeId] = nil
            fillsBooked += 1
            records.append(JournalMapping.fill(fill, clientOrderId: fill.clientOrderId ?? "", source: "rest"))
        }
        // What is still unattributed after a full read is not ours to book (another client's order).
        if !unattributedFills.isEmpty {
            console.line("ignoring \(unattributedFills.count) fill(s) of orders this session does not know")
            unattributedFills.removeAll()
        }
        let portfolio = engine.state.portfolio
        for market in engine.state.markets {
            let local = portfolio.position(market.ticker)
            let exchange = account.positions[market.ticker] ?? .zero
            if local.units != 0 || exchange.units != 0 {
                records.append(.position(PositionEntry(ticker: market.ticker, local: local, exchange: exchange)))
            }
        }
        records.append(.balance(BalanceEntry(local: portfolio.cash, exchange: account.balance)))
        records.append(
            .reconciliation(
                ReconciliationEntry(
                    trigger: trigger, corrections: outcome.corrections.count, deferredAccountCheck: outcome.deferredAccountCheck,
                    detail: outcome.corrections.map(\.description).joined(separator: "\n"))))
        reconciliations += 1
        corrections += outcome.corrections.count
        let deferred =
            outcome.deferredAccountCheck
            ? " (position and cash check deferred: the account moved during the reads, or our fills are not yet on its list)" : ""
        console.line("reconciled (\(trigger)): \(outcome.corrections.count) correction(s)\(deferred)")
        for correction in outcome.corrections { console.line("  \(correction.description)") }
        var commands = outcome.commands
        if shutdown != nil, configuration.operations.cancelOnExit {
            commands += engine.cancelAllOrders(nowMs: now, reason: "shutdown: cancelling what the reconciliation found")
            shutdown?.reconciled = true
        }
        try await commit(records, commands, now)
        if let queued = queuedReconciliation {
            queuedReconciliation = nil
            requestReconciliation(queued, now)
        } else if engine.state.orders.orders.values.contains(where: { $0.status == .unknown }) {
            reconcileSoon(now)
        }
    }
}
