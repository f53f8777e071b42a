import KalshiCore
import Storage
import TradingEngine

extension LiveSession {
    /// Ends a step: the engine's records go to the logs and the console, the step's facts and
    /// every order intent (and cancel/amend request) are journaled in one transaction, and only
    /// then are the requests sent. A journal failure throws before anything leaves.
    mutating func commit(_ facts: [JournalRecord], _ commands: [VenueCommand], _ now: Int64) async throws {
        var records = facts
        let engineRecords = engine.drainRecords()
        if !engineRecords.isEmpty {
            log.write(engineRecords)
            console.report(engineRecords)
            records += LiveSession.riskRecords(engineRecords)
        }
        records += newSettlementRecords()
        for command in commands {
            switch command {
            case .place(let spec):
                records.append(JournalMapping.intent(spec, sequence: engine.state.orders.sequence(of: spec.clientOrderId)))
            case .cancel(let cid, _):
                records.append(.orderEvent(OrderEventEntry(clientOrderId: cid, kind: .cancelSent)))
            case .amend(let cid, _, let price, let total):
                records.append(.orderEvent(OrderEventEntry(clientOrderId: cid, kind: .amendSent, price: price, count: total)))
            }
        }
        if !records.isEmpty { try await journal.append(records, timeMs: now, session: journalSession) }
        send(commands, now)
        sendAwaitedCancels(now)
    }

    /// Risk events worth keeping in the journal (the full record is in the session's logs).
    static func riskRecords(_ records: [EngineRecord]) -> [JournalRecord] {
        var result: [JournalRecord] = []
        for record in records {
            switch record {
            case .state(let state) where ["halt", "anomaly", "cancel_all"].contains(state.kind):
                result.append(.risk(RiskEventEntry(kind: state.kind, ticker: state.ticker, detail: state.detail)))
            case .order(let order) where order.event == "rejected_by_risk":
                result.append(
                    .risk(
                        RiskEventEntry(
                            kind: "rejected_by_risk", ticker: order.ticker,
                            detail: "\(order.side.rawValue) \(order.count) @ \(order.price): \(order.reason ?? "")")))
            default:
                break
            }
        }
        return result
    }

    /// Settlements the engine has booked since the last step.
    mutating func newSettlementRecords() -> [JournalRecord] {
        var result: [JournalRecord] = []
        for market in engine.state.markets where !journaledSettlements.contains(market.ticker) {
            guard let settlement = market.settlement else { continue }
            journaledSettlements.insert(market.ticker)
            let payout = engine.state.portfolio.settlementPayouts[market.ticker] ?? .zero
            result.append(.settlement(SettlementEntry(ticker: market.ticker, result: settlement.result, payout: payout)))
            console.line(
                "settlement recorded: \(market.ticker) \(settlement.result.rawValue), paid \(payout.formatted(decimals: 2))")
        }
        return result
    }

    // MARK: Sending

    func target(_ clientOrderId: String) -> LiveVenue.Target? {
        guard let order = engine.state.orders.order(clientOrderId), let orderId = order.orderId else { return nil }
        return LiveVenue.Target(clientOrderId: clientOrderId, orderId: orderId, ticker: order.ticker)
    }

    mutating func begin(_ clientOrderId: String, _ now: Int64) {
        inFlight[clientOrderId, default: 0] += 1
        lastRequestMs[clientOrderId] = now
    }

    func spawn(_ work: @escaping @Sendable () async -> VenueAnswer) {
        let sink = self.sink
        Task { sink.yield(.answer(await work())) }
    }

    mutating func send(_ commands: [VenueCommand], _ now: Int64) {
        var places: [OrderSpec] = []
        var cancels: [LiveVenue.Target] = []
        let venue = self.venue
        for command in commands {
            switch command {
            case .place(let spec):
                places.append(spec)
            case .cancel(let cid, _):
                if let target = target(cid) { cancels.append(target) } else { cancelsAwaitingId.insert(cid) }
            case .amend(let cid, _, let price, let total):
                guard let order = engine.state.orders.order(cid), let target = target(cid) else { continue }
                begin(cid, now)
                if price == order.price && total < order.count {
                    // Smaller at the same price: a decrease keeps the order's place in the queue.
                    let remaining = Quantity(units: max(0, total.units - order.filled.units))
                    spawn { await venue.decrease(target, reduceTo: remaining) }
                } else {
                    let side = order.side
                    spawn { await venue.amend(target, side: side, price: price, totalCount: total) }
                }
            }
        }
        for spec in places { begin(spec.clientOrderId, now) }
        ordersSent += places.count
        if places.count == 1, let spec = places.first {
            spawn { await venue.create(spec) }
        } else if places.count > 1 {
            let batch = places
            spawn { await venue.createBatch(batch) }
        }
        for target in cancels { begin(target.clientOrderId, now) }
        if cancels.count == 1, let target = cancels.first {
            spawn { await venue.cancel(target) }
        } else if cancels.count > 1 {
            let batch = cancels
            spawn { await venue.cancelBatch(batch) }
        }
    }

    /// Cancels waiting for an order id go out once the id is known; finished orders drop out.
    mutating func sendAwaitedCancels(_ now: Int64) {
        guard !cancelsAwaitingId.isEmpty else { return }
        var ready: [VenueCommand] = []
        for cid in cancelsAwaitingId.sorted() {
            guard let order = engine.state.orders.order(cid), order.status.isActive else {
                cancelsAwaitingId.remove(cid)
                continue
            }
            if order.orderId != nil, (inFlight[cid] ?? 0) == 0 {
                cancelsAwaitingId.remove(cid)
                ready.append(.cancel(clientOrderId: cid, market: order.market))
            }
        }
        if !ready.isEmpty { send(ready, now) }
    }
}
