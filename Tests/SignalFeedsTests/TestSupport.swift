import KalshiCore

@testable import SignalFeeds

func dollars(_ text: String) -> Money { try! Money(parsing: text) }

func amount(_ text: String) -> AssetAmount {
    AssetAmount(units: try! SignalDecimal.scaled(text, scale: AssetAmount.decimals, field: "test"))
}

extension Array where Element == SignalSessionAction {
    var sent: [String] {
        compactMap {
            if case .send(let text) = $0 { return text }
            return nil
        }
    }

    var events: [SignalEvent] {
        compactMap {
            if case .emit(let event) = $0 { return event }
            return nil
        }
    }

    var ticks: [SignalTick] {
        events.compactMap {
            if case .tick(let tick) = $0 { return tick }
            return nil
        }
    }
}

/// Crypto.com push frames for session tests, in the reference's shapes.
enum CDC {
    static func push(_ subscription: String, _ channel: String, _ data: String, id: Int = -1) -> String {
        #"{"id":\#(id),"method":"subscribe","code":0,"result":{"instrument_name":"ETH_USD","subscription":"\#(subscription)","channel":"\#(channel)","data":[\#(data)]}}"#
    }

    static func snapshot(u: Int64, bid: String = "3000.00", ask: String = "3000.10", t: Int64 = 1_000) -> String {
        push(
            "book.ETH_USD.10", "book",
            #"{"asks":[["\#(ask)","1.0","1"]],"bids":[["\#(bid)","2.0","1"]],"t":\#(t),"tt":\#(t),"u":\#(u)}"#)
    }

    static func delta(u: Int64, pu: Int64, bids: String = "[]", asks: String = "[]", t: Int64 = 1_000) -> String {
        push(
            "book.ETH_USD.10", "book.update",
            #"{"update":{"asks":\#(asks),"bids":\#(bids)},"t":\#(t),"tt":\#(t),"u":\#(u),"pu":\#(pu)}"#)
    }

    static func index(_ value: String, t: Int64) -> String {
        #"{"id":-1,"method":"subscribe","code":0,"result":{"instrument_name":"ETHUSD-INDEX","subscription":"index.ETHUSD-INDEX","channel":"index","data":[{"v":"\#(value)","t":\#(t)}]}}"#
    }

    static func trade(id: Int64, price: String, t: Int64) -> String {
        #"{"d":"\#(id)","t":\#(t),"p":"\#(price)","q":"0.1","s":"BUY","i":"ETH_USD"}"#
    }
}
