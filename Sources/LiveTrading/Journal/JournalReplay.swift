import KalshiCore
import Storage
import TradingEngine

/// Rebuilds the engine's books from the journal after a restart: the orders sent (their ids
/// never reused), every answer and fill, settlements and the kill switch. Orders still waiting
/// for their first answer come out in doubt, for the start reconciliation to settle.
public struct JournalReplay: Sendable {
    public internal(set) var orders = 0
    public internal(set) var fills = 0
    public internal(set) var skipped = 0
    public internal(set) var inDoubt: [String] = []
    /// Trade id → market of every journaled fill (the dedup set of the fill stream).
    public internal(set) var bookedTrades: [String: String] = [:]
    public internal(set) var settled: Set<String> = []
    public internal(set) var killSwitch = false

    /// Markets the journal has orders or fills in (so their metadata can be loaded before the
    /// replay). A market only settled, never traded, holds nothing to restore: a session that
    /// rolled through many events journals a settlement for every market it followed, and
    /// looking each up again at a restart would cost three requests apiece.
    public static func tickers(in entries: [JournalEntry]) -> Set<String> {
        var result: Set<String> = []
        for entry in entries {
            switch entry.record {
            case .intent(let intent): result.insert(intent.ticker)
            case .fill(let fill): result.insert(fill.ticker)
            default: break
            }
        }
        return result
    }

    public static func restore<S: Strategy>(_ entries: [JournalEntry], into engine: inout TradingEngine<S>, nowMs: Int64)
        -> JournalReplay
    {
        var replay = JournalReplay()
        for entry in entries {
            let time = entry.timeMs
            switch entry.record {
            case .intent(let intent):
                guard let market = engine.state.id(of: intent.ticker) else {
                    // Its market is gone from the exchange's list: its id stays used.
                    engine.restoreUsedClientOrderId(intent.clientOrderId)
                    replay.skipped += 1
                    continue
                }
                let spec = OrderSpec(
                    clientOrderId: intent.clientOrderId, market: market, ticker: intent.ticker, side: intent.side,
                    price: intent.price,
                    count: intent.count, timeInForce: intent.timeInForce, postOnly: intent.postOnly)
                engine.restoreOrder(spec, timeMs: time)
                replay.orders += 1
                if intent.origin == .adopted, let orderId = intent.orderId {
                    engine.restoreReport(.accepted(clientOrderId: intent.clientOrderId, orderId: orderId), timeMs: time)
                }
            case .orderEvent(let event):
                guard let order = engine.state.orders.order(event.clientOrderId) else {
                    replay.skipped += 1
                    continue
                }
                switch event.kind {
                case .accepted:
                    engine.restoreReport(
                        .accepted(clientOrderId: event.clientOrderId, orderId: event.orderId ?? ""), timeMs: time)
                case .rejected:
                    engine.restoreReport(.rejected(clientOrderId: event.clientOrderId, reason: event.detail ?? ""), timeMs: time)
                case .canceled:
                    engine.restoreReport(
                        .canceled(
                            clientOrderId: event.clientOrderId, canceledCount: event.count ?? .zero, reason: event.detail ?? ""),
                        timeMs: time)
                case .amended:
                    engine.restoreReport(
                        .amended(
                            clientOrderId: event.clientOrderId, price: event.price ?? order.price,
                            totalCount: event.count ?? order.count),
                        timeMs: time)
                case .unknown:
                    engine.restoreReport(.unknown(clientOrderId: event.clientOrderId, reason: event.detail ?? ""), timeMs: time)
                case .cancelSent:
                    engine.restoreCancelRequest(event.clientOrderId, timeMs: time)
                case .amendSent:
                    break
                case .revived:
                    let view = ExchangeOrderView(
                        orderId: event.orderId ?? order.orderId ?? "", clientOrderId: event.clientOrderId, ticker: order.ticker,
                        side: order.side, price: event.price ?? order.price, initialCount: event.count ?? order.count,
                        filledCount: event.filled ?? order.filled, remainingCount: event.remaining ?? order.remaining,
                        isResting: true)
                    engine.restoreRevival(view, clientOrderId: event.clientOrderId, timeMs: time)
                }
            case .fill(let fill):
                replay.bookedTrades[fill.tradeId] = fill.ticker
                guard engine.state.orders.order(fill.clientOrderId) != nil else {
                    replay.skipped += 1
                    continue
                }
                engine.restoreReport(
                    .fill(
                        ExecutionFill(
                            clientOrderId: fill.clientOrderId, tradeId: fill.tradeId, side: fill.side, yesPrice: fill.price,
                            count: fill.count,
                            fee: fill.fee, isTaker: fill.isTaker)), timeMs: time)
                replay.fills += 1
            case .settlement(let settlement):
                engine.restoreSettlement(ticker: settlement.ticker, result: settlement.result, timeMs: time)
                replay.settled.insert(settlement.ticker)
            case .risk(let risk):
                if risk.kind == "kill_switch" { replay.killSwitch = true }
                if risk.kind == "resume" { replay.killSwitch = false }
            case .position, .balance, .reconciliation:
                break
            }
        }
        engine.restoreKillSwitch(replay.killSwitch)
        replay.inDoubt = engine.markUnansweredOrdersUnknown(timeMs: nowMs)
        return replay
    }
}
