import SignalFeeds

/// The fake Coinbase feed's view of one WebSocket connection.
struct CoinbaseConnection: Sendable {
    let id: Int
    let sink: AsyncStream<FakeFrame>.Continuation
    let openedWallMs: Int64
    var products: Set<SignalAsset> = []
    var channels: Set<String> = []
    var framesSent = 0
    var lastTradeSecond: [SignalAsset: Int64] = [:]
    var lastHeartbeatWallMs: Int64 = 0

    var isSubscribed: Bool { !products.isEmpty && !channels.isEmpty }
}

/// Coinbase Exchange feed frames (crypto-feeds.md §4.1). One trade per scenario second: its
/// `ticker` and `match` share the product sequence `2·second`; heartbeats report the last trade.
enum CoinbaseFrames {
    static let channels: Set<String> = ["ticker", "matches", "heartbeat"]

    static func subscriptions(_ channels: [String], products: [String]) -> String {
        let list = channels.sorted().map { #"{"name":\#(JSONText.quoted($0)),"product_ids":\#(JSONText.array(products))}"# }
        return #"{"type":"subscriptions","channels":[\#(list.joined(separator: ","))]}"#
    }

    static func error(_ message: String, reason: String) -> String {
        #"{"type":"error","message":\#(JSONText.quoted(message)),"reason":\#(JSONText.quoted(reason))}"#
    }

    static func ticker(_ trade: FakeTrade, product: String, bid: String, ask: String) -> String {
        #"{"type":"ticker","sequence":\#(trade.id * 2),"product_id":"\#(product)","price":"\#(trade.price.formatted(decimals: 2))","open_24h":"0","volume_24h":"1000","low_24h":"0","high_24h":"0","volume_30d":"30000","best_bid":"\#(bid)","best_bid_size":"1.0","best_ask":"\#(ask)","best_ask_size":"1.0","side":"\#(trade.takerBuys ? "buy" : "sell")","time":"\#(ISO8601Time.format(ms: trade.timeMs))","trade_id":\#(trade.id),"last_size":"\#(trade.quantity)"}"#
    }

    static func match(_ trade: FakeTrade, product: String, last: Bool) -> String {
        // `side` is the maker's side: the opposite of the taker's.
        #"{"type":"\#(last ? "last_match" : "match")","trade_id":\#(trade.id),"sequence":\#(trade.id * 2),"maker_order_id":"m-\#(trade.id)","taker_order_id":"t-\#(trade.id)","time":"\#(ISO8601Time.format(ms: trade.timeMs))","product_id":"\#(product)","size":"\#(trade.quantity)","price":"\#(trade.price.formatted(decimals: 2))","side":"\#(trade.takerBuys ? "sell" : "buy")"}"#
    }

    static func heartbeat(product: String, lastTrade: Int64, timeMs: Int64) -> String {
        #"{"type":"heartbeat","sequence":\#(lastTrade * 2),"last_trade_id":\#(lastTrade),"product_id":"\#(product)","time":"\#(ISO8601Time.format(ms: timeMs))"}"#
    }
}
