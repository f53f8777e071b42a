import KalshiCore

/// Rebuilding the engine from a journal after a restart. Each call re-applies one journaled
/// fact exactly as the live engine applied it, without calling the strategy and without
/// producing commands: the past is restored, not re-decided.
extension TradingEngine {
    /// An order we sent (or adopted): registered as pending, its id's number never handed out again.
    public mutating func restoreOrder(_ spec: OrderSpec, timeMs: Int64) {
        state.nowMs = max(state.nowMs, timeMs)
        _ = state.orders.registerKnown(spec, nowMs: timeMs)
    }

    /// An order we sent in a market not restored (no longer listed by the exchange): nothing of
    /// it is rebuilt, but its id's number is never handed out again (the journal, which holds
    /// its intent, would refuse the next order that reused it, and the exchange may too).
    public mutating func restoreUsedClientOrderId(_ clientOrderId: String) {
        state.orders.noteUsedClientOrderId(clientOrderId)
    }

    /// A report the engine processed; fills are booked even when the order was in doubt, as live.
    public mutating func restoreReport(_ report: ExecutionReport, timeMs: Int64) {
        state.nowMs = max(state.nowMs, timeMs)
        _ = state.orders.apply(report, nowMs: timeMs)
        guard case .fill(let fill) = report, let order = state.orders.order(fill.clientOrderId) else { return }
        state.portfolio.recordFill(
            ticker: order.ticker, side: fill.side, yesPrice: fill.yesPrice, count: fill.count, fee: fill.fee)
        // Equity values held positions from this list: without it a restart holding contracts
        // counts them as cash and halts on a phantom session loss.
        updateHeld(order.market)
    }

    public mutating func restoreCancelRequest(_ clientOrderId: String, timeMs: Int64) {
        state.nowMs = max(state.nowMs, timeMs)
        state.orders.markCancelRequested(clientOrderId, nowMs: timeMs)
    }

    /// An order revived by a reconciliation.
    public mutating func restoreRevival(_ view: ExchangeOrderView, clientOrderId: String, timeMs: Int64) {
        _ = state.orders.revive(clientOrderId, as: view, nowMs: timeMs)
    }

    public mutating func restoreSettlement(ticker: String, result: OutcomeSide, timeMs: Int64) {
        state.nowMs = max(state.nowMs, timeMs)
        guard let id = state.id(of: ticker), state.market(id).settlement == nil else { return }
        state.markets[id.index].settlement = (result, result == .yes ? Money(micros: Money.microsPerDollar) : .zero)
        settlementsBooked += 1
        state.portfolio.settle(ticker: ticker, result: result)
        updateHeld(id)
    }

    public mutating func restoreKillSwitch(_ engaged: Bool) {
        state.risk.killSwitch = engaged
    }

    /// After a replay, orders still waiting for their first answer are in doubt: the answer may
    /// have been lost with the process. Their markets stay blocked until a reconciliation.
    public mutating func markUnansweredOrdersUnknown(timeMs: Int64) -> [String] {
        let waiting = state.orders.orders.values.filter { $0.status == .pendingNew }.map(\.clientOrderId).sorted()
        for cid in waiting {
            _ = state.orders.apply(.unknown(clientOrderId: cid, reason: "no answer before restart"), nowMs: timeMs)
        }
        return waiting
    }
}
