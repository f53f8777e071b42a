import KalshiCore

/// `fill` channel: one of our executions. The price is always the YES price.
public struct WSFill: Codable, Sendable, Equatable {
    public var tradeId: String
    public var orderId: String
    public var marketTicker: String
    public var isTaker: Bool
    public var outcomeSide: OutcomeSide?
    public var bookSide: BookSide
    public var yesPriceDollars: Price
    public var countFp: Quantity
    public var feeCost: Money
    public var postPositionFp: Quantity?
    public var clientOrderId: String?
    public var tsMs: Int64?
    public var ts: Int64?

    public init(
        tradeId: String, orderId: String, marketTicker: String, isTaker: Bool, bookSide: BookSide, yesPriceDollars: Price,
        countFp: Quantity, feeCost: Money, postPositionFp: Quantity?, clientOrderId: String?, tsMs: Int64?
    ) {
        self.tradeId = tradeId
        self.orderId = orderId
        self.marketTicker = marketTicker
        self.isTaker = isTaker
        self.outcomeSide = bookSide == .bid ? .yes : .no
        self.bookSide = bookSide
        self.yesPriceDollars = yesPriceDollars
        self.countFp = countFp
        self.feeCost = feeCost
        self.postPositionFp = postPositionFp
        self.clientOrderId = clientOrderId
        self.tsMs = tsMs
        self.ts = tsMs.map { $0 / 1_000 }
    }
}

/// `user_orders` channel (`type: "user_order"`). Note the key is `ticker`, not `market_ticker`.
public struct WSUserOrder: Codable, Sendable, Equatable {
    public var orderId: String
    public var ticker: String
    public var status: String
    public var bookSide: BookSide
    public var yesPriceDollars: Price
    public var initialCountFp: Quantity?
    public var fillCountFp: Quantity
    public var remainingCountFp: Quantity
    public var takerFeesDollars: Money?
    public var makerFeesDollars: Money?
    public var clientOrderId: String?
    public var lastUpdatedTsMs: Int64?

    public init(
        orderId: String, ticker: String, status: String, bookSide: BookSide, yesPriceDollars: Price, initialCountFp: Quantity?,
        fillCountFp: Quantity, remainingCountFp: Quantity, clientOrderId: String?, lastUpdatedTsMs: Int64?
    ) {
        self.orderId = orderId
        self.ticker = ticker
        self.status = status
        self.bookSide = bookSide
        self.yesPriceDollars = yesPriceDollars
        self.initialCountFp = initialCountFp
        self.fillCountFp = fillCountFp
        self.remainingCountFp = remainingCountFp
        self.clientOrderId = clientOrderId
        self.lastUpdatedTsMs = lastUpdatedTsMs
    }
}

/// `market_positions` channel: `position_fp` > 0 is long YES, < 0 long NO.
public struct WSMarketPosition: Codable, Sendable, Equatable {
    public var marketTicker: String
    public var positionFp: Quantity
    public var positionCostDollars: Money?
    public var realizedPnlDollars: Money?
    public var feesPaidDollars: Money?

    public init(marketTicker: String, positionFp: Quantity, positionCostDollars: Money?, realizedPnlDollars: Money?, feesPaidDollars: Money?) {
        self.marketTicker = marketTicker
        self.positionFp = positionFp
        self.positionCostDollars = positionCostDollars
        self.realizedPnlDollars = realizedPnlDollars
        self.feesPaidDollars = feesPaidDollars
    }
}

/// `ticker` channel.
public struct WSTicker: Codable, Sendable, Equatable {
    public var marketTicker: String
    public var priceDollars: Price?
    public var yesBidDollars: Price?
    public var yesAskDollars: Price?
    public var yesBidSizeFp: Quantity?
    public var yesAskSizeFp: Quantity?
    public var volumeFp: Quantity?
    public var openInterestFp: Quantity?
    public var tsMs: Int64?
    public var ts: Int64?

    public init(marketTicker: String) { self.marketTicker = marketTicker }
}

/// `trade` channel: a public print.
public struct WSTrade: Codable, Sendable, Equatable {
    public var tradeId: String?
    public var marketTicker: String
    public var yesPriceDollars: Price
    public var countFp: Quantity
    public var takerOutcomeSide: OutcomeSide?
    public var takerBookSide: BookSide?
    /// Deprecated: "yes"/"no" of the taker.
    public var takerSide: OutcomeSide?
    public var tsMs: Int64?
    public var ts: Int64?

    public init(tradeId: String?, marketTicker: String, yesPriceDollars: Price, countFp: Quantity, takerBookSide: BookSide?, tsMs: Int64?) {
        self.tradeId = tradeId
        self.marketTicker = marketTicker
        self.yesPriceDollars = yesPriceDollars
        self.countFp = countFp
        self.takerBookSide = takerBookSide
        self.takerOutcomeSide = takerBookSide.map { $0 == .bid ? .yes : .no }
        self.takerSide = takerOutcomeSide
        self.tsMs = tsMs
        self.ts = tsMs.map { $0 / 1_000 }
    }

    /// The taker's book side from whichever direction field the frame carried.
    public var resolvedTakerBookSide: BookSide? {
        takerBookSide ?? (takerOutcomeSide ?? takerSide).map { $0 == .yes ? .bid : .ask }
    }
}

/// `event_fee_update` (on the `market_lifecycle_v2` channel): an event's fee override changed.
/// A null field means the event has no override of it any more: the series' value applies.
public struct WSEventFeeUpdate: Codable, Sendable, Equatable {
    public var eventTicker: String
    public var feeTypeOverride: String?
    public var feeMultiplierOverride: Double?

    public init(eventTicker: String, feeTypeOverride: String? = nil, feeMultiplierOverride: Double? = nil) {
        self.eventTicker = eventTicker
        self.feeTypeOverride = feeTypeOverride
        self.feeMultiplierOverride = feeMultiplierOverride
    }
}

/// `market_lifecycle_v2` channel: what changed about a market. Timestamps are Unix seconds.
public struct WSMarketLifecycle: Codable, Sendable, Equatable {
    public var marketTicker: String
    public var eventType: String
    public var openTs: Int64?
    public var closeTs: Int64?
    public var result: String?
    public var settlementValue: String?
    public var determinationTs: Int64?
    public var settledTs: Int64?
    public var priceLevelStructure: String?
    public var priceRanges: [PriceRangeDTO]?
    public var isDeactivated: Bool?

    public init(marketTicker: String, eventType: String) {
        self.marketTicker = marketTicker
        self.eventType = eventType
    }
}
