import Foundation
import KalshiAPI
import KalshiCore

/// One account's order group (reference §4.6).
struct FakeOrderGroup: Sendable {
    var owner: String
    var limit: Quantity
    var exchangeIndex: Int
    var triggered = false
    /// Fills of the group's orders inside the rolling window: time and contracts (units).
    var recentFills: [(timeMs: Int64, units: Int64)] = []
}

/// Order groups: `POST /portfolio/order_groups/create`, `PUT …/{id}/reset`, `PUT …/{id}/trigger`,
/// `DELETE …/{id}`. When more than the group's limit of its orders' contracts fill within a
/// rolling 15 s, the exchange cancels the group's resting orders, refuses new ones until a
/// reset, and says `triggered` on `order_group_updates`.
extension FakeKalshiExchange {
    static let orderGroupWindowMs: Int64 = 15_000

    func orderGroupRoute(method: String, parts: [String], body: Data, owner: String) -> FakeResponse {
        switch (method, parts) {
        case ("POST", ["create"]):
            guard let request: CreateOrderGroupRequest = decode(body) else { return badRequest(body, CreateOrderGroupRequest.self) }
            guard request.contractsLimitFp.units > 0 else {
                return .error(400, code: "invalid_parameters", message: "contracts_limit_fp must be positive")
            }
            let index = request.exchangeIndex ?? FakeKalshiExchange.shard
            guard (0...FakeKalshiExchange.maximumShard).contains(index) else {
                return .error(400, code: "invalid_parameters", message: "unknown exchange_index", details: String(index))
            }
            let id = "og_\(nextOrderGroupId)"
            nextOrderGroupId += 1
            orderGroups[id] = FakeOrderGroup(owner: owner, limit: request.contractsLimitFp, exchangeIndex: index)
            announceOrderGroup(id, "created")
            return .json(CreateOrderGroupResponse(orderGroupId: id, exchangeIndex: index), status: 201)
        case ("PUT", let path) where path.count == 2 && path[1] == "reset":
            guard orderGroups[path[0]]?.owner == owner else { return notFound("order group", path[0]) }
            orderGroups[path[0]]?.triggered = false
            orderGroups[path[0]]?.recentFills = []
            announceOrderGroup(path[0], "reset")
            return .json(OrderGroupAck())
        case ("PUT", let path) where path.count == 2 && path[1] == "trigger":
            guard orderGroups[path[0]]?.owner == owner else { return notFound("order group", path[0]) }
            triggerOrderGroup(path[0])
            return .json(OrderGroupAck())
        case ("DELETE", let path) where path.count == 1:
            guard orderGroups[path[0]]?.owner == owner else { return notFound("order group", path[0]) }
            announceOrderGroup(path[0], "deleted")
            orderGroups[path[0]] = nil
            return .json(OrderGroupAck())
        default:
            return .error(404, code: "not_found", message: "no route for \(method) /portfolio/order_groups/\(parts.joined(separator: "/"))")
        }
    }

    /// Refuses an order naming a group that is not the owner's or is triggered.
    func checkOrderGroup(_ id: String?, owner: String) -> ExchangeError? {
        guard let id else { return nil }
        guard let group = orderGroups[id], group.owner == owner else { return .invalidOrder(details: "order group \(id) not found") }
        return group.triggered ? .invalidOrder(details: "order group \(id) is triggered; reset it to place orders") : nil
    }

    /// Counts the fills of grouped orders; a group over its limit is triggered once the
    /// publishing in progress is done (`triggerPendingOrderGroups`).
    func noteOrderGroupFills(_ trades: [ExchangeTrade]) {
        for trade in trades {
            for orderId in [trade.makerOrderId, trade.takerOrderId] {
                guard let id = groupOfOrder[orderId], var group = orderGroups[id], !group.triggered else { continue }
                group.recentFills.append((trade.timeMs, trade.count.units))
                group.recentFills.removeAll { trade.timeMs - $0.timeMs >= FakeKalshiExchange.orderGroupWindowMs }
                orderGroups[id] = group
                if group.recentFills.reduce(0, { $0 + $1.units }) > group.limit.units { pendingTriggers.insert(id) }
            }
        }
    }

    func triggerPendingOrderGroups() {
        let due = pendingTriggers.sorted()
        pendingTriggers.removeAll()
        for id in due { triggerOrderGroup(id) }
    }

    /// Cancels the group's resting orders and refuses new ones until a reset.
    func triggerOrderGroup(_ id: String) {
        guard let group = orderGroups[id], !group.triggered else { return }
        orderGroups[id]?.triggered = true
        let now = clock.nowMs()
        for orderId in groupOfOrder.filter({ $0.value == id }).keys.sorted() {
            guard let record = orderRecords[orderId], record.isResting else { continue }
            if let result = try? core.cancel(orderId: orderId, ticker: record.ticker, owner: group.owner, nowMs: now) { publish(result) }
        }
        announceOrderGroup(id, "triggered")
        logger.info("order group \(id) triggered")
    }

    private func announceOrderGroup(_ id: String, _ event: String) {
        guard let group = orderGroups[id] else { return }
        let update = WSOrderGroupUpdate(eventType: event, orderGroupId: id, contractsLimitFp: group.limit, tsMs: clock.nowMs())
        for connectionId in connections.keys.sorted() where connections[connectionId]?.owner == group.owner {
            guard let sid = connections[connectionId]?.wants("order_group_updates", ticker: nil),
                let seq = connections[connectionId]?.nextSeq(sid)
            else { continue }
            send(connectionId, WireFrames.message(type: "order_group_updates", sid: sid, seq: seq, update))
        }
    }
}
