import KalshiCore
import Storage
import TradingEngine

extension LiveCore {
    /// Ends a step: the step's facts and every order intent (and cancel/amend request) become one
    /// `.journal` action, and only after it come the step's `.send`s; the engine's records go to
    /// the logs and the console last, off the order's path. (A cancel that waited for its order's
    /// id was journaled when the engine asked for it.)
    mutating func commit(_ facts: [JournalRecord], _ commands: [VenueCommand], _ now: Int64) {
        let engineRecords = engine.drainRecords()
        let settlements = newSettlementRecords()
        var records = facts
        // One allocation for the step's records, not one per growth: this is the order's path.
        if !commands.isEmpty || !engineRecords.isEmpty || !settlements.isEmpty {
            records.reserveCapacity(facts.count + engineRecords.count + settlements.count + commands.count)
        }
        if !engineRecords.isEmpty { LiveCore.appendRiskRecords(engineRecords, to: &records) }
        records += settlements
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
        var sends = send(commands, now)
        if !cancelsAwaitingId.isEmpty { sends += sendAwaitedCancels(now) }
        let added = (records.isEmpty ? 0 : 1) + sends.count + (engineRecords.isEmpty ? 0 : 1)
        guard added > 0 else { return }
        actions.reserveCapacity(actions.count + added)
        if !records.isEmpty { actions.append(.journal(records)) }
        for request in sends { actions.append(.send(request)) }
        if !engineRecords.isEmpty { actions.append(.log(engineRecords)) }
    }

    /// Appends the risk events worth keeping in the journal (the full record is in the
    /// session's logs).
    static func appendRiskRecords(_ records: [EngineRecord], to result: inout [JournalRecord]) {
        for record in records {
            switch record {
            case .state(let state):
                switch state.kind {
                case "halt", "anomaly", "cancel_all":
                    result.append(.risk(RiskEventEntry(kind: state.kind, ticker: state.ticker, detail: state.detail)))
                default:
                    break
                }
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
    }

    /// Settlements the engine has booked since the last step. Asked on every step (every book
    /// frame): the markets are scanned only when the engine's count of settlements moved, so a
    /// rolling session that adds markets event after event does not pay for them on each frame.
    mutating func newSettlementRecords() -> [JournalRecord] {
        guard engine.settlementsBooked != settlementsScanned else { return [] }
        settlementsScanned = engine.settlementsBooked
        var result: [JournalRecord] = []
        for index in engine.state.markets.indices where engine.state.markets[index].settlement != nil {
            let market = engine.state.markets[index]
            guard let settlement = market.settlement, !journaledSettlements.contains(market.ticker) else { continue }
            journaledSettlements.insert(market.ticker)
            let payout = engine.state.portfolio.settlementPayouts[market.ticker] ?? .zero
            result.append(.settlement(SettlementEntry(ticker: market.ticker, result: settlement.result, payout: payout)))
            say("settlement recorded: \(market.ticker) \(settlement.result.rawValue), paid \(payout.formatted(decimals: 2))")
        }
        return result
    }

    // MARK: Requests

    func target(_ clientOrderId: String) -> OrderTarget? {
        guard let order = engine.state.orders.order(clientOrderId), let orderId = order.orderId else { return nil }
        return OrderTarget(clientOrderId: clientOrderId, orderId: orderId, ticker: order.ticker)
    }

    mutating func begin(_ clientOrderId: String, _ now: Int64) {
        inFlight[clientOrderId, default: 0] += 1
        lastRequest[clientOrderId] = RequestTime(wallMs: now, elapsedMs: elapsedMs)
    }

    /// The engine's commands as requests: creates and cancels batched, amends as amends or
    /// (smaller at the same price) decreases; each order's in-flight count starts here.
    mutating func send(_ commands: [VenueCommand], _ now: Int64) -> [LiveRequest] {
        var requests: [LiveRequest] = []
        requests.reserveCapacity(commands.count)
        // One create is the usual step: no array for it (a second makes them a batch).
        var place: OrderSpec?
        var places: [OrderSpec] = []
        var cancels: [OrderTarget] = []
        for command in commands {
            switch command {
            case .place(let spec):
                if let first = place {
                    places = [first, spec]
                    place = nil
                } else if places.isEmpty {
                    place = spec
                } else {
                    places.append(spec)
                }
            case .cancel(let cid, _):
                if let target = target(cid) { cancels.append(target) } else { cancelsAwaitingId.insert(cid) }
            case .amend(let cid, _, let price, let total):
                guard let order = engine.state.orders.order(cid), let target = target(cid) else { continue }
                begin(cid, now)
                if price == order.price && total < order.fillableTotal {
                    // Smaller at the same price: a decrease keeps the order's place in the queue.
                    requests.append(.decrease(target, reduceTo: Quantity(units: max(0, total.units - order.filled.units))))
                } else {
                    requests.append(.amend(target, side: order.side, price: price, totalCount: total))
                }
            }
        }
        if let spec = place {
            begin(spec.clientOrderId, now)
            ordersSent += 1
            requests.append(.create(spec))
        } else if !places.isEmpty {
            for spec in places { begin(spec.clientOrderId, now) }
            ordersSent += places.count
            requests.append(.createBatch(places))
        }
        for target in cancels { begin(target.clientOrderId, now) }
        if cancels.count == 1, let target = cancels.first {
            requests.append(.cancel(target))
        } else if cancels.count > 1 {
            requests.append(.cancelBatch(cancels))
        }
        return requests
    }

    /// Cancels waiting for an order id go out once the id is known; finished orders drop out.
    mutating func sendAwaitedCancels(_ now: Int64) -> [LiveRequest] {
        guard !cancelsAwaitingId.isEmpty else { return [] }
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
        return ready.isEmpty ? [] : send(ready, now)
    }
}
