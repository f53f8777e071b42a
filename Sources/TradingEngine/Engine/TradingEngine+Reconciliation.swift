import KalshiCore

/// Live reconciliation: the engine's books are compared with the exchange's record and
/// corrected to it. Everything here is pure, like `process`: the runtime reads the exchange and
/// carries the returned commands out.
extension TradingEngine {
    /// Applies an order view from an answer or the exchange's order stream (`user_orders`). When
    /// requests may be in flight (`settled` false) only what cannot be stale is applied: the
    /// acknowledgement, cancels (they only grow), and the resolution of an order in doubt.
    public mutating func applyExchangeOrder(_ view: ExchangeOrderView, settled: Bool, nowMs: Int64) -> (
        reports: [ExecutionReport], commands: [VenueCommand]
    ) {
        state.nowMs = nowMs
        guard let cid = view.clientOrderId, let order = state.orders.order(cid) else { return ([], []) }
        let reports = order.reports(toMatch: view, settled: settled)
        guard !reports.isEmpty else { return ([], []) }
        var actions = StrategyActions(recordsDecisions: recording)
        var commands: [VenueCommand] = []
        for report in reports { apply(report, &actions, &commands) }
        execute(actions, into: &commands)
        checkSessionHealth(&commands)
        return (reports, commands)
    }

    /// Brings the engine in line with the exchange: orders (acknowledged, amended, canceled,
    /// refused, orphans adopted or canceled per policy), missing fills, settlements, and, when the
    /// reads describe one moment, positions and cash. Every difference is returned with both
    /// sides, noted in the records, and told to the strategy.
    public mutating func reconcile(_ account: ExchangeAccountView, options: ReconciliationOptions, nowMs: Int64)
        -> ReconciliationOutcome
    {
        state.nowMs = nowMs
        var outcome = ReconciliationOutcome()
        var actions = StrategyActions(recordsDecisions: recording)
        var commands: [VenueCommand] = []
        let known = Set(state.markets.map(\.ticker))
        let tracked = account.trackedTickers.map { $0.intersection(known) } ?? known
        var seen: Set<String> = []
        var clientIdByOrderId: [String: String] = [:]

        func apply(_ report: ExecutionReport) {
            self.apply(report, &actions, &commands)
            outcome.reports.append(report)
        }

        // 1. Orders the exchange has.
        for view in account.orders.sorted(by: { $0.orderId < $1.orderId }) where tracked.contains(view.ticker) {
            if let cid = view.clientOrderId { state.orders.noteUsedClientOrderId(cid) }
            if let cid = view.clientOrderId, let order = state.orders.order(cid) {
                seen.insert(cid)
                clientIdByOrderId[view.orderId] = cid
                guard !options.busyOrders.contains(cid) else { continue }
                // Nothing of ours is in flight for it: whatever an amend did, the view shows.
                state.orders.clearAmendRequest(cid)
                if (order.status == .rejected || order.status == .cancelled)
                    && (view.isResting || view.filledCount > order.filled)
                {
                    if let revived = state.orders.revive(cid, as: view, nowMs: nowMs) {
                        outcome.revivedOrders.append(view)
                        outcome.corrections.append(.orderState(clientOrderId: cid, local: order.summary, exchange: view.summary))
                        recordOrder(revived, event: "reconciled", reason: "revived: the exchange has it live or filled")
                    }
                    continue
                }
                let reports = order.reports(toMatch: view, settled: true)
                guard !reports.isEmpty else { continue }
                outcome.corrections.append(.orderState(clientOrderId: cid, local: order.summary, exchange: view.summary))
                for report in reports { apply(report) }
            } else if view.isResting {
                switch options.orphanPolicy {
                case .ignore:
                    outcome.corrections.append(
                        .orphanIgnored(orderId: view.orderId, clientOrderId: view.clientOrderId, ticker: view.ticker))
                case .adopt, .cancel:
                    guard let market = state.id(of: view.ticker) else { continue }
                    let cid = view.clientOrderId ?? "adopted-\(view.orderId)"
                    let spec = OrderSpec(
                        clientOrderId: cid, market: market, ticker: view.ticker, side: view.side, price: view.price,
                        count: view.initialCount, timeInForce: .goodTillCanceled)
                    let order = state.orders.registerKnown(spec, nowMs: nowMs)
                    outcome.adoptedOrders.append(spec)
                    seen.insert(cid)
                    clientIdByOrderId[view.orderId] = cid
                    let canceling = options.orphanPolicy == .cancel || state.risk.killSwitch
                    outcome.corrections.append(
                        .orphanAdopted(clientOrderId: cid, orderId: view.orderId, ticker: view.ticker, canceling: canceling))
                    recordOrder(order, event: "adopted", reason: "orphan found at the exchange")
                    for report in order.reports(toMatch: view, settled: true) { apply(report) }
                    if canceling, let command = cancel(cid) { commands.append(command) }
                }
            }
        }

        // 2. Orders the engine believes active that the exchange does not have.
        for order in state.orders.orders.values.filter({ $0.status.isActive }).sorted(by: { $0.clientOrderId < $1.clientOrderId })
        where !seen.contains(order.clientOrderId) && !options.busyOrders.contains(order.clientOrderId)
            && order.lastUpdateMs <= account.fetchStartedMs && tracked.contains(order.ticker)
        {
            outcome.corrections.append(.orderNotFound(clientOrderId: order.clientOrderId, local: order.summary))
            if order.orderId == nil {
                apply(.rejected(clientOrderId: order.clientOrderId, reason: "not found at the exchange"))
            } else {
                apply(
                    .canceled(
                        clientOrderId: order.clientOrderId, canceledCount: order.remaining, reason: "not found at the exchange"))
            }
        }

        // 3. Fills the engine has not booked.
        var booked = options.bookedTradeIds
        for fill in account.fills.sorted(by: { ($0.timeMs, $0.tradeId) < ($1.timeMs, $1.tradeId) })
        where tracked.contains(fill.ticker) && booked[fill.tradeId] == nil {
            guard let cid = fill.clientOrderId ?? clientIdByOrderId[fill.orderId], state.orders.order(cid) != nil else {
                continue
            }
            var attributed = fill
            attributed.clientOrderId = cid
            outcome.corrections.append(
                .missingFill(tradeId: fill.tradeId, clientOrderId: cid, ticker: fill.ticker, count: fill.count))
            apply(.fill(attributed.execution(clientOrderId: cid)))
            outcome.bookedFills.append(attributed)
            booked[fill.tradeId] = fill.ticker
        }

        // 4. Settlements.
        for ticker in account.settlements.keys.sorted() where tracked.contains(ticker) {
            guard let id = state.id(of: ticker), state.market(id).settlement == nil, let result = account.settlements[ticker]
            else { continue }
            outcome.corrections.append(.settlement(ticker: ticker, result: result))
            settle(id, result: result, value: result == .yes ? Money(micros: Money.microsPerDollar) : .zero)
        }

        // 5. Positions and cash: the account's, as the exchange reports them. Fills of other
        // sessions and manual trades are part of them (limits are the account's), so the
        // comparison waits only while the reads moved, while one of our fills is not yet on the
        // exchange's list, or while settlements differ.
        let exchangeFillIds = Set(account.fills.filter { tracked.contains($0.ticker) }.map(\.tradeId))
        let bookedFillIds = Set(booked.filter { tracked.contains($0.value) }.keys)
        let exchangeSettled = Set(account.settlements.keys.filter { tracked.contains($0) })
        let engineSettled = Set(state.markets.filter { $0.settlement != nil && tracked.contains($0.ticker) }.map(\.ticker))
        if account.isConsistent && bookedFillIds.isSubset(of: exchangeFillIds) && exchangeSettled == engineSettled {
            let equityBefore = currentEquity()
            for ticker in tracked.sorted() {
                let local = state.portfolio.position(ticker)
                let exchange = account.positions[ticker] ?? .zero
                guard local != exchange else { continue }
                outcome.corrections.append(.position(ticker: ticker, local: local, exchange: exchange))
                correctPosition(ticker, from: local, to: exchange)
            }
            if state.portfolio.cash != account.balance {
                outcome.corrections.append(.cash(local: state.portfolio.cash, exchange: account.balance))
                state.portfolio.adjustCash(to: account.balance)
            }
            if options.establishesBaseline { lossBaselineAdjustment = lossBaselineAdjustment + currentEquity() - equityBefore }
        } else {
            outcome.deferredAccountCheck = true
        }

        if !outcome.corrections.isEmpty {
            for correction in outcome.corrections { note("reconciliation", ticker: correction.ticker, correction.description) }
            strategy.onReconciliation(outcome.corrections, state: state, actions: &actions)
        }
        execute(actions, into: &commands)
        checkSessionHealth(&commands)
        outcome.commands = commands
        return outcome
    }

    /// Cancels every active order (shutdown, terminal exit of all markets); nothing else changes.
    public mutating func cancelAllOrders(nowMs: Int64, reason: String) -> [VenueCommand] {
        state.nowMs = nowMs
        let commands = cancelEverything()
        if !commands.isEmpty { note("cancel_all", ticker: nil, reason) }
        return commands
    }

    /// Stops new orders without cancelling anything or noting a kill switch (a shutdown in progress).
    public mutating func blockNewOrders() {
        state.risk.killSwitch = true
    }

    /// Cancels the active orders of one market (its terminal exit).
    public mutating func cancelOrders(in market: MarketID, nowMs: Int64, reason: String) -> [VenueCommand] {
        state.nowMs = nowMs
        let commands = state.orders.activeOrders(in: market).compactMap { cancel($0.clientOrderId) }
        if !commands.isEmpty { note("cancel_all", ticker: state.market(market).ticker, reason) }
        return commands
    }

    /// Books the difference between our position and the exchange's as a fee-free trade at the
    /// market's mark (or $0.50 without one); the cash check that follows settles the money.
    private mutating func correctPosition(_ ticker: String, from local: Quantity, to exchange: Quantity) {
        let difference = exchange.units - local.units
        let known = state.marks[ticker]
        let mark = known ?? Money(cents: 50)
        let price = Price(uncheckedTicks: min(max(mark.micros / 100, 0), Price.ticksPerDollar))
        if known == nil, let id = state.id(of: ticker) {
            let earlier = unmarkedBookings[id.index]
            unmarkedBookings[id.index] = (units: (earlier?.units ?? 0) + difference, price: price.dollars)
        }
        state.portfolio.recordFill(
            ticker: ticker, side: difference > 0 ? .bid : .ask, yesPrice: price, count: Quantity(units: abs(difference)),
            fee: .zero)
        // The corrected position is valued from the held list, like a position reached by fills.
        if let id = state.id(of: ticker) { updateHeld(id) }
    }
}
