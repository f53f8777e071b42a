import KalshiCore

/// The single owner of all trading state. It consumes one ordered stream of timed events and
/// returns the venue commands they lead to; time comes only from the events, so the same input
/// always gives the same output. Errors become states (a halted session, an untrusted book, an
/// order in doubt), never calls back into the engine.
public struct TradingEngine<S: Strategy>: Sendable {
    public internal(set) var state: EngineState
    public internal(set) var strategy: S
    /// Collect `EngineRecord`s for the logs (off in benchmarks).
    public var recording: Bool
    public internal(set) var records: [EngineRecord] = []
    /// Our position and its cost per market index, mirrored from the portfolio at each fill so
    /// that valuing the portfolio on a book change reads arrays instead of hashing tickers.
    var heldPosition: [Quantity] = []
    var heldCost: [Money] = []
    /// Indices of markets where we hold a position: only their book changes can move equity.
    var heldMarkets: [Int] = []
    /// Positions the reconciliation booked while their market had no price (at $0.50): their
    /// value is rebased into the loss baseline at the first mark, so the guess is not P&L.
    /// Market index → (contracts booked, signed; the price they were booked at).
    var unmarkedBookings: [Int: (units: Int64, price: Money)] = [:]
    /// Added to the starting balance when measuring the session loss (see `unmarkedBookings`).
    public internal(set) var lossBaselineAdjustment = Money.zero
    /// Markets settled so far (live or restored): a caller that looks for new settlements after
    /// every event scans the markets only when this moved.
    public internal(set) var settlementsBooked = 0

    public init(strategy: S, startingBalance: Money, limits: RiskLimits, sessionPrefix: String, recording: Bool = true) {
        self.strategy = strategy
        self.state = EngineState(startingBalance: startingBalance, limits: limits, sessionPrefix: sessionPrefix)
        self.recording = recording
    }

    /// Registers a market; its id indexes every later event about it.
    @discardableResult
    public mutating func addMarket(_ metadata: MarketMetadata, asset: String?) -> MarketID {
        if let existing = state.marketIDs[metadata.ticker] { return existing }
        let id = MarketID(state.markets.count)
        let slot = asset.map { state.slot(for: $0) }
        state.markets.append(MarketState(id: id, metadata: metadata, asset: asset, assetSlot: slot))
        heldPosition.append(.zero)
        heldCost.append(.zero)
        state.marketIDs[metadata.ticker] = id
        return id
    }

    /// Takes the records collected since the last call.
    public mutating func drainRecords() -> [EngineRecord] {
        // Most events record nothing: emptying a buffer just handed out would allocate a new one.
        guard !records.isEmpty else { return [] }
        defer { records.removeAll(keepingCapacity: true) }
        return records
    }

    /// Swaps the records collected so far with `other` (usually an emptied array to reuse): a
    /// consumer that takes them in blocks copies and allocates nothing.
    public mutating func exchangeRecords(_ other: inout [EngineRecord]) {
        swap(&records, &other)
    }

    public mutating func process(_ timed: TimedEvent) -> [VenueCommand] {
        var commands: [VenueCommand] = []
        process(timed, into: &commands)
        return commands
    }

    /// `process`, appending the commands to `commands` (a backtest reuses one array).
    public mutating func process(_ timed: borrowing TimedEvent, into commands: inout [VenueCommand]) {
        if case .bookDelta(let id, let delta) = timed.event {
            return processBookDelta(id, delta, atMs: timed.timeMs, into: &commands)
        }
        state.nowMs = timed.timeMs
        var actions = StrategyActions(recordsDecisions: recording)
        switch timed.event {
        case .bookSnapshot(let id, let yes, let no):
            updateBook(id, &actions) { $0.applySnapshot(yes: yes, no: no) }
        case .bookDelta:
            break  // taken by `processBookDelta` above
        case .bookUntrusted(let id):
            if state.markets[id.index].market.book.isTradable {
                state.markets[id.index].market.book.invalidate(.connectionReset)
                note("book_untrusted", ticker: state.markets[id.index].ticker, "feed lost sequence or connection")
                strategy.onMarketUpdate(id, state: state, actions: &actions)
            }
        case .publicTrade(let id, let price, let count, let taker):
            state.markets[id.index].lastTrade = (price, timed.timeMs)
            state.markets[id.index].market.recordTrade(
                .init(timeMs: timed.timeMs, yesPrice: price, count: count, takerSide: taker))
        case .spot(let observation):
            let slot = state.slot(for: observation.asset)
            state.assetStates[slot].record(observation, receivedMs: timed.timeMs)
            strategy.onSignal(asset: observation.asset, state: state, actions: &actions)
        case .volatility(let assetName, let sigma):
            state.assetStates[state.slot(for: assetName)].volatility = sigma
        case .execution(let report):
            apply(report, &actions, &commands)
        case .timer:
            strategy.onTimer(state: state, actions: &actions)
        case .settlement(let id, let result, let value):
            settle(id, result: result, value: value)
        case .killSwitch(let on):
            state.risk.killSwitch = on
            note("kill_switch", ticker: nil, on ? "engaged: all orders canceled, trading halted" : "released")
            if on { commands += cancelEverything() }
        case .tradingPaused(let id, let paused):
            guard state.markets[id.index].tradingPaused != paused else { break }
            state.markets[id.index].tradingPaused = paused
            let ticker = state.markets[id.index].ticker
            note(
                paused ? "trading_paused" : "trading_resumed", ticker: ticker,
                paused ? "no new orders (an exchange pause, maintenance, or terms being re-read)" : "the market may trade again")
            // The book went on without us (orders canceled on the pause): trust it again only
            // from a fresh snapshot.
            if !paused { state.markets[id.index].market.book.invalidate(.connectionReset) }
            strategy.onMarketUpdate(id, state: state, actions: &actions)
        }
        if !actions.isEmpty { execute(actions, into: &commands) }
        // Equity moves with fills, settlements and marks; checking on those events and on every
        // timer tick bounds the delay without valuing the portfolio on every book delta.
        switch timed.event {
        case .execution, .settlement, .timer, .killSwitch: checkSessionHealth(&commands)
        case .bookSnapshot(let id, _, _), .bookDelta(let id, _), .bookUntrusted(let id):
            checkSessionHealthIfHeldMidMoved(id, &commands)
        default: break
        }
    }

    /// `process` of a book delta, the most frequent event by far: a caller that already knows
    /// the event's case (the backtest's runner) comes here without a second switch over it.
    public mutating func processBookDelta(
        _ id: MarketID, _ delta: BookDelta, atMs timeMs: Int64, into commands: inout [VenueCommand]
    ) {
        state.nowMs = timeMs
        var actions = StrategyActions(recordsDecisions: recording)
        updateBook(id, &actions) { $0.apply(delta) }
        if !actions.isEmpty { execute(actions, into: &commands) }
        checkSessionHealthIfHeldMidMoved(id, &commands)
    }

    /// A held market's mid moving is the only book change that can move equity.
    @inline(__always)
    private mutating func checkSessionHealthIfHeldMidMoved(_ id: MarketID, _ commands: inout [VenueCommand]) {
        if !heldPosition[id.index].isZero, state.markets[id.index].market.recentMids.last?.timeMs == state.nowMs {
            checkSessionHealth(&commands)
        }
    }

    // MARK: Market data

    private mutating func updateBook(_ id: MarketID, _ actions: inout StrategyActions, _ change: (inout OrderBook) -> BookUpdate)
    {
        // Read what is compared before the change without keeping a reference to the book:
        // a retained copy would force the mutation below to copy the level storage.
        let wasTradable = state.markets[id.index].market.book.isTradable
        let top = state.markets[id.index].market.book.touch
        let update = change(&state.markets[id.index].market.book)
        state.markets[id.index].lastBookUpdateMs = state.nowMs
        // Read in place again: binding the book to a local would retain and release its storage
        // on every update.
        let isTradable = state.markets[id.index].market.book.isTradable
        if case .faulted(let fault) = update { note("book_fault", ticker: state.markets[id.index].ticker, fault.description) }
        if isTradable != wasTradable {
            note(
                isTradable ? "book_trusted" : "book_untrusted", ticker: state.markets[id.index].ticker,
                "\(state.markets[id.index].market.book.state)")
        }
        if isTradable != wasTradable || state.markets[id.index].market.book.touch != top {
            state.markets[id.index].market.recordMid(atMs: state.nowMs)
            strategy.onMarketUpdate(id, state: state, actions: &actions)
        }
    }

    // MARK: Executions

    mutating func apply(_ report: ExecutionReport, _ actions: inout StrategyActions, _ commands: inout [VenueCommand]) {
        switch state.orders.apply(report, nowMs: state.nowMs) {
        case .failure(let anomaly):
            // Our view of an order is wrong: stop trading rather than guess.
            note("anomaly", ticker: nil, anomaly.description)
            if case .fill(let fill) = report, let order = state.orders.order(fill.clientOrderId) {
                // Money moved regardless: book it so the portfolio matches the exchange.
                state.portfolio.recordFill(
                    ticker: order.ticker, side: fill.side, yesPrice: fill.yesPrice, count: fill.count, fee: fill.fee)
            }
            state.risk.halt(.marketInDoubt)
            commands += cancelEverything()
        case .success(let order):
            recordOrder(order, event: ExecutionReport.eventName(report), reason: ExecutionReport.reason(report))
            if case .fill(let fill) = report {
                state.portfolio.recordFill(
                    ticker: order.ticker, side: fill.side, yesPrice: fill.yesPrice, count: fill.count, fee: fill.fee)
                updateHeld(order.market)
                if recording {
                    records.append(
                        .fill(
                            FillRecord(
                                timeMs: state.nowMs, clientOrderId: order.clientOrderId, ticker: order.ticker, side: fill.side,
                                price: fill.yesPrice, count: fill.count, fee: fill.fee, isTaker: fill.isTaker,
                                position: state.portfolio.position(order.ticker))))
                }
                strategy.onFill(fill, order: order, state: state, actions: &actions)
            } else {
                strategy.onOrderUpdate(order, state: state, actions: &actions)
            }
        }
    }

    mutating func settle(_ id: MarketID, result: OutcomeSide, value: Money) {
        guard state.markets[id.index].settlement == nil else { return }
        state.markets[id.index].settlement = (result, value)
        settlementsBooked += 1
        let ticker = state.markets[id.index].ticker
        let position = state.portfolio.position(ticker)
        let payout = state.portfolio.settle(ticker: ticker, result: result)
        updateHeld(id)
        note(
            "settlement", ticker: ticker,
            "result \(result.rawValue) at \(value.formatted(decimals: 2)); position \(position) paid \(payout.formatted(decimals: 2))"
        )
    }

    // MARK: Strategy requests → risk → orders

    /// The strategy's requests through risk, their commands appended to `commands` (the
    /// caller's array: no array of its own on the order's path).
    mutating func execute(_ actions: StrategyActions, into commands: inout [VenueCommand]) {
        if recording { for decision in actions.decisions { records.append(.decision(decision)) } }
        for request in actions.requests {
            switch request {
            case .place(let market, let side, let price, let count, let timeInForce, let postOnly):
                let spec = OrderSpec(
                    clientOrderId: state.orders.nextClientOrderId(), market: market, ticker: state.markets[market.index].ticker,
                    side: side, price: price, count: count, timeInForce: timeInForce, postOnly: postOnly)
                if let command = place(spec) { commands.append(command) }
            case .cancel(let clientOrderId):
                if let command = cancel(clientOrderId) { commands.append(command) }
            case .cancelAll(let market):
                for order in state.orders.activeOrders(in: market) {
                    if let command = cancel(order.clientOrderId) { commands.append(command) }
                }
            case .amend(let clientOrderId, let price, let totalCount):
                guard let order = state.orders.order(clientOrderId), order.status == .open || order.status == .partiallyFilled
                else {
                    continue
                }
                // Only the increase over what the order may already fill adds exposure.
                let extra = Quantity(units: max(0, totalCount.units - order.fillableTotal.units))
                let probe = OrderSpec(
                    clientOrderId: clientOrderId, market: order.market, ticker: order.ticker, side: order.side, price: price,
                    count: extra.isZero ? Quantity(units: 1) : extra, timeInForce: order.timeInForce)
                let decision = state.risk.check(probe, state: state)
                state.risk.count(decision)
                guard case .accept = decision else {
                    recordOrder(order, event: "rejected_by_risk", reason: "\(decision)")
                    continue
                }
                recordOrder(order, event: "amend_sent", reason: nil)
                state.orders.markAmendRequested(clientOrderId, totalCount: totalCount)
                commands.append(.amend(clientOrderId: clientOrderId, market: order.market, price: price, totalCount: totalCount))
            }
        }
    }

    private mutating func place(_ requested: OrderSpec) -> VenueCommand? {
        var spec = requested
        spec.reduceOnly = closesPosition(spec)
        let decision = state.risk.check(spec, state: state)
        state.risk.count(decision)
        switch decision {
        case .reject(let reason):
            if recording {
                records.append(
                    .order(
                        OrderRecord(
                            timeMs: state.nowMs, clientOrderId: spec.clientOrderId, ticker: spec.ticker, side: spec.side,
                            price: spec.price,
                            count: spec.count, event: "rejected_by_risk", reason: reason.rawValue)))
            }
            return nil
        case .reduce(let count, let reason):
            spec.count = count
            let order = state.orders.register(spec, nowMs: state.nowMs)
            recordOrder(order, event: "sent", reason: "reduced: \(reason.rawValue)")
        case .accept:
            let order = state.orders.register(spec, nowMs: state.nowMs)
            recordOrder(order, event: "sent", reason: nil)
        }
        state.risk.recordSent(nowMs: state.nowMs)
        return .place(spec)
    }

    /// Drops the finished orders of markets that are over (`OrderManager.forgetFinishedOrders`).
    @discardableResult
    public mutating func forgetFinishedOrders(in markets: Set<MarketID>) -> Int {
        state.orders.forgetFinishedOrders(in: markets)
    }

    /// An immediate-or-cancel order that only takes off (part of) the position held. Kalshi
    /// accepts `reduce_only` on such orders (reference §4.4: a later spec says with IOC only).
    public func closesPosition(_ spec: OrderSpec) -> Bool {
        guard spec.timeInForce == .immediateOrCancel, spec.count.units > 0 else { return false }
        let position = state.portfolio.position(spec.ticker).units
        let reduces = (position > 0 && spec.side == .ask) || (position < 0 && spec.side == .bid)
        return reduces && UInt64(spec.count.units) <= position.magnitude
    }

    mutating func cancel(_ clientOrderId: String) -> VenueCommand? {
        guard let order = state.orders.order(clientOrderId), order.status.isActive, order.status != .pendingCancel else {
            return nil
        }
        state.orders.markCancelRequested(clientOrderId, nowMs: state.nowMs)
        recordOrder(order, event: "cancel_sent", reason: nil)
        return .cancel(clientOrderId: clientOrderId, market: order.market)
    }

    mutating func cancelEverything() -> [VenueCommand] {
        state.orders.orders.values.filter { $0.status.isActive }.sorted { $0.clientOrderId < $1.clientOrderId }
            .compactMap { cancel($0.clientOrderId) }
    }

    // MARK: Health

    /// Session loss and accounting are checked after every event that can move them.
    mutating func checkSessionHealth(_ commands: inout [VenueCommand]) {
        guard state.risk.halted == nil else { return }
        if !state.portfolio.isConsistent {
            state.risk.halt(.accountingMismatch)
            note("halt", ticker: nil, "accounting identity broken: cash \(state.portfolio.cash)")
            commands += cancelEverything()
            return
        }
        guard state.portfolio.tradeCount > 0 else { return }
        rebaseUnmarkedBookings()
        let equity = currentEquity()
        if state.portfolio.startingBalance + lossBaselineAdjustment - equity > state.risk.limits.maxBalanceDev {
            state.risk.halt(.sessionLoss)
            note("halt", ticker: nil, "session loss limit: equity \(equity.formatted(decimals: 2))")
            commands += cancelEverything()
        }
    }

    /// A position booked without a price is worth what its first mark says, not the $0.50 it
    /// was booked at: the difference moves the baseline instead of showing as a gain or loss.
    mutating func rebaseUnmarkedBookings() {
        guard !unmarkedBookings.isEmpty else { return }
        for (index, booking) in unmarkedBookings {
            let mark: Money? = state.markets[index].book.mid ?? state.markets[index].market.recentMids.last?.mid
            guard let mark else { continue }
            lossBaselineAdjustment =
                lossBaselineAdjustment
                + Money(micros: (mark.micros - booking.price.micros) * booking.units / Quantity.unitsPerContract)
            unmarkedBookings[index] = nil
        }
    }

    mutating func updateHeld(_ id: MarketID) {
        let position = state.portfolio.ledger.positions[state.markets[id.index].ticker]
        heldPosition[id.index] = position?.position ?? .zero
        heldCost[id.index] = position?.positionCost ?? .zero
        let holds = !heldPosition[id.index].isZero
        if holds, !heldMarkets.contains(id.index) { heldMarkets.append(id.index) }
        if !holds { heldMarkets.removeAll { $0 == id.index } }
    }

    /// Cash plus open positions at their marks: the settlement value once settled, else the
    /// book's mid, else the last mid seen, else (no price at all) their cost.
    /// Summed in Int128: positions come from the exchange (reconciliation), and a size the
    /// parser accepts times a price can exceed Int64; the total saturates instead of trapping.
    func currentEquity() -> Money {
        var equity = Int128(state.portfolio.cash.micros)
        for index in heldMarkets {
            // Read in place: copying a whole `MarketState` here would cost more than the check.
            let mark: Money? =
                state.markets[index].settlement.map { $0.result == .yes ? Money(micros: Money.microsPerDollar) : .zero }
                ?? state.markets[index].market.book.mid ?? state.markets[index].market.recentMids.last?.mid
            guard let mark else {
                equity += Int128(heldCost[index].micros)
                continue
            }
            let units = heldPosition[index].units
            let perContract = units > 0 ? mark : Money(micros: Money.microsPerDollar) - mark
            equity += Int128(perContract.micros) * Int128(units.magnitude) / Int128(Quantity.unitsPerContract)
        }
        return Money(micros: Int64(clamping: equity))
    }

    mutating func note(_ kind: String, ticker: String?, _ detail: String) {
        if recording { records.append(.state(StateRecord(timeMs: state.nowMs, kind: kind, ticker: ticker, detail: detail))) }
    }

    mutating func recordOrder(_ order: ManagedOrder, event: String, reason: String?) {
        guard recording else { return }
        records.append(
            .order(
                OrderRecord(
                    timeMs: state.nowMs, clientOrderId: order.clientOrderId, ticker: order.ticker, side: order.side,
                    price: order.price,
                    count: order.count, event: event, reason: reason)))
    }
}

extension ExecutionReport {
    static func eventName(_ report: ExecutionReport) -> String {
        switch report {
        case .accepted: "accepted"
        case .rejected: "rejected"
        case .fill: "filled"
        case .canceled: "canceled"
        case .amended: "amended"
        case .unknown: "unknown"
        }
    }

    static func reason(_ report: ExecutionReport) -> String? {
        switch report {
        case .rejected(_, let reason), .canceled(_, _, let reason), .unknown(_, let reason): reason
        default: nil
        }
    }
}
