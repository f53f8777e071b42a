import KalshiCore

/// What a strategy asks for during one handler call. The engine applies it after the handler
/// returns (risk checks, order manager, venue), so a strategy can never re-enter the engine.
public struct StrategyActions: Sendable {
    public enum Request: Sendable, Equatable {
        case place(market: MarketID, side: BookSide, price: Price, count: Quantity, timeInForce: TimeInForce, postOnly: Bool)
        case cancel(clientOrderId: String)
        case cancelAll(market: MarketID)
        case amend(clientOrderId: String, price: Price, totalCount: Quantity)
    }

    /// What was asked for, in order.
    public var requests: [Request] { requestList ?? [] }
    /// The valuations recorded, in order.
    public var decisions: [Decision] { decisionList ?? [] }
    /// Whether decisions are being recorded (skip building them when nobody reads them).
    public let recordsDecisions: Bool
    /// True when nothing was asked for or recorded (the engine's usual case: no work after the
    /// handler).
    public var isEmpty: Bool { requestList == nil && decisionList == nil }
    /// Nil until the first entry: the engine makes one of these per event, and most stay empty;
    /// an empty array would still be released when the value goes.
    private var requestList: [Request]?
    private var decisionList: [Decision]?

    public init(recordsDecisions: Bool) { self.recordsDecisions = recordsDecisions }

    public mutating func buy(_ market: MarketID, price: Price, count: Quantity, timeInForce: TimeInForce = .immediateOrCancel) {
        append(.place(market: market, side: .bid, price: price, count: count, timeInForce: timeInForce, postOnly: false))
    }

    public mutating func sell(_ market: MarketID, price: Price, count: Quantity, timeInForce: TimeInForce = .immediateOrCancel) {
        append(.place(market: market, side: .ask, price: price, count: count, timeInForce: timeInForce, postOnly: false))
    }

    public mutating func place(
        _ market: MarketID, side: BookSide, price: Price, count: Quantity, timeInForce: TimeInForce, postOnly: Bool = false
    ) {
        append(.place(market: market, side: side, price: price, count: count, timeInForce: timeInForce, postOnly: postOnly))
    }

    public mutating func cancel(_ clientOrderId: String) { append(.cancel(clientOrderId: clientOrderId)) }
    public mutating func cancelAll(_ market: MarketID) { append(.cancelAll(market: market)) }

    public mutating func amend(_ clientOrderId: String, price: Price, totalCount: Quantity) {
        append(.amend(clientOrderId: clientOrderId, price: price, totalCount: totalCount))
    }

    public mutating func record(_ decision: Decision) {
        guard recordsDecisions else { return }
        if decisionList == nil { decisionList = [decision] } else { decisionList?.append(decision) }
    }

    private mutating func append(_ request: Request) {
        if requestList == nil { requestList = [request] } else { requestList?.append(request) }
    }
}

/// One valuation: the inputs, the verdict and what was done (`decisions.jsonl`).
public struct Decision: Sendable, Equatable {
    public var timeMs: Int64
    public var ticker: String
    public var spot: Money?
    public var volatility: Double?
    public var secondsToClose: Double
    public var fair: Double?
    public var bid: Price?
    public var ask: Price?
    /// Edge per contract of the best action considered, net of the taker fee.
    public var edge: Double?
    public var action: String

    public init(
        timeMs: Int64, ticker: String, spot: Money?, volatility: Double?, secondsToClose: Double, fair: Double?, bid: Price?,
        ask: Price?, edge: Double?, action: String
    ) {
        self.timeMs = timeMs
        self.ticker = ticker
        self.spot = spot
        self.volatility = volatility
        self.secondsToClose = secondsToClose
        self.fair = fair
        self.bid = bid
        self.ask = ask
        self.edge = edge
        self.action = action
    }
}
