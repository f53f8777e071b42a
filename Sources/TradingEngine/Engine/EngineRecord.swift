import KalshiCore

/// What the engine did, for the session's logs (`orders.jsonl`, `fills.jsonl`, `state.jsonl`,
/// `decisions.jsonl`). Collected only when recording is on.
public enum EngineRecord: Sendable, Equatable {
    case decision(Decision)
    case order(OrderRecord)
    case fill(FillRecord)
    case state(StateRecord)
}

public struct OrderRecord: Sendable, Equatable {
    public var timeMs: Int64
    public var clientOrderId: String
    public var ticker: String
    public var side: BookSide
    public var price: Price
    public var count: Quantity
    /// `sent`, `reduced`, `rejected_by_risk`, `accepted`, `rejected`, `cancel_sent`, `canceled`,
    /// `amend_sent`, `amended`, `filled`, `unknown`.
    public var event: String
    public var reason: String?

    public init(
        timeMs: Int64, clientOrderId: String, ticker: String, side: BookSide, price: Price, count: Quantity, event: String,
        reason: String? = nil
    ) {
        self.timeMs = timeMs
        self.clientOrderId = clientOrderId
        self.ticker = ticker
        self.side = side
        self.price = price
        self.count = count
        self.event = event
        self.reason = reason
    }
}

public struct FillRecord: Sendable, Equatable {
    public var timeMs: Int64
    public var clientOrderId: String
    public var ticker: String
    public var side: BookSide
    public var price: Price
    public var count: Quantity
    public var fee: Money
    public var isTaker: Bool
    /// Signed position after the fill.
    public var position: Quantity

    public init(
        timeMs: Int64, clientOrderId: String, ticker: String, side: BookSide, price: Price, count: Quantity, fee: Money, isTaker: Bool,
        position: Quantity
    ) {
        self.timeMs = timeMs
        self.clientOrderId = clientOrderId
        self.ticker = ticker
        self.side = side
        self.price = price
        self.count = count
        self.fee = fee
        self.isTaker = isTaker
        self.position = position
    }
}

public struct StateRecord: Sendable, Equatable {
    public var timeMs: Int64
    /// e.g. `book_untrusted`, `book_trusted`, `halt`, `kill_switch`, `settlement`, `anomaly`.
    public var kind: String
    public var ticker: String?
    public var detail: String

    public init(timeMs: Int64, kind: String, ticker: String?, detail: String) {
        self.timeMs = timeMs
        self.kind = kind
        self.ticker = ticker
        self.detail = detail
    }
}
