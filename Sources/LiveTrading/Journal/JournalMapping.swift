import KalshiCore
import Storage
import TradingEngine

/// Engine facts as journal records.
enum JournalMapping {
    static func intent(_ spec: OrderSpec, sequence: Int?, origin: OrderIntentEntry.Origin = .sent, orderId: String? = nil)
        -> JournalRecord
    {
        .intent(
            OrderIntentEntry(
                clientOrderId: spec.clientOrderId, sequence: sequence, ticker: spec.ticker, side: spec.side, price: spec.price,
                count: spec.count, timeInForce: spec.timeInForce, postOnly: spec.postOnly, origin: origin, orderId: orderId))
    }

    /// A non-fill report (fills are journaled with their trade details by `fill`).
    static func report(_ report: ExecutionReport) -> JournalRecord? {
        switch report {
        case .accepted(let cid, let orderId):
            return .orderEvent(OrderEventEntry(clientOrderId: cid, kind: .accepted, orderId: orderId))
        case .rejected(let cid, let reason):
            return .orderEvent(OrderEventEntry(clientOrderId: cid, kind: .rejected, detail: reason))
        case .canceled(let cid, let count, let reason):
            return .orderEvent(OrderEventEntry(clientOrderId: cid, kind: .canceled, count: count, detail: reason))
        case .amended(let cid, let price, let total):
            return .orderEvent(OrderEventEntry(clientOrderId: cid, kind: .amended, price: price, count: total))
        case .unknown(let cid, let reason):
            return .orderEvent(OrderEventEntry(clientOrderId: cid, kind: .unknown, detail: reason))
        case .fill: return nil
        }
    }

    static func fill(_ view: ExchangeFillView, clientOrderId: String, source: String) -> JournalRecord {
        .fill(
            FillEntry(
                tradeId: view.tradeId, clientOrderId: clientOrderId, orderId: view.orderId, ticker: view.ticker, side: view.side,
                price: view.yesPrice, count: view.count, fee: view.fee, isTaker: view.isTaker, source: source))
    }

    static func revived(_ view: ExchangeOrderView, clientOrderId: String) -> JournalRecord {
        .orderEvent(
            OrderEventEntry(
                clientOrderId: clientOrderId, kind: .revived, orderId: view.orderId, price: view.price, count: view.initialCount,
                filled: view.filledCount, remaining: view.remainingCount, detail: "exchange has it resting"))
    }
}
