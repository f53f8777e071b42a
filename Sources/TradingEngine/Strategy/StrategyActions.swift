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

    public internal(set) var requests: [Request] = []
    public internal(set) var decisions: [Decision] = []
    /// Whether decisions are being recorded (skip building them when nobody reads them).
    public let recordsDecisions: Bool

    public init(recordsDecisions: Bool) { self.recordsDecisions = recordsDecisions }

    public mutating func buy(_ market: MarketID, price: Price, count: Quantity, timeInForce: TimeInForce = .immediateOrCancel) {
        requests.append(.place(market: market, side: .bid, price: price, count: count, timeInForce: timeInForce, postOnly: false))
    }

    public mutating func sell(_ market: MarketID, price: Price, count: Quantity, timeInForce: TimeInForce = .immediateOrCancel) {
        requests.append(.place(market: market, side: .ask, price: price, count: count, timeInForce: timeInForce, postOnly: false))
    }

    public mutating func place(
        _ market: MarketID, side: BookSide, price: Price, count: Quantity, timeInForce: TimeInForce, postOnly: Bool = false
    ) {
        requests.append(.place(market: market, side: side, price: price, count: count, timeInForce: timeInForce, postOnly: postOnly))
    }

    public mutating func cancel(_ clientOrderId: String) { requests.append(.cancel(clientOrderId: clientOrderId)) }
    public mutating func cancelAll(_ market: MarketID) { requests.append(.cancelAll(market: market)) }

    public mutating func amend(_ clientOrderId: String, price: Price, totalCount: Quantity) {
        requests.append(.amend(clientOrderId: clientOrderId, price: price, totalCount: totalCount))
    }

    public mutating func record(_ decision: Decision) {
        if recordsDecisions { decisions.append(decision) }
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
