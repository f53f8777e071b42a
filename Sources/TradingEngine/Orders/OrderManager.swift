import KalshiCore

/// The order lifecycle as a state machine over every order we sent:
/// pending → open → partially filled → filled / cancelled / rejected, and unknown when a
/// request's outcome was lost. Client order ids are derived deterministically from a session
/// prefix and a counter, so a replay or a restart from the journal produces the same ids.
public struct OrderManager: Sendable {
    public let sessionPrefix: String
    public internal(set) var nextSequence: Int
    public internal(set) var orders: [String: ManagedOrder] = [:]
    /// Active (non-terminal) orders per market, in creation order.
    public internal(set) var activeByMarket: [MarketID: [String]] = [:]
    /// The exchange's order id of each order it acknowledged → our client order id: a fill
    /// that names only the exchange's id is attributed without a scan of every order.
    public internal(set) var clientOrderIdByOrderId: [String: String] = [:]
    /// Every order registered, including those forgotten since (`forgetFinishedOrders`).
    public internal(set) var registeredCount = 0
    public private(set) var anomalies = 0

    public init(sessionPrefix: String, nextSequence: Int = 1) {
        self.sessionPrefix = sessionPrefix
        self.nextSequence = nextSequence
    }

    public func order(_ clientOrderId: String) -> ManagedOrder? { orders[clientOrderId] }

    /// Our client order id of the order the exchange calls `orderId`, if it acknowledged one of ours.
    public func clientOrderId(ofOrder orderId: String) -> String? { clientOrderIdByOrderId[orderId] }

    public func activeOrders(in market: MarketID) -> [ManagedOrder] {
        (activeByMarket[market] ?? []).compactMap { orders[$0] }
    }

    public var activeOrderCount: Int { activeByMarket.values.reduce(0) { $0 + $1.count } }

    /// Markets with an order whose outcome is unknown: no new orders there until reconciled.
    public func hasUnknownOrder(in market: MarketID) -> Bool {
        guard let ids = activeByMarket[market] else { return false }
        return ids.contains { orders[$0]?.status == .unknown }
    }

    /// Contracts the market's active orders (on one side, or both when `side` is nil) may
    /// still fill: what the risk check projects. Summed without building the orders' list.
    public func activeExposure(in market: MarketID, side: BookSide?) -> Int64 {
        guard let ids = activeByMarket[market] else { return 0 }
        var total: Int64 = 0
        for id in ids {
            guard let order = orders[id], side == nil || order.side == side else { continue }
            total += order.exposure.units
        }
        return total
    }

    public mutating func nextClientOrderId() -> String {
        defer { nextSequence += 1 }
        return "\(sessionPrefix)-\(nextSequence)"
    }

    /// Records an order about to be sent (journal first, then send).
    public mutating func register(_ spec: OrderSpec, nowMs: Int64) -> ManagedOrder {
        let order = ManagedOrder(
            clientOrderId: spec.clientOrderId, market: spec.market, ticker: spec.ticker, side: spec.side, price: spec.price,
            count: spec.count, timeInForce: spec.timeInForce, createdMs: nowMs, lastUpdateMs: nowMs)
        orders[spec.clientOrderId] = order
        activeByMarket[spec.market, default: []].append(spec.clientOrderId)
        registeredCount += 1
        return order
    }

    /// A cancel was sent for this order.
    public mutating func markCancelRequested(_ clientOrderId: String, nowMs: Int64) {
        guard var order = orders[clientOrderId], case .to(let next) = OrderLifecycle.next(order.status, .cancelRequested) else {
            return
        }
        order.status = next
        order.lastUpdateMs = nowMs
        orders[clientOrderId] = order
    }

    /// An amend was sent: until every amend of the order is answered, it counts at the largest
    /// total any of them asked for.
    public mutating func markAmendRequested(_ clientOrderId: String, totalCount: Quantity) {
        guard var order = orders[clientOrderId] else { return }
        order.amendsInFlight += 1
        if totalCount > order.fillableTotal { order.amendCeiling = max(order.amendCeiling ?? .zero, totalCount) }
        orders[clientOrderId] = order
    }

    /// The exchange's view of the order is known (a reconciliation): no amend is pending any more.
    public mutating func clearAmendRequest(_ clientOrderId: String) {
        orders[clientOrderId]?.amendCeiling = nil
        orders[clientOrderId]?.amendsInFlight = 0
    }

    /// Applies a venue report; returns the order after it, or an anomaly when the report does
    /// not fit (an unknown id, a fill beyond the order's size, a transition `OrderLifecycle`
    /// calls impossible, such as an update to a finished order).
    public mutating func apply(_ report: ExecutionReport, nowMs: Int64) -> Result<ManagedOrder, OrderAnomaly> {
        guard var order = orders[report.clientOrderId] else {
            anomalies += 1
            return .failure(OrderAnomaly(clientOrderId: report.clientOrderId, status: .unknown, report: "\(report)"))
        }
        let original = order
        let before = order.status
        let event: OrderLifecycle.Event
        switch report {
        case .accepted(_, let orderId):
            event = .accepted
            order.orderId = orderId
        case .rejected(_, let reason):
            // The order itself was refused when it was never acknowledged (a cancel sent before
            // the ack does not change that); otherwise a cancel or amend of it was.
            let neverAcknowledged =
                before == .pendingNew || before == .unknown || (before == .pendingCancel && order.orderId == nil)
            event = neverAcknowledged ? .refused : .requestRefused
            if neverAcknowledged { order.rejectReason = reason }
            // A refused amend of a resting order: one fewer on its way.
            if before == .open || before == .partiallyFilled { order.amendAnswered() }
        case .fill(let fill):
            // Beyond what remains (a finished order has nothing left) is an anomaly in itself.
            guard order.remaining.units >= fill.count.units, fill.count.units > 0 else { return anomaly(order, report) }
            // A fill of all that remains completes the order, unless an amend to a larger total is on
            // its way: the exchange may already hold the larger order.
            let amendPending = order.amendCeiling.map { $0 > order.filled + fill.count } ?? false
            event = order.remaining.units == fill.count.units && !amendPending ? .completeFill : .partialFill
            order.filled = order.filled + fill.count
            order.fees = order.fees + fill.fee
        case .canceled(_, let count, _):
            let canceled = Quantity(units: min(order.count.units - order.filled.units, order.canceled.units + count.units))
            event = canceled.units + order.filled.units >= order.count.units ? .completeCancel : .partialCancel
            order.canceled = canceled
        case .amended(_, let price, let totalCount):
            // An amend's count is what the order may fill in all (filled plus remaining); what an
            // earlier decrease canceled stays canceled, so it is counted on top.
            let count = totalCount + order.canceled
            event = count.units - order.filled.units - order.canceled.units <= 0 ? .amendedToFilled : .amended
            order.price = price
            order.count = count
            order.amendAnswered()
        case .unknown:
            event = .inDoubt
        }
        switch OrderLifecycle.next(before, event) {
        case .impossible: return anomaly(original, report)
        case .unchanged: break
        case .to(let next): order.status = next
        case .resting: order.status = order.filled.isZero ? .open : .partiallyFilled
        case .finished: order.status = order.filled == order.count ? .filled : .cancelled
        }
        // A live order with nothing left and no larger amend on its way is finished (a fill that
        // met an amend in flight waited for the amend's answer, or for a reconciliation).
        if order.status == .open || order.status == .partiallyFilled || order.status == .pendingCancel, order.remaining.isZero,
            order.amendCeiling == nil
        {
            order.status = order.filled == order.count ? .filled : .cancelled
        }
        order.lastUpdateMs = nowMs
        orders[order.clientOrderId] = order
        if let orderId = order.orderId, orderId != original.orderId { clientOrderIdByOrderId[orderId] = order.clientOrderId }
        if order.status.isTerminal { activeByMarket[order.market]?.removeAll { $0 == order.clientOrderId } }
        return .success(order)
    }

    /// Drops the finished orders of markets that are over (settled, flat, nothing active or in
    /// doubt), so that a session of days does not keep every order it ever sent: no report can
    /// come for them any more. Returns how many were dropped. Active and unknown orders stay.
    public mutating func forgetFinishedOrders(in markets: Set<MarketID>) -> Int {
        let finished = orders.values.filter { markets.contains($0.market) && $0.status.isTerminal }
        for order in finished {
            orders[order.clientOrderId] = nil
            if let orderId = order.orderId, clientOrderIdByOrderId[orderId] == order.clientOrderId {
                clientOrderIdByOrderId[orderId] = nil
            }
        }
        for market in markets where activeByMarket[market]?.isEmpty == true { activeByMarket[market] = nil }
        return finished.count
    }

    private mutating func anomaly(_ order: ManagedOrder, _ report: ExecutionReport) -> Result<ManagedOrder, OrderAnomaly> {
        anomalies += 1
        return .failure(OrderAnomaly(clientOrderId: order.clientOrderId, status: order.status, report: "\(report)"))
    }
}
