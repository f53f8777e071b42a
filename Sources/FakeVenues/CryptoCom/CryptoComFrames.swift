import KalshiCore
import SignalFeeds

/// Crypto.com market-data frames as the fake venue writes them (reference §1–§2): pushes with
/// `id: -1` (or the request's id for a subscription's first data), decimal strings for prices
/// and sizes, integer milliseconds for times.
enum CryptoComFrames {
    static func heartbeat(id: Int64) -> String { #"{"id":\#(id),"method":"public/heartbeat","code":0}"# }

    static func reply(id: Int64, method: String, code: Int = 0, message: String? = nil) -> String {
        var text = #"{"id":\#(id),"method":\#(JSONText.quoted(method)),"code":\#(code)"#
        if let message { text += #","message":\#(JSONText.quoted(message))"# }
        return text + "}"
    }

    static func push(
        id: Int64 = -1, instrument: String, subscription: String, channel: String, extra: String = "", data: [String]
    ) -> String {
        #"{"id":\#(id),"method":"subscribe","code":0,"result":{"instrument_name":\#(JSONText.quoted(instrument)),"subscription":\#(JSONText.quoted(subscription)),"channel":\#(JSONText.quoted(channel))\#(extra),"data":[\#(data.joined(separator: ","))]}}"#
    }

    static func price(_ money: Money) -> String { "\"" + money.formatted(decimals: 2) + "\"" }
    static func size(_ amount: AssetAmount) -> String { "\"" + amount.description + "\"" }

    static func levels(_ levels: [(Money, AssetAmount)]) -> String {
        "[" + levels.map { "[\(price($0.0)),\(size($0.1)),\"\($0.1 == .zero ? 0 : 1)\"]" }.joined(separator: ",") + "]"
    }

    static func bookSnapshot(_ ladder: FakeBookLadder, publishMs: Int64, updateId: Int64) -> String {
        #"{"asks":\#(levels(ladder.sortedAsks)),"bids":\#(levels(ladder.sortedBids)),"t":\#(publishMs),"tt":\#(publishMs),"u":\#(updateId)}"#
    }

    static func bookUpdate(
        bids: [(Money, AssetAmount)], asks: [(Money, AssetAmount)], publishMs: Int64, updateId: Int64, previous: Int64
    ) -> String {
        #"{"update":{"asks":\#(levels(asks)),"bids":\#(levels(bids))},"t":\#(publishMs),"tt":\#(publishMs),"u":\#(updateId),"pu":\#(previous)}"#
    }

    static func value(_ money: Money, timeMs: Int64) -> String { #"{"v":"\#(money.formatted(decimals: 5))","t":\#(timeMs)}"# }

    static func ticker(instrument: String, bid: Money, ask: Money, last: Money, publishMs: Int64, high: Money, low: Money)
        -> String
    {
        #"{"h":\#(price(high)),"l":\#(price(low)),"a":\#(price(last)),"c":"0.0000","b":\#(price(bid)),"bs":"1.0000","k":\#(price(ask)),"ks":"1.0000","i":\#(JSONText.quoted(instrument)),"v":"1000.0000","vv":"3000000.00","oi":"0","t":\#(publishMs)}"#
    }

    static func trade(_ trade: FakeTrade, instrument: String) -> String {
        #"{"d":"\#(trade.id)","t":\#(trade.timeMs),"p":\#(price(trade.price)),"q":\#(size(trade.quantity)),"s":"\#(trade.takerBuys ? "BUY" : "SELL")","i":\#(JSONText.quoted(instrument)),"m":"\#(trade.id)"}"#
    }

    /// `quotedTime`: REST examples carry `t` as a string; the socket sends a number.
    static func candle(_ candle: PriceCandle, volume: AssetAmount, quotedTime: Bool) -> String {
        let time = quotedTime ? "\"\(candle.startMs)\"" : "\(candle.startMs)"
        return
            #"{"o":\#(price(candle.open)),"h":\#(price(candle.high)),"l":\#(price(candle.low)),"c":\#(price(candle.close)),"v":\#(size(volume)),"t":\#(time)}"#
    }
}

/// One trade of the fake venues: one per scenario second, at that second's price.
struct FakeTrade: Sendable, Equatable {
    var id: Int64
    var timeMs: Int64
    var price: Money
    var quantity: AssetAmount
    var takerBuys: Bool
}
