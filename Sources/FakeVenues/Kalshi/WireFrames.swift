import Foundation
import KalshiAPI
import KalshiCore

/// Builds the exact text frames Kalshi's WebSocket sends (reference §2.3–2.6).
enum WireFrames {
    static func subscribed(id: Int?, channel: String, sid: Int) -> String {
        #"{"type":"subscribed","id":\#(id.map(String.init) ?? "0"),"msg":{"channel":"\#(channel)","sid":\#(sid)}}"#
    }

    static func ok(id: Int?, sid: Int, seq: Int64, tickers: [String]) -> String {
        #"{"id":\#(id.map(String.init) ?? "0"),"type":"ok","sid":\#(sid),"seq":\#(seq),"msg":{"market_tickers":\#(array(tickers))}}"#
    }

    static func unsubscribed(id: Int?, sid: Int, seq: Int64) -> String {
        #"{"id":\#(id.map(String.init) ?? "0"),"type":"unsubscribed","sid":\#(sid),"seq":\#(seq)}"#
    }

    static func error(id: Int?, code: Int, message: String, marketTicker: String? = nil) -> String {
        let idPart = id.map { #""id":\#($0),"# } ?? ""
        let market = marketTicker.map { #","market_ticker":\#(JSONLineWriter.quote($0))"# } ?? ""
        return #"{\#(idPart)"type":"error","msg":{"code":\#(code),"msg":\#(JSONLineWriter.quote(message))\#(market)}}"#
    }

    static func listSubscriptions(id: Int?, _ subscriptions: [(channel: String, sid: Int)]) -> String {
        let items = subscriptions.map { #"{"channel":"\#($0.channel)","sid":\#($0.sid)}"# }.joined(separator: ",")
        return #"{"id":\#(id.map(String.init) ?? "0"),"type":"ok","msg":[\#(items)]}"#
    }

    static func snapshot(sid: Int, seq: Int64, ticker: String, yes: [BookLevel], no: [BookLevel]) -> String {
        func levels(_ key: String, _ levels: [BookLevel]) -> String {
            guard !levels.isEmpty else { return "" }
            let items = levels.sorted { $0.price < $1.price }.map { #"["\#($0.price)","\#($0.size)"]"# }.joined(separator: ",")
            return #","\#(key)":[\#(items)]"#
        }
        return #"{"type":"orderbook_snapshot","sid":\#(sid),"seq":\#(seq),"msg":{"market_ticker":\#(JSONLineWriter.quote(ticker))\#(levels("yes_dollars_fp", yes))\#(levels("no_dollars_fp", no))}}"#
    }

    static func delta(sid: Int, seq: Int64, ticker: String, delta: BookDelta, timeMs: Int64, clientOrderId: String?) -> String {
        let own = clientOrderId.map { #","client_order_id":\#(JSONLineWriter.quote($0))"# } ?? ""
        return #"{"type":"orderbook_delta","sid":\#(sid),"seq":\#(seq),"msg":{"market_ticker":\#(JSONLineWriter.quote(ticker)),"price_dollars":"\#(delta.price)","delta_fp":"\#(delta.delta)","side":"\#(delta.side.rawValue)","ts":"\#(RFC3339.format(ms: timeMs))","ts_ms":\#(timeMs)\#(own)}}"#
    }

    /// A data message whose `msg` is a Codable value (fills, orders, positions, tickers, trades).
    static func message<Message: Encodable>(type: String, sid: Int, seq: Int64? = nil, _ msg: Message) -> String {
        let body = (try? KalshiJSON.encoder().encode(msg)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
        let seqPart = seq.map { #","seq":\#($0)"# } ?? ""
        return #"{"type":"\#(type)","sid":\#(sid)\#(seqPart),"msg":\#(body)}"#
    }

    private static func array(_ values: [String]) -> String {
        "[" + values.map(JSONLineWriter.quote).joined(separator: ",") + "]"
    }
}
