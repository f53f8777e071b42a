import KalshiCore

/// A decoded frame from Crypto.com's market-data socket (reference §1–§2).
public enum CryptoComMessage: Sendable, Equatable {
    /// `public/heartbeat`: must be answered with `public/respond-heartbeat` and the same id within 5 s.
    case heartbeat(id: Int64)
    /// A direct reply to one of our requests (subscribe/unsubscribe confirmations, errors).
    case reply(id: Int64, method: String, code: Int, message: String?)
    /// Channel data, routed by `subscription`.
    case push(CryptoComPush)
}

public struct CryptoComPush: Sendable, Equatable {
    /// The full channel string we subscribed to (`book.ETH_USD.10`).
    public var subscription: String
    /// The channel family (`book`, `book.update`, `ticker`, …).
    public var channel: String
    public var instrument: String
    public var payload: CryptoComPayload

    public init(subscription: String, channel: String, instrument: String, payload: CryptoComPayload) {
        self.subscription = subscription
        self.channel = channel
        self.instrument = instrument
        self.payload = payload
    }
}

public enum CryptoComPayload: Sendable, Equatable {
    case bookSnapshot([CryptoComBookSnapshot])
    case bookUpdate([CryptoComBookUpdate])
    case ticker([CryptoComTicker])
    case trades([CryptoComTrade])
    case candles([CryptoComCandle])
    /// `index`, `mark` and other `{v, t}` channels.
    case values([CryptoComValue])
}

public struct CryptoComLevel: Sendable, Equatable {
    public var price: Money
    /// Total size at the level (absolute, not a change); zero deletes the level.
    public var size: AssetAmount
    public var orders: Int?

    public init(price: Money, size: AssetAmount, orders: Int? = nil) {
        self.price = price
        self.size = size
        self.orders = orders
    }
}

public struct CryptoComBookSnapshot: Sendable, Equatable {
    public var bids: [CryptoComLevel]
    public var asks: [CryptoComLevel]
    public var publishMs: Int64
    public var updateId: Int64

    public init(bids: [CryptoComLevel], asks: [CryptoComLevel], publishMs: Int64, updateId: Int64) {
        self.bids = bids
        self.asks = asks
        self.publishMs = publishMs
        self.updateId = updateId
    }
}

public struct CryptoComBookUpdate: Sendable, Equatable {
    public var bids: [CryptoComLevel]
    public var asks: [CryptoComLevel]
    public var publishMs: Int64
    /// `u`: this message's sequence number.
    public var updateId: Int64
    /// `pu`: the `u` of the previous message of this stream; must equal the last one applied.
    public var previousUpdateId: Int64

    public init(bids: [CryptoComLevel], asks: [CryptoComLevel], publishMs: Int64, updateId: Int64, previousUpdateId: Int64) {
        self.bids = bids
        self.asks = asks
        self.publishMs = publishMs
        self.updateId = updateId
        self.previousUpdateId = previousUpdateId
    }
}

public struct CryptoComTicker: Sendable, Equatable {
    public var instrument: String
    public var bestBid: Money?
    public var bestAsk: Money?
    public var lastTrade: Money?
    public var publishMs: Int64

    public init(instrument: String, bestBid: Money?, bestAsk: Money?, lastTrade: Money?, publishMs: Int64) {
        self.instrument = instrument
        self.bestBid = bestBid
        self.bestAsk = bestAsk
        self.lastTrade = lastTrade
        self.publishMs = publishMs
    }
}

public struct CryptoComTrade: Sendable, Equatable {
    /// `d`, a decimal string; compared numerically.
    public var tradeId: String
    public var timeMs: Int64
    public var price: Money
    public var quantity: AssetAmount
    /// `s`: the taker side, `BUY` or `SELL`.
    public var takerSide: String

    public init(tradeId: String, timeMs: Int64, price: Money, quantity: AssetAmount, takerSide: String) {
        self.tradeId = tradeId
        self.timeMs = timeMs
        self.price = price
        self.quantity = quantity
        self.takerSide = takerSide
    }

    /// Trades ordered by time, then by id (ids are decimal strings of varying length).
    public static func isOrdered(_ lhs: CryptoComTrade, before rhs: CryptoComTrade) -> Bool {
        if lhs.timeMs != rhs.timeMs { return lhs.timeMs < rhs.timeMs }
        if lhs.tradeId.count != rhs.tradeId.count { return lhs.tradeId.count < rhs.tradeId.count }
        return lhs.tradeId < rhs.tradeId
    }
}

public struct CryptoComCandle: Sendable, Equatable {
    public var startMs: Int64
    public var open: Money
    public var high: Money
    public var low: Money
    public var close: Money
    public var volume: AssetAmount

    public init(startMs: Int64, open: Money, high: Money, low: Money, close: Money, volume: AssetAmount) {
        self.startMs = startMs
        self.open = open
        self.high = high
        self.low = low
        self.close = close
        self.volume = volume
    }

    public var priceCandle: PriceCandle { PriceCandle(startMs: startMs, open: open, high: high, low: low, close: close) }
}

public struct CryptoComValue: Sendable, Equatable {
    public var value: Money
    public var timeMs: Int64

    public init(value: Money, timeMs: Int64) {
        self.value = value
        self.timeMs = timeMs
    }
}
