/// The scratch record of one engine operation: which orders it touched (in order), why it
/// canceled contracts, the trades and the per-level size changes. Turned into a
/// `MatchingResult` once the operation finished, so every update carries the order's final
/// state for that operation.
struct MatchingOperation: Sendable {
    var result: MatchingResult
    var primaryOrderId: String?
    var deltas = BookDeltaAccumulator()
    private var touchedOrderIds: [String] = []
    private var touchedSet: Set<String> = []
    private var cancelReasons: [String: CancelReason] = [:]

    init(ticker: String, nowMs: Int64) {
        result = MatchingResult(ticker: ticker, timeMs: nowMs)
    }

    var nowMs: Int64 { result.timeMs }

    mutating func touch(_ orderId: String) {
        if touchedSet.insert(orderId).inserted { touchedOrderIds.append(orderId) }
    }

    mutating func noteCancel(_ orderId: String, reason: CancelReason) {
        touch(orderId)
        // The first reason wins: it is the one that explains the operation.
        if cancelReasons[orderId] == nil { cancelReasons[orderId] = reason }
    }

    func finished(orders: [String: ExchangeOrder]) -> MatchingResult {
        var result = result
        result.order = primaryOrderId.flatMap { orders[$0] }
        result.orderUpdates = touchedOrderIds.compactMap { id in
            orders[id].map { ExchangeOrderUpdate(order: $0, cancelReason: cancelReasons[id]) }
        }
        result.bookDeltas = deltas.deltas
        return result
    }
}
