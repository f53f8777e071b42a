/// Decodes Coinbase Exchange feed frames (crypto-feeds.md §4.1); unknown `type`s and bad fields
/// are typed errors naming the field.
///
/// Data frames take the fast path (`CoinbaseFastPath`, no JSON tree); everything else, and any
/// frame it declines, is decoded by `decodeReference`.
public enum CoinbaseDecoder {
    public static func decode(_ text: String) throws(SignalFeedError) -> CoinbaseMessage {
        if let message = CoinbaseFastPath.decode(text) { return message }
        return try decodeReference(text)
    }

    /// The general decoder over a `JSONValue` tree: the verdict for every frame the fast path
    /// does not take, and what the fast path is tested against.
    public static func decodeReference(_ text: String) throws(SignalFeedError) -> CoinbaseMessage {
        let root = JSONField(try JSONParser.parse(text))
        _ = try root.object()
        let type = try root.field("type").string()
        switch type {
        case "subscriptions":
            var names: [String] = []
            for channel in try root.optional("channels")?.array() ?? [] {
                // Channels come as names or as {"name": …, "product_ids": […]}.
                if case .string(let name) = channel.value {
                    names.append(name)
                } else {
                    names.append(try channel.field("name").string())
                }
            }
            return .subscriptions(channels: names)
        case "ticker":
            return .ticker(
                CoinbaseTicker(
                    productId: try root.field("product_id").string(), sequence: try root.field("sequence").int64(),
                    price: try root.field("price").money(), bestBid: try root.optional("best_bid")?.money(),
                    bestAsk: try root.optional("best_ask")?.money(), timeMs: try time(root.field("time")),
                    tradeId: try root.optional("trade_id")?.int64()))
        case "match", "last_match":
            return .match(
                CoinbaseMatch(
                    productId: try root.field("product_id").string(), tradeId: try root.field("trade_id").int64(),
                    sequence: try root.field("sequence").int64(), price: try root.field("price").money(),
                    size: try root.field("size").amount(), side: try root.optional("side")?.string() ?? "",
                    timeMs: try time(root.field("time"))),
                isLast: type == "last_match")
        case "heartbeat":
            return .heartbeat(
                productId: try root.field("product_id").string(), sequence: try root.field("sequence").int64(),
                lastTradeId: try root.optional("last_trade_id")?.int64() ?? 0, timeMs: try time(root.field("time")))
        case "error":
            return .error(message: try root.optional("message")?.string() ?? "", reason: try root.optional("reason")?.string())
        default:
            throw .unknownMessage("type '\(type)'")
        }
    }

    static func time(_ field: JSONField) throws(SignalFeedError) -> Int64 {
        let text = try field.string()
        guard let ms = ISO8601Time.milliseconds(text) else {
            throw .invalidValue(field: field.path, value: text, reason: "is not an ISO-8601 UTC time")
        }
        return ms
    }

    /// The subscribe request: ticker and matches for prices, heartbeat for liveness.
    public static func subscribeRequest(products: [String], channels: [String] = ["ticker", "matches", "heartbeat"]) -> String {
        #"{"type":"subscribe","product_ids":\#(CryptoComRequest.array(products)),"channels":\#(CryptoComRequest.array(channels))}"#
    }
}
