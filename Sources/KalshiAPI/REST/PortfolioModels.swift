import KalshiCore

/// `GET /portfolio/balance`: `balance` in integer cents (truncated), `balance_dollars` exact.
public struct BalanceDTO: Codable, Sendable, Equatable {
    /// One shard's cash in `balance_breakdown` (reference §4.6: collateral is per shard).
    public struct ShardBalance: Codable, Sendable, Equatable {
        public var exchangeIndex: Int
        public var balance: Money

        public init(exchangeIndex: Int, balance: Money) {
            self.exchangeIndex = exchangeIndex
            self.balance = balance
        }
    }

    public var balance: Int64
    public var balanceDollars: Money?
    public var portfolioValue: Int64?
    public var updatedTs: Int64?
    /// Cash per shard; absent from older answers (then all of it counts as on every shard).
    public var balanceBreakdown: [ShardBalance]?

    public init(
        balance: Int64, balanceDollars: Money?, portfolioValue: Int64?, updatedTs: Int64?, balanceBreakdown: [ShardBalance]? = nil
    ) {
        self.balance = balance
        self.balanceDollars = balanceDollars
        self.portfolioValue = portfolioValue
        self.updatedTs = updatedTs
        self.balanceBreakdown = balanceBreakdown
    }

    /// The cash on shard `index`: its breakdown entry, the total when the answer has no
    /// breakdown, zero when the breakdown does not list the shard.
    public func balance(onShard index: Int) -> Money {
        guard let balanceBreakdown else { return exactBalance }
        return balanceBreakdown.first { $0.exchangeIndex == index }?.balance ?? .zero
    }

    /// The exact balance when the exchange sent it, else the cents figure.
    public var exactBalance: Money { balanceDollars ?? Money(cents: balance) }

    /// `balance` is integer cents from a REST body: `Money(cents:)` would trap on one whose
    /// micro-dollars do not fit, so it is range-checked here, naming the field.
    public static let balanceCentsRange: ClosedRange<Int64> =
        (-Money.maxMicros / Money.microsPerCent)...(Money.maxMicros / Money.microsPerCent)

    enum CodingKeys: String, CodingKey {
        case balance, balanceDollars, portfolioValue, updatedTs, balanceBreakdown
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        balance = try container.decode(Int64.self, forKey: .balance)
        guard Self.balanceCentsRange.contains(balance) else {
            throw DecodingError.dataCorruptedError(
                forKey: .balance, in: container,
                debugDescription: "balance \(balance) cents is out of range \(Self.balanceCentsRange)")
        }
        balanceDollars = try container.decodeIfPresent(Money.self, forKey: .balanceDollars)
        portfolioValue = try container.decodeIfPresent(Int64.self, forKey: .portfolioValue)
        updatedTs = try container.decodeIfPresent(Int64.self, forKey: .updatedTs)
        balanceBreakdown = try container.decodeIfPresent([ShardBalance].self, forKey: .balanceBreakdown)
    }
}

public struct MarketPositionDTO: Codable, Sendable, Equatable {
    public var ticker: String
    public var positionFp: Quantity
    public var marketExposureDollars: Money?
    public var totalTradedDollars: Money?
    public var realizedPnlDollars: Money?
    public var feesPaidDollars: Money?
    public var exchangeIndex: Int?

    public init(ticker: String, positionFp: Quantity) {
        self.ticker = ticker
        self.positionFp = positionFp
    }
}

public struct PositionsPage: Codable, Sendable, Equatable {
    public var marketPositions: [MarketPositionDTO]
    public var cursor: String?

    public init(marketPositions: [MarketPositionDTO], cursor: String?) {
        self.marketPositions = marketPositions
        self.cursor = cursor
    }
}

/// The order object of `GET /portfolio/orders` (V2 direction fields).
public struct OrderDTO: Codable, Sendable, Equatable {
    public var orderId: String
    public var clientOrderId: String?
    public var ticker: String
    public var outcomeSide: String?
    public var bookSide: String
    public var type: String?
    public var status: String
    public var yesPriceDollars: Price
    public var initialCountFp: Quantity?
    public var fillCountFp: Quantity
    public var remainingCountFp: Quantity
    public var takerFeesDollars: Money?
    public var makerFeesDollars: Money?
    public var createdTime: String?
    public var lastUpdateTime: String?
    public var expirationTime: String?
    public var exchangeIndex: Int?

    public init(
        orderId: String, clientOrderId: String?, ticker: String, bookSide: String, status: String, yesPriceDollars: Price,
        fillCountFp: Quantity, remainingCountFp: Quantity
    ) {
        self.orderId = orderId
        self.clientOrderId = clientOrderId
        self.ticker = ticker
        self.bookSide = bookSide
        self.status = status
        self.yesPriceDollars = yesPriceDollars
        self.fillCountFp = fillCountFp
        self.remainingCountFp = remainingCountFp
    }
}

public struct OrdersPage: Codable, Sendable, Equatable {
    public var orders: [OrderDTO]
    public var cursor: String?

    public init(orders: [OrderDTO], cursor: String?) {
        self.orders = orders
        self.cursor = cursor
    }
}

public struct OrderResponse: Codable, Sendable, Equatable {
    public var order: OrderDTO
    public init(order: OrderDTO) { self.order = order }
}

/// One of our executions (`GET /portfolio/fills`); the price is always the YES price.
public struct FillDTO: Codable, Sendable, Equatable {
    public var fillId: String
    public var tradeId: String?
    public var orderId: String
    public var ticker: String
    public var outcomeSide: String?
    public var bookSide: String
    public var countFp: Quantity
    public var yesPriceDollars: Price
    public var isTaker: Bool
    public var feeCost: Money
    public var createdTime: String?
    public var ts: Int64?

    public init(
        fillId: String, orderId: String, ticker: String, bookSide: String, countFp: Quantity, yesPriceDollars: Price,
        isTaker: Bool, feeCost: Money
    ) {
        self.fillId = fillId
        self.tradeId = fillId
        self.orderId = orderId
        self.ticker = ticker
        self.bookSide = bookSide
        self.countFp = countFp
        self.yesPriceDollars = yesPriceDollars
        self.isTaker = isTaker
        self.feeCost = feeCost
    }
}

public struct FillsPage: Codable, Sendable, Equatable {
    public var fills: [FillDTO]
    public var cursor: String?

    public init(fills: [FillDTO], cursor: String?) {
        self.fills = fills
        self.cursor = cursor
    }
}

/// `GET /portfolio/settlements`: `revenue` and `value` are integer cents.
public struct SettlementDTO: Codable, Sendable, Equatable {
    public var ticker: String
    public var eventTicker: String?
    public var marketResult: String
    public var yesCountFp: Quantity?
    public var noCountFp: Quantity?
    public var revenue: Int64
    public var value: Int64?
    public var settledTime: String?
    public var feeCost: Money?

    public init(ticker: String, marketResult: String, revenue: Int64) {
        self.ticker = ticker
        self.marketResult = marketResult
        self.revenue = revenue
    }
}

public struct SettlementsPage: Codable, Sendable, Equatable {
    public var settlements: [SettlementDTO]
    public var cursor: String?

    public init(settlements: [SettlementDTO], cursor: String?) {
        self.settlements = settlements
        self.cursor = cursor
    }
}

/// `GET /account/limits`: the account's API usage tier and its token buckets.
public struct AccountLimitsDTO: Codable, Sendable, Equatable {
    public struct Bucket: Codable, Sendable, Equatable {
        public var refillRate: Int64?
        public var bucketCapacity: Int64?

        public init(refillRate: Int64?, bucketCapacity: Int64?) {
            self.refillRate = refillRate
            self.bucketCapacity = bucketCapacity
        }
    }

    public var usageTier: String
    public var read: Bucket?
    public var write: Bucket?

    public init(usageTier: String, read: Bucket?, write: Bucket?) {
        self.usageTier = usageTier
        self.read = read
        self.write = write
    }
}

/// `POST /portfolio/intra_exchange_instance_transfer` (reference §4.6): cash between shards.
/// The amount is in centicents (1/10,000 dollar).
public struct IntraExchangeTransferRequest: Codable, Sendable, Equatable {
    public static let microsPerCenticent: Int64 = 100
    /// A billion dollars: far above any account, and small enough that centicents × 100 fits.
    public static let maximumCenticents: Int64 = 10_000_000_000_000

    public var source: String
    public var destination: String
    public var amount: Int64
    public var sourceExchangeShard: Int
    public var destinationExchangeShard: Int

    /// Moves `amount`, rounded up to a whole centicent, from one shard to another.
    public init(amount: Money, from source: Int, to destination: Int) {
        self.source = "event_contract"
        self.destination = "event_contract"
        let (whole, remainder) = amount.micros.quotientAndRemainder(dividingBy: Self.microsPerCenticent)
        self.amount = whole + (remainder > 0 ? 1 : 0)
        self.sourceExchangeShard = source
        self.destinationExchangeShard = destination
    }
}

public struct IntraExchangeTransferResponse: Codable, Sendable, Equatable {
    public var transferId: String

    public init(transferId: String) { self.transferId = transferId }
}
