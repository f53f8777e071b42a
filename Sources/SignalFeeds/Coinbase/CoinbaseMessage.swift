import KalshiCore

/// A decoded frame from the Coinbase Exchange public feed (crypto-feeds.md §4.1).
public enum CoinbaseMessage: Sendable, Equatable {
    /// `subscriptions`: the channels now active.
    case subscriptions(channels: [String])
    case ticker(CoinbaseTicker)
    /// `match`, or `last_match` (`isLast`), the trade before we subscribed.
    case match(CoinbaseMatch, isLast: Bool)
    case heartbeat(productId: String, sequence: Int64, lastTradeId: Int64, timeMs: Int64)
    case error(message: String, reason: String?)
}

public struct CoinbaseTicker: Sendable, Equatable {
    public var productId: String
    public var sequence: Int64
    public var price: Money
    public var bestBid: Money?
    public var bestAsk: Money?
    public var timeMs: Int64
    public var tradeId: Int64?

    public init(
        productId: String, sequence: Int64, price: Money, bestBid: Money?, bestAsk: Money?, timeMs: Int64, tradeId: Int64?
    ) {
        self.productId = productId
        self.sequence = sequence
        self.price = price
        self.bestBid = bestBid
        self.bestAsk = bestAsk
        self.timeMs = timeMs
        self.tradeId = tradeId
    }
}

public struct CoinbaseMatch: Sendable, Equatable {
    public var productId: String
    public var tradeId: Int64
    public var sequence: Int64
    public var price: Money
    public var size: AssetAmount
    /// The maker's side (the reference marks the convention unconfirmed; not used for prices).
    public var side: String
    public var timeMs: Int64

    public init(productId: String, tradeId: Int64, sequence: Int64, price: Money, size: AssetAmount, side: String, timeMs: Int64)
    {
        self.productId = productId
        self.tradeId = tradeId
        self.sequence = sequence
        self.price = price
        self.size = size
        self.side = side
        self.timeMs = timeMs
    }
}
