import KalshiCore

/// One fact of a live session, as the journal keeps it. Money, prices and counts stay
/// fixed-point integers all the way to the database.
public enum JournalRecord: Sendable, Equatable {
    /// An order about to be sent (written before the request leaves), or adopted from the exchange.
    case intent(OrderIntentEntry)
    /// What happened to an order: an answer, a report, a request we sent about it.
    case orderEvent(OrderEventEntry)
    /// One execution of ours, unique by trade id.
    case fill(FillEntry)
    case position(PositionEntry)
    case balance(BalanceEntry)
    case risk(RiskEventEntry)
    case settlement(SettlementEntry)
    case reconciliation(ReconciliationEntry)
}

/// A journaled record with its place in the session's order and its time.
public struct JournalEntry: Sendable, Equatable {
    public var seq: Int64
    public var timeMs: Int64
    public var runId: Int64
    public var record: JournalRecord

    public init(seq: Int64, timeMs: Int64, runId: Int64, record: JournalRecord) {
        self.seq = seq
        self.timeMs = timeMs
        self.runId = runId
        self.record = record
    }
}

public struct OrderIntentEntry: Sendable, Equatable {
    public enum Origin: String, Sendable, Equatable {
        /// Sent by the engine.
        case sent
        /// Found at the exchange by a reconciliation and adopted.
        case adopted
    }

    public var clientOrderId: String
    /// The number in the client order id (`prefix-n`), for ids the session generated.
    public var sequence: Int?
    public var ticker: String
    public var side: BookSide
    public var price: Price
    public var count: Quantity
    public var timeInForce: TimeInForce
    public var postOnly: Bool
    public var origin: Origin
    /// Known for adopted orders.
    public var orderId: String?

    public init(
        clientOrderId: String, sequence: Int?, ticker: String, side: BookSide, price: Price, count: Quantity,
        timeInForce: TimeInForce,
        postOnly: Bool, origin: Origin = .sent, orderId: String? = nil
    ) {
        self.clientOrderId = clientOrderId
        self.sequence = sequence
        self.ticker = ticker
        self.side = side
        self.price = price
        self.count = count
        self.timeInForce = timeInForce
        self.postOnly = postOnly
        self.origin = origin
        self.orderId = orderId
    }
}

public struct OrderEventEntry: Sendable, Equatable {
    public enum Kind: String, Sendable, Equatable, CaseIterable {
        case accepted, rejected, canceled, amended, unknown
        /// Requests we sent about an existing order.
        case cancelSent = "cancel_sent"
        case amendSent = "amend_sent"
        /// A reconciliation found an order we had finished still resting (price/count/canceled of the exchange).
        case revived
    }

    public var clientOrderId: String
    public var kind: Kind
    public var orderId: String?
    public var price: Price?
    public var count: Quantity?
    /// For `revived`: the exchange's filled and remaining counts.
    public var filled: Quantity?
    public var remaining: Quantity?
    public var detail: String?

    public init(
        clientOrderId: String, kind: Kind, orderId: String? = nil, price: Price? = nil, count: Quantity? = nil,
        filled: Quantity? = nil,
        remaining: Quantity? = nil, detail: String? = nil
    ) {
        self.clientOrderId = clientOrderId
        self.kind = kind
        self.orderId = orderId
        self.price = price
        self.count = count
        self.filled = filled
        self.remaining = remaining
        self.detail = detail
    }
}

public struct FillEntry: Sendable, Equatable {
    public var tradeId: String
    public var clientOrderId: String
    public var orderId: String
    public var ticker: String
    public var side: BookSide
    public var price: Price
    public var count: Quantity
    public var fee: Money
    public var isTaker: Bool
    /// `ws` (the fill channel) or `rest` (found by a reconciliation).
    public var source: String

    public init(
        tradeId: String, clientOrderId: String, orderId: String, ticker: String, side: BookSide, price: Price, count: Quantity,
        fee: Money,
        isTaker: Bool, source: String
    ) {
        self.tradeId = tradeId
        self.clientOrderId = clientOrderId
        self.orderId = orderId
        self.ticker = ticker
        self.side = side
        self.price = price
        self.count = count
        self.fee = fee
        self.isTaker = isTaker
        self.source = source
    }
}

public struct PositionEntry: Sendable, Equatable {
    public var ticker: String
    public var local: Quantity
    /// The exchange's figure when the snapshot was taken at a reconciliation.
    public var exchange: Quantity?

    public init(ticker: String, local: Quantity, exchange: Quantity?) {
        self.ticker = ticker
        self.local = local
        self.exchange = exchange
    }
}

public struct BalanceEntry: Sendable, Equatable {
    public var local: Money
    public var exchange: Money?

    public init(local: Money, exchange: Money?) {
        self.local = local
        self.exchange = exchange
    }
}

public struct RiskEventEntry: Sendable, Equatable {
    /// `kill_switch`, `resume`, `halt`, `rejected_by_risk`, `anomaly`, `book_fault`, `terminal_exit`, …
    public var kind: String
    public var ticker: String?
    public var detail: String

    public init(kind: String, ticker: String?, detail: String) {
        self.kind = kind
        self.ticker = ticker
        self.detail = detail
    }
}

public struct SettlementEntry: Sendable, Equatable {
    public var ticker: String
    public var result: OutcomeSide
    /// What our position was paid.
    public var payout: Money

    public init(ticker: String, result: OutcomeSide, payout: Money) {
        self.ticker = ticker
        self.result = result
        self.payout = payout
    }
}

public struct ReconciliationEntry: Sendable, Equatable {
    /// `start`, `reconnect`, `periodic`, `unknown_order`, `shutdown`.
    public var trigger: String
    public var corrections: Int
    public var deferredAccountCheck: Bool
    /// The corrections, one per line, each with both sides.
    public var detail: String

    public init(trigger: String, corrections: Int, deferredAccountCheck: Bool, detail: String) {
        self.trigger = trigger
        self.corrections = corrections
        self.deferredAccountCheck = deferredAccountCheck
        self.detail = detail
    }
}
