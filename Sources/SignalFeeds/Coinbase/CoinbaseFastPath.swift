import KalshiAPI
import KalshiCore

/// The fast path for Coinbase's data frames (`ticker`, `match`, `last_match`, `heartbeat`): one
/// pass over the frame's bytes (see `FastJSON.swift`), no `JSONValue` tree.
///
/// Contract with `CoinbaseDecoder.decodeReference`, checked by differential tests: a message
/// returned here is the one the reference returns for the same text. It never throws: `nil`
/// means the reference decodes the frame or names its fault (subscription acks, errors, unknown
/// types, escapes in the strings it reads, a key seen twice, a value the reference refuses).
enum CoinbaseFastPath {
    static func decode(_ text: String) -> CoinbaseMessage? {
        FastValues.withReader(text) { reader in try? message(reader) }
    }

    static func message(_ start: JSONByteReader) throws(ScanExit) -> CoinbaseMessage {
        let (frame, root) = try FastValues.document(start)
        let type = try frame.string(root.value("type"))
        switch type {
        case "ticker":
            return .ticker(
                CoinbaseTicker(
                    productId: try frame.string(root.value("product_id")), sequence: try frame.int64(root.value("sequence")),
                    price: try frame.money(root.value("price")), bestBid: try frame.optionalMoney(root.value("best_bid")),
                    bestAsk: try frame.optionalMoney(root.value("best_ask")), timeMs: try time(frame, root.value("time")),
                    tradeId: try frame.optionalInt64(root.value("trade_id"))))
        case "match", "last_match":
            return .match(
                CoinbaseMatch(
                    productId: try frame.string(root.value("product_id")), tradeId: try frame.int64(root.value("trade_id")),
                    sequence: try frame.int64(root.value("sequence")), price: try frame.money(root.value("price")),
                    size: try frame.amount(root.value("size")), side: try frame.optionalString(root.value("side")) ?? "",
                    timeMs: try time(frame, root.value("time"))),
                isLast: type == "last_match")
        case "heartbeat":
            return .heartbeat(
                productId: try frame.string(root.value("product_id")), sequence: try frame.int64(root.value("sequence")),
                lastTradeId: try frame.optionalInt64(root.value("last_trade_id")) ?? 0, timeMs: try time(frame, root.value("time")))
        default:
            throw .fallBack
        }
    }

    /// An ISO-8601 UTC time, read as the reference reads it.
    static func time(_ frame: FastValues, _ span: JSONValueSpan?) throws(ScanExit) -> Int64 {
        guard let milliseconds = ISO8601Time.milliseconds(try frame.string(span)) else { throw .fallBack }
        return milliseconds
    }
}
