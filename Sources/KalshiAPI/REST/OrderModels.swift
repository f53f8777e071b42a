import KalshiCore

/// `POST /portfolio/events/orders` body. Prices are YES prices; `side` is the YES book.
public struct CreateOrderRequest: Codable, Sendable, Equatable {
    public var ticker: String
    public var clientOrderId: String?
    public var side: BookSide
    public var count: Quantity
    public var price: Price
    public var timeInForce: TimeInForce
    public var selfTradePreventionType: SelfTradePrevention
    public var postOnly: Bool?
    public var reduceOnly: Bool?
    public var cancelOrderOnPause: Bool?
    /// Unix seconds (good-till-time); not with IOC.
    public var expirationTime: Int64?
    public var orderGroupId: String?
    public var subaccount: Int?
    public var exchangeIndex: Int?

    public init(
        ticker: String, clientOrderId: String?, side: BookSide, count: Quantity, price: Price,
        timeInForce: TimeInForce = .goodTillCanceled, selfTradePreventionType: SelfTradePrevention = .takerAtCross,
        postOnly: Bool? = nil, reduceOnly: Bool? = nil, expirationTime: Int64? = nil
    ) {
        self.ticker = ticker
        self.clientOrderId = clientOrderId
        self.side = side
        self.count = count
        self.price = price
        self.timeInForce = timeInForce
        self.selfTradePreventionType = selfTradePreventionType
        self.postOnly = postOnly
        self.reduceOnly = reduceOnly
        self.expirationTime = expirationTime
    }
}

/// 201 answer to create (and, per order, to batch create).
public struct CreateOrderResponse: Codable, Sendable, Equatable {
    public var orderId: String
    public var clientOrderId: String?
    public var fillCount: Quantity
    public var remainingCount: Quantity
    public var averageFillPrice: Money?
    public var averageFeePaid: Money?
    public var tsMs: Int64?

    public init(
        orderId: String, clientOrderId: String?, fillCount: Quantity, remainingCount: Quantity,
        averageFillPrice: Money?, averageFeePaid: Money?, tsMs: Int64?
    ) {
        self.orderId = orderId
        self.clientOrderId = clientOrderId
        self.fillCount = fillCount
        self.remainingCount = remainingCount
        self.averageFillPrice = averageFillPrice
        self.averageFeePaid = averageFeePaid
        self.tsMs = tsMs
    }
}

public struct CancelOrderResponse: Codable, Sendable, Equatable {
    public var orderId: String
    public var clientOrderId: String?
    public var reducedBy: Quantity
    public var tsMs: Int64?

    public init(orderId: String, clientOrderId: String?, reducedBy: Quantity, tsMs: Int64?) {
        self.orderId = orderId
        self.clientOrderId = clientOrderId
        self.reducedBy = reducedBy
        self.tsMs = tsMs
    }
}

/// `POST /portfolio/events/orders/{id}/amend`: `count` is the new TOTAL (filled + resting).
public struct AmendOrderRequest: Codable, Sendable, Equatable {
    public var ticker: String
    public var side: BookSide
    public var price: Price
    public var count: Quantity
    public var clientOrderId: String?
    public var updatedClientOrderId: String?
    public var exchangeIndex: Int?

    public init(
        ticker: String, side: BookSide, price: Price, count: Quantity, clientOrderId: String? = nil,
        updatedClientOrderId: String? = nil
    ) {
        self.ticker = ticker
        self.side = side
        self.price = price
        self.count = count
        self.clientOrderId = clientOrderId
        self.updatedClientOrderId = updatedClientOrderId
    }
}

public struct AmendOrderResponse: Codable, Sendable, Equatable {
    public var orderId: String
    public var clientOrderId: String?
    public var remainingCount: Quantity?
    public var fillCount: Quantity?
    public var averageFillPrice: Money?
    public var averageFeePaid: Money?
    public var tsMs: Int64?

    public init(orderId: String, clientOrderId: String?, remainingCount: Quantity?, fillCount: Quantity?, tsMs: Int64?) {
        self.orderId = orderId
        self.clientOrderId = clientOrderId
        self.remainingCount = remainingCount
        self.fillCount = fillCount
        self.tsMs = tsMs
    }
}

/// `POST /portfolio/events/orders/{id}/decrease`: exactly one of `reduce_by` / `reduce_to`.
public struct DecreaseOrderRequest: Codable, Sendable, Equatable {
    public var reduceBy: Quantity?
    public var reduceTo: Quantity?
    public var marketTicker: String?
    public var exchangeIndex: Int?

    public init(reduceBy: Quantity? = nil, reduceTo: Quantity? = nil, marketTicker: String? = nil) {
        self.reduceBy = reduceBy
        self.reduceTo = reduceTo
        self.marketTicker = marketTicker
    }
}

public struct DecreaseOrderResponse: Codable, Sendable, Equatable {
    public var orderId: String
    public var clientOrderId: String?
    public var remainingCount: Quantity
    public var tsMs: Int64?

    public init(orderId: String, clientOrderId: String?, remainingCount: Quantity, tsMs: Int64?) {
        self.orderId = orderId
        self.clientOrderId = clientOrderId
        self.remainingCount = remainingCount
        self.tsMs = tsMs
    }
}

public struct BatchCreateOrdersRequest: Codable, Sendable, Equatable {
    public var orders: [CreateOrderRequest]
    public init(orders: [CreateOrderRequest]) { self.orders = orders }
}

/// One item of a batch answer: the order's result, or its error.
public struct BatchCreateOrderResult: Codable, Sendable, Equatable {
    public var orderId: String?
    public var clientOrderId: String?
    public var fillCount: Quantity?
    public var remainingCount: Quantity?
    public var averageFillPrice: Money?
    public var averageFeePaid: Money?
    public var tsMs: Int64?
    public var error: APIErrorBody?

    public init(
        orderId: String?, clientOrderId: String?, fillCount: Quantity?, remainingCount: Quantity?, tsMs: Int64?,
        error: APIErrorBody?
    ) {
        self.orderId = orderId
        self.clientOrderId = clientOrderId
        self.fillCount = fillCount
        self.remainingCount = remainingCount
        self.tsMs = tsMs
        self.error = error
    }
}

public struct BatchCreateOrdersResponse: Codable, Sendable, Equatable {
    public var orders: [BatchCreateOrderResult]
    public init(orders: [BatchCreateOrderResult]) { self.orders = orders }
}

public struct BatchCancelOrdersRequest: Codable, Sendable, Equatable {
    public struct Item: Codable, Sendable, Equatable {
        public var orderId: String
        public var marketTicker: String?
        public var exchangeIndex: Int?

        public init(orderId: String, marketTicker: String? = nil, exchangeIndex: Int? = nil) {
            self.orderId = orderId
            self.marketTicker = marketTicker
            self.exchangeIndex = exchangeIndex
        }
    }

    public var orders: [Item]
    public init(orders: [Item]) { self.orders = orders }
}

public struct BatchCancelOrderResult: Codable, Sendable, Equatable {
    public var orderId: String
    public var clientOrderId: String?
    public var reducedBy: Quantity?
    public var tsMs: Int64?
    public var error: APIErrorBody?

    public init(orderId: String, clientOrderId: String?, reducedBy: Quantity?, tsMs: Int64?, error: APIErrorBody?) {
        self.orderId = orderId
        self.clientOrderId = clientOrderId
        self.reducedBy = reducedBy
        self.tsMs = tsMs
        self.error = error
    }
}

public struct BatchCancelOrdersResponse: Codable, Sendable, Equatable {
    public var orders: [BatchCancelOrderResult]
    public init(orders: [BatchCancelOrderResult]) { self.orders = orders }
}
