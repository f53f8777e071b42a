import KalshiCore

/// A decoded frame from Kalshi's market-data WebSocket (reference §2.3–2.6).
public enum KalshiWSMessage: Equatable, Sendable {
    case subscribed(id: Int?, channel: String?, sid: Int?)
    case ok(id: Int?, sid: Int?, seq: Int64?)
    case unsubscribed(id: Int?, sid: Int, seq: Int64?)
    case error(id: Int?, code: Int, message: String, marketTicker: String?)
    case orderbookSnapshot(sid: Int, seq: Int64?, OrderbookSnapshot)
    case orderbookDelta(sid: Int, seq: Int64?, OrderbookDeltaUpdate)
    case fill(sid: Int?, WSFill)
    case userOrder(sid: Int?, WSUserOrder)
    case marketPosition(sid: Int?, WSMarketPosition)
    case ticker(sid: Int?, WSTicker)
    case trade(sid: Int?, seq: Int64?, WSTrade)
    case marketLifecycle(sid: Int?, WSMarketLifecycle)
    case orderGroup(sid: Int?, WSOrderGroupUpdate)
    case eventFeeUpdate(sid: Int?, WSEventFeeUpdate)
    /// A frame of a type this client does not act on (ticker, trade, …), kept by name.
    case other(type: String, sid: Int?, seq: Int64?)
}

/// `orderbook_snapshot.msg`: resting bids of both legs (NO at NO-leg prices).
public struct OrderbookSnapshot: Equatable, Sendable {
    public var marketTicker: String
    public var marketId: String?
    public var yes: [BookLevel]
    public var no: [BookLevel]

    public init(marketTicker: String, marketId: String? = nil, yes: [BookLevel], no: [BookLevel]) {
        self.marketTicker = marketTicker
        self.marketId = marketId
        self.yes = yes
        self.no = no
    }
}

/// `orderbook_delta.msg`.
public struct OrderbookDeltaUpdate: Equatable, Sendable {
    public var marketTicker: String
    public var delta: BookDelta
    public var timestampMs: Int64?
    /// Present only when one of our own orders caused the change.
    public var clientOrderId: String?

    public init(marketTicker: String, delta: BookDelta, timestampMs: Int64? = nil, clientOrderId: String? = nil) {
        self.marketTicker = marketTicker
        self.delta = delta
        self.timestampMs = timestampMs
        self.clientOrderId = clientOrderId
    }
}

extension KalshiWSMessage {
    /// The book-relevant event this frame carries, if any.
    public var bookFeedEvent: BookFeedEvent? {
        switch self {
        case .subscribed(_, let channel, let sid):
            guard let sid, channel == nil || channel == "orderbook_delta" else { return nil }
            return .subscribed(sid: sid)
        case .ok(_, let sid, let seq):
            guard let sid, let seq else { return nil }
            return .sequenced(sid: sid, seq: seq)
        case .unsubscribed(_, let sid, _):
            return .unsubscribed(sid: sid)
        case .orderbookSnapshot(let sid, let seq, let snapshot):
            return .snapshot(sid: sid, seq: seq, ticker: snapshot.marketTicker, yes: snapshot.yes, no: snapshot.no)
        case .orderbookDelta(let sid, let seq, let update):
            return .delta(sid: sid, seq: seq, ticker: update.marketTicker, update.delta)
        case .error, .other, .fill, .userOrder, .marketPosition, .ticker, .trade, .marketLifecycle, .orderGroup, .eventFeeUpdate:
            return nil
        }
    }
}
