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
    public private(set) var anomalies = 0

    public init(sessionPrefix: String, nextSequence: Int = 1) {
        self.sessionPrefix = sessionPrefix
        self.nextSequence = nextSequence
    }

    public func order(_ clientOrderId: String) -> ManagedOrder? { orders[clientOrderId] }

    public func activeOrders(in market: MarketID) -> [ManagedOrder] {
        (activeByMarket[market] ?? []).compactMap { orders[$0] }
    }

    public var activeOrderCount: Int { activeByMarket.values.reduce(0) { $0 + $1.count } }

    /// Markets with an order whose outcome is unknown: no new orders there until reconciled.
    public func hasUnknownOrder(in market: MarketID) -> Bool {
        activeOrders(in: market).contains { $0.status == .unknown }
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
        return order
    }

    /// A cancel was sent for this order.
    public mutating func markCancelRequested(_ clientOrderId: String, nowMs: Int64) {
        guard var order = orders[clientOrderId], order.status == .open || order.status == .partiallyFilled || order.status == .pendingNew
        else { return }
        order.status = .pendingCancel
        order.lastUpdateMs = nowMs
        orders[clientOrderId] = order
    }

    /// An amend to a larger total was sent: until it is answered, the order counts at that size.
    public mutating func markAmendRequested(_ clientOrderId: String, totalCount: Quantity) {
        guard var order = orders[clientOrderId], totalCount > order.fillableTotal else { return }
        order.amendCeiling = max(order.amendCeiling ?? .zero, totalCount)
        orders[clientOrderId] = order
    }

    /// The exchange's view of the order is known (a reconciliation): no amend is pending any more.
    public mutating func clearAmendRequest(_ clientOrderId: String) {
        orders[clientOrderId]?.amendCeiling = nil
    }

    /// Applies a venue report; returns the order after it, or an anomaly when the report does
    /// not fit (an unknown id, a fill beyond the order's size, an update to a finished order).
    public mutating func apply(_ report: ExecutionReport, nowMs: Int64) -> Result<ManagedOrder, OrderAnomaly> {
        guard var order = orders[report.clientOrderId] else {
            anomalies += 1
            return .failure(OrderAnomaly(clientOrderId: report.clientOrderId, status: .unknown, report: "\(report)"))
        }
        let before = order.status
        switch report {
        case .accepted(_, let orderId):
            order.orderId = orderId
            if before == .pendingNew || before == .unknown { order.status = order.filled.isZero ? .open : .partiallyFilled }
        case .rejected(_, let reason):
            if before == .pendingNew || before == .unknown || (before == .pendingCancel && order.orderId == nil) {
                // The order itself was refused (a cancel sent before the ack does not change that).
                order.status = .rejected
                order.rejectReason = reason
            } else if before == .pendingCancel {
                // Our cancel was refused: the order stands.
                order.status = order.filled.isZero ? .open : .partiallyFilled
            } else {
                // A cancel or amend was refused: for a live order nothing changed, and an order that
                // filled or was canceled on the way stays finished (a normal race, not doubt).
                order.amendCeiling = nil
            }
        case .fill(let fill):
            guard !before.isTerminal, order.remaining.units >= fill.count.units, fill.count.units > 0 else {
                return anomaly(order, report)
            }
            order.filled = order.filled + fill.count
            order.fees = order.fees + fill.fee
            if order.remaining.isZero {
                order.status = .filled
            } else if before != .pendingCancel {
                order.status = .partiallyFilled
            }
        case .canceled(_, let count, _):
            guard !before.isTerminal else { return anomaly(order, report) }
            order.canceled = Quantity(units: min(order.count.units - order.filled.units, order.canceled.units + count.units))
            if order.remaining.isZero { order.status = order.filled == order.count ? .filled : .cancelled }
        case .amended(_, let price, let totalCount):
            guard !before.isTerminal else { return anomaly(order, report) }
            order.price = price
            // An amend's count is what the order may fill in all (filled plus remaining); what an
            // earlier decrease canceled stays canceled, so it is counted on top.
            order.count = totalCount + order.canceled
            order.amendCeiling = nil
            if order.remaining.isZero { order.status = .filled }
        case .unknown:
            guard !before.isTerminal else { return anomaly(order, report) }
            order.status = .unknown
        }
        order.lastUpdateMs = nowMs
        orders[order.clientOrderId] = order
        if order.status.isTerminal { activeByMarket[order.market]?.removeAll { $0 == order.clientOrderId } }
        return .success(order)
    }

    private mutating func anomaly(_ order: ManagedOrder, _ report: ExecutionReport) -> Result<ManagedOrder, OrderAnomaly> {
        anomalies += 1
        return .failure(OrderAnomaly(clientOrderId: order.clientOrderId, status: order.status, report: "\(report)"))
    }
}
