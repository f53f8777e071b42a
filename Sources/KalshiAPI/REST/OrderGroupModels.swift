import KalshiCore

/// `POST /portfolio/order_groups/create` (reference §4.6): orders sent with the group's id are
/// canceled by the exchange, and new ones refused until a reset, once more than
/// `contracts_limit_fp` of them fill within a rolling 15 seconds. Groups do not span shards.
public struct CreateOrderGroupRequest: Codable, Sendable, Equatable {
    public var contractsLimitFp: Quantity
    public var exchangeIndex: Int?

    public init(contractsLimit: Quantity, exchangeIndex: Int?) {
        self.contractsLimitFp = contractsLimit
        self.exchangeIndex = exchangeIndex
    }
}

public struct CreateOrderGroupResponse: Codable, Sendable, Equatable {
    public var orderGroupId: String
    public var exchangeIndex: Int?

    public init(orderGroupId: String, exchangeIndex: Int?) {
        self.orderGroupId = orderGroupId
        self.exchangeIndex = exchangeIndex
    }
}

/// The empty object the order-group writes (reset, trigger, delete) answer with.
public struct OrderGroupAck: Codable, Sendable, Equatable {
    public init() {}
}

/// `order_group_updates` (reference §2.6): `created`, `triggered`, `reset`, `deleted`,
/// `limit_updated`.
public struct WSOrderGroupUpdate: Codable, Sendable, Equatable {
    public var eventType: String
    public var orderGroupId: String
    public var contractsLimitFp: Quantity?
    public var tsMs: Int64?

    public init(eventType: String, orderGroupId: String, contractsLimitFp: Quantity? = nil, tsMs: Int64? = nil) {
        self.eventType = eventType
        self.orderGroupId = orderGroupId
        self.contractsLimitFp = contractsLimitFp
        self.tsMs = tsMs
    }
}
