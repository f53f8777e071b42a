import KalshiAPI
import KalshiCore
import Storage
import TradingEngine

extension LiveCore {
    /// Asks for a reconciliation; one runs at a time, a request during one runs after it.
    mutating func requestReconciliation(_ trigger: String, _ now: Int64) {
        guard !reconciling else {
            queuedReconciliation = queuedReconciliation ?? trigger
            return
        }
        reconciling = true
        lastReconcileMs = now
        readStartedElapsedMs = elapsedMs
        actions.append(.readAccount(tickers: readTickers, fetchStartedMs: now, trigger: trigger))
    }

    /// A reconciliation shortly (an order in doubt, a fill we could not attribute): soon enough
    /// to unblock the market, late enough for the exchange to have settled the request.
    mutating func reconcileSoon(_ now: Int64) {
        let at = now + 1_000
        reconcileSoonAtMs = min(reconcileSoonAtMs ?? at, at)
    }

    /// The start reconciliation runs before any market data (the engine trades only on books
    /// that agree with the exchange): the runner reads the account, retrying transient failures
    /// with `startupReadRetry`, and hands the read in as `.account(_, trigger: "start")`.
    public mutating func beginStartReconciliation(now: Int64, elapsedMs: Int64) -> (tickers: [String], fetchStartedMs: Int64) {
        lastReconcileMs = now
        self.elapsedMs = elapsedMs
        readStartedElapsedMs = elapsedMs
        return (readTickers, now)
    }

    /// About four minutes of patience in all (1 s doubling to 60 s), on top of the client's own
    /// retries: ending the run instead would leave the previous run's resting orders unmanaged.
    public static var startupReadRetry: RetryPolicy {
        RetryPolicy(maxAttempts: 8, baseDelayMs: 1_000, maxDelayMs: 60_000, retriesUnreachable: true)
    }

    mutating func onAccount(_ account: ExchangeAccountView, trigger: String, _ now: Int64) {
        reconciling = false
        let busy = Set(inFlight.keys).union(lastRequest.filter { $0.value.wallMs >= account.fetchStartedMs }.map(\.key))
            .union(mayStillArrive(atElapsed: readStartedElapsedMs, wallMs: account.fetchStartedMs).keys)
        pruneRequestTimes(before: account.fetchStartedMs)
        let options = ReconciliationOptions(
            orphanPolicy: configuration.operations.orphanOrders, busyOrders: busy, bookedTradeIds: bookedTrades,
            establishesBaseline: trigger == "start")
        let outcome = engine.reconcile(account, options: options, nowMs: now)
        exchangeSettledTickers.formUnion(account.settlements.keys)
        // Cash per shard is journaled at the first read and whenever the cash off the traded
        // shard changes (a transfer, another program): the traded shard's moves with every
        // fill, which the balance records already follow.
        var shardRecords: [JournalRecord] = []
        if let shards = account.shardBalances {
            let traded = Set(engine.state.markets.compactMap(\.metadata.exchangeIndex))
            let elsewhere = { (all: [Int: Money]) in all.filter { !traded.contains($0.key) } }
            if shardBalances.map({ elsewhere($0) != elsewhere(shards) }) ?? true {
                shardRecords.append(.risk(RiskEventEntry(kind: "shard_balances", ticker: nil, detail: Self.describe(shards))))
            }
            shardBalances = shards
        }
        var records: [JournalRecord] = shardRecords
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
            say("ignoring \(unattributedFills.count) fill(s) of orders this session does not know")
            unattributedFills.removeAll()
        }
        let portfolio = engine.state.portfolio
        for market in engine.state.markets where !retiredTickers.contains(market.ticker) {
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
        say("reconciled (\(trigger)): \(outcome.corrections.count) correction(s)\(deferred)")
        for correction in outcome.corrections { say("  \(correction.description)") }
        var commands = outcome.commands
        if shutdown != nil, configuration.operations.cancelOnExit {
            commands += engine.cancelAllOrders(nowMs: now, reason: "shutdown: cancelling what the reconciliation found")
            shutdown?.reconciled = true
        }
        commit(records, commands, now)
        if let queued = queuedReconciliation {
            queuedReconciliation = nil
            requestReconciliation(queued, now)
        } else if engine.state.orders.orders.values.contains(where: { $0.status == .unknown }) {
            // Once the last late-arrival window of an order in doubt has passed, or soon.
            let firstWindowEnd = mayStillArrive(atElapsed: elapsedMs, wallMs: now).values.min().map { now + $0 + 100 }
            let at = max(now + 1_000, firstWindowEnd ?? 0)
            reconcileSoonAtMs = min(reconcileSoonAtMs ?? at, at)
        }
    }

    /// `shard 0 12.00, shard 2 988.00`: cash per shard, by shard.
    static func describe(_ shards: [Int: Money]) -> String {
        shards.keys.sorted().map { "shard \($0) \(shards[$0]!.formatted(decimals: 2))" }.joined(separator: ", ")
    }

    /// How long after it was sent a request whose answer was lost may still reach the exchange:
    /// twice the request timeout. Until then, an order in doubt that the exchange does not list
    /// is not concluded absent (it may yet arrive), so it keeps counting against the limits and
    /// keeps its market waiting. Kalshi does not document a bound; this one is an assumption.
    var lateArrivalWindowMs: Int64 { 2 * configuration.operations.requestTimeoutSeconds * 1_000 }

    /// Forgets request times no later reconciliation needs: requests sent before this read began
    /// (so never busy for a later read), not in flight, past the late-arrival window on the
    /// monotonic clock, for orders not in doubt (whose wait `mayStillArrive` measures from them).
    mutating func pruneRequestTimes(before fetchStartedMs: Int64) {
        let window = lateArrivalWindowMs
        let elapsed = elapsedMs
        lastRequest = lastRequest.filter { cid, time in
            time.wallMs >= fetchStartedMs || elapsed - time.elapsedMs < window || inFlight[cid] != nil
                || engine.state.orders.order(cid)?.status == .unknown
        }
    }

    /// Orders in doubt whose request may still reach the exchange after the given moment, with
    /// how long it may still take. Measured on the monotonic clock from the request (a jump of
    /// the host clock must not end the wait early); for orders restored from the journal after
    /// a restart, only the intent's wall time is known.
    func mayStillArrive(atElapsed elapsed: Int64, wallMs: Int64) -> [String: Int64] {
        var result: [String: Int64] = [:]
        for order in engine.state.orders.orders.values where order.status == .unknown {
            let waited = lastRequest[order.clientOrderId].map { elapsed - $0.elapsedMs } ?? (wallMs - order.createdMs)
            if waited < lateArrivalWindowMs { result[order.clientOrderId] = lateArrivalWindowMs - waited }
        }
        return result
    }
}
