import KalshiCore
import Storage
import TradingEngine

extension LiveCore {
    /// A venue answer: absolute order views become the reports that bring the engine in line,
    /// refusals become rejections, and anything whose outcome is unknown puts its order in doubt
    /// (its market blocked) until a reconciliation, which is asked for at once.
    mutating func onAnswer(_ answer: VenueAnswer, _ now: Int64) {
        for cid in answer.clientOrderIds {
            let left = (inFlight[cid] ?? 1) - 1
            inFlight[cid] = left > 0 ? left : nil
        }
        var records: [JournalRecord] = []
        var commands: [VenueCommand] = []
        func apply(_ report: ExecutionReport) {
            commands += process(.execution(report), now)
            if let record = JournalMapping.report(report) { records.append(record) }
        }
        for outcome in answer.outcomes {
            switch outcome {
            case .view(let cid, let view, let settled):
                let (reports, more) = engine.applyExchangeOrder(view, settled: settled && inFlight[cid] == nil, nowMs: now)
                records += reports.compactMap(JournalMapping.report)
                commands += more
            case .amended(let cid, let price, let total):
                apply(.amended(clientOrderId: cid, price: price, totalCount: total))
            case .refused(let cid, let code):
                // A refusal of an order the exchange's streams show finished is a stale answer.
                guard let order = engine.state.orders.order(cid), !order.status.isTerminal else { continue }
                apply(.rejected(clientOrderId: cid, reason: code))
            case .inDoubt(let cid, let reason):
                guard let order = engine.state.orders.order(cid), !order.status.isTerminal else { continue }
                // A create the exchange's streams already acknowledged is not in doubt; an amend may be.
                let isCreate = answer.request == .create || answer.request == .batchCreate
                if isCreate && order.orderId != nil { continue }
                say(
                    "order \(cid) in doubt (\(answer.request.rawValue): \(reason)); its market waits for a reconciliation")
                apply(.unknown(clientOrderId: cid, reason: reason))
                reconcileSoon(now)
            case .cancelInDoubt(let cid, let reason):
                say("cancel of \(cid) in doubt (\(reason)); reconciling")
                reconcileSoon(now)
            }
        }
        commit(records, commands, now)
    }
}
