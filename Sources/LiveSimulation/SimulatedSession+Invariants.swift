import KalshiCore
import LiveTrading
import Storage
import TradingEngine

/// The invariants of a simulated session. Each failure names the step, the simulated time and
/// what was wrong; the session stops at the first.
extension SimulatedSession {
    mutating func violation(_ text: String) {
        let seconds = Double(now - startMs) / 1_000
        report.violations.append("step \(report.steps) at \(String(format: "%.3f", seconds)) s (run \(runId)): \(text)")
    }

    /// Appends a journal transaction as the store would, checking what it must never hold: an
    /// order intent twice, a fill twice, a fill the exchange never made.
    mutating func append(_ records: [JournalRecord]) {
        for record in records {
            switch record {
            case .intent(let intent):
                if !journaledIntents.insert(intent.clientOrderId).inserted {
                    violation("order intent \(intent.clientOrderId) journaled twice")
                }
            case .orderEvent(let event) where event.kind == .cancelSent:
                journaledCancels.insert(event.clientOrderId)
            case .orderEvent(let event) where event.kind == .amendSent:
                journaledAmends.insert(event.clientOrderId)
            case .fill(let fill):
                if !journaledTrades.insert(fill.tradeId).inserted {
                    violation("fill \(fill.tradeId) booked twice")
                }
                guard let made = exchange.accountFills.first(where: { $0.tradeId == fill.tradeId }) else {
                    violation("fill \(fill.tradeId) booked but never made by the exchange")
                    continue
                }
                if made.count != fill.count || made.yesPrice != fill.price || made.side != fill.side {
                    violation("fill \(fill.tradeId) booked as \(fill.side) \(fill.count) @ \(fill.price), made as \(made.side) \(made.count) @ \(made.yesPrice)")
                }
            default:
                break
            }
            report.mix("j")
        }
        for record in records {
            journal.append(JournalEntry(seq: Int64(journal.count + 1), timeMs: coreNow, runId: Int64(runId), record: record))
        }
    }

    /// Nothing leaves without its intent (or cancel, or amend) journaled, and no client order id
    /// is ever sent twice, across restarts.
    mutating func checkSend(_ request: LiveRequest) {
        switch request {
        case .create, .createBatch:
            for cid in request.clientOrderIds {
                if !sentCreates.insert(cid).inserted { violation("client order id \(cid) sent twice") }
                if !journaledIntents.contains(cid) { violation("order \(cid) sent before its intent was journaled") }
            }
        case .cancel, .cancelBatch:
            for cid in request.clientOrderIds where !journaledCancels.contains(cid) {
                violation("cancel of \(cid) sent before it was journaled")
            }
        case .amend, .decrease:
            for cid in request.clientOrderIds where !journaledAmends.contains(cid) {
                violation("amend of \(cid) sent before it was journaled")
            }
        }
    }

    /// The account's position plus every resting order in one direction stays within
    /// `max_inventory`, beyond what manual trades alone put there.
    mutating func checkLimits() {
        let position = exchange.position.units
        var bids: Int64 = 0
        var asks: Int64 = 0
        for order in exchange.restingOrders() {
            if order.side == .bid { bids += order.remainingCount.units } else { asks += order.remainingCount.units }
        }
        let limit = configuration.risk.maxInventory.units + manualContracts
        if position + bids > limit || asks - position > limit {
            violation(
                "inventory limit exceeded at the exchange: position \(Quantity(units: position)), resting bids \(Quantity(units: bids)), "
                    + "asks \(Quantity(units: asks)), limit \(configuration.risk.maxInventory) (+\(Quantity(units: manualContracts)) traded by hand)")
        }
    }

    /// At the end: the session's books equal the exchange's, every fill of its orders is
    /// journaled once, and nothing it placed still rests.
    mutating func checkEnd(_ live: LiveCore<ChaosStrategy>, reason: String) {
        let portfolio = live.engine.state.portfolio
        if portfolio.position(market.ticker) != exchange.position {
            violation("position \(portfolio.position(market.ticker)) at the end, the exchange says \(exchange.position)")
        }
        if portfolio.cash != exchange.cash {
            violation("cash \(portfolio.cash.formatted(decimals: 6)) at the end, the exchange says \(exchange.cash.formatted(decimals: 6))")
        }
        for fill in exchange.accountFills where fill.clientOrderId?.hasPrefix(prefix) == true && !journaledTrades.contains(fill.tradeId) {
            violation("fill \(fill.tradeId) of \(fill.clientOrderId ?? "-") never booked")
        }
        let resting = exchange.restingOrders().filter { $0.clientOrderId?.hasPrefix(prefix) == true }
        if !resting.isEmpty {
            let list = resting.map { "\($0.clientOrderId ?? $0.id) \($0.side) \($0.remainingCount) @ \($0.price)" }
            violation("\(resting.count) order(s) still resting after the session ended (\(reason)): \(list.joined(separator: ", "))")
        }
        report.mix("end:\(reason)")
    }
}
