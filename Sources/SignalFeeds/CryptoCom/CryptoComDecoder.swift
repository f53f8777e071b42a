/// Decodes Crypto.com Exchange v1 market-data frames (reference §1–§2) into typed messages.
/// Lenient where the reference says the venue varies (codes and timestamps as numbers or
/// strings, optional level order counts), strict everywhere else: a malformed frame is a typed
/// error naming the field, never a crash.
///
/// Pushes take the fast path (`CryptoComFastPath`, no JSON tree); everything else, and any push
/// it declines, is decoded by `decodeReference`.
public enum CryptoComDecoder {
    public static func decode(_ text: String) throws(SignalFeedError) -> CryptoComMessage {
        if let message = CryptoComFastPath.decode(text) { return message }
        return try decodeReference(text)
    }

    /// The general decoder over a `JSONValue` tree: the verdict for every frame the fast path
    /// does not take, and what the fast path is tested against.
    public static func decodeReference(_ text: String) throws(SignalFeedError) -> CryptoComMessage {
        let root = JSONField(try JSONParser.parse(text))
        _ = try root.object()
        let method = try root.optional("method")?.string() ?? ""
        let id = try root.optional("id")?.int64() ?? -1
        if method == CryptoComRequest.heartbeatMethod { return .heartbeat(id: id) }
        let code = try root.optional("code")?.int() ?? 0
        let message = try root.optional("message")?.string()
        guard code == 0, let result = root.optional("result"), result.optional("channel") != nil else {
            return .reply(id: id, method: method, code: code, message: message)
        }
        return .push(try push(result))
    }

    static func push(_ result: JSONField) throws(SignalFeedError) -> CryptoComPush {
        let channel = try result.field("channel").string()
        let subscription = try result.optional("subscription")?.string() ?? channel
        let instrument = try result.optional("instrument_name")?.string() ?? ""
        let data = try result.field("data").array()
        let payload: CryptoComPayload
        switch channel {
        case "book":
            var snapshots: [CryptoComBookSnapshot] = []
            for item in data { snapshots.append(try bookSnapshot(item)) }
            payload = .bookSnapshot(snapshots)
        case "book.update":
            var updates: [CryptoComBookUpdate] = []
            for item in data { updates.append(try bookUpdate(item)) }
            payload = .bookUpdate(updates)
        case "ticker":
            var tickers: [CryptoComTicker] = []
            for item in data { tickers.append(try ticker(item, instrument: instrument)) }
            payload = .ticker(tickers)
        case "trade":
            var trades: [CryptoComTrade] = []
            for item in data { trades.append(try trade(item)) }
            payload = .trades(trades)
        case "candlestick":
            var candles: [CryptoComCandle] = []
            for item in data { candles.append(try candle(item)) }
            payload = .candles(candles)
        case "index", "mark", "settlement", "funding", "estimatedfunding":
            var values: [CryptoComValue] = []
            for item in data {
                values.append(CryptoComValue(value: try item.field("v").money(), timeMs: try item.field("t").epochMs()))
            }
            payload = .values(values)
        default:
            throw .unknownMessage("channel '\(channel)'")
        }
        return CryptoComPush(subscription: subscription, channel: channel, instrument: instrument, payload: payload)
    }

    static func levels(_ field: JSONField?) throws(SignalFeedError) -> [CryptoComLevel] {
        guard let field else { return [] }
        var levels: [CryptoComLevel] = []
        for entry in try field.array() {
            let parts = try entry.array()
            guard parts.count >= 2 else {
                throw .invalidValue(field: entry.path, value: "\(parts.count) elements", reason: "must be [price, size, count]")
            }
            let orders = parts.count > 2 ? try parts[2].int() : nil
            levels.append(CryptoComLevel(price: try parts[0].money(), size: try parts[1].amount(), orders: orders))
        }
        return levels
    }

    static func bookSnapshot(_ item: JSONField) throws(SignalFeedError) -> CryptoComBookSnapshot {
        CryptoComBookSnapshot(
            bids: try levels(item.optional("bids")), asks: try levels(item.optional("asks")),
            publishMs: try item.field("t").epochMs(),
            updateId: try item.field("u").int64())
    }

    static func bookUpdate(_ item: JSONField) throws(SignalFeedError) -> CryptoComBookUpdate {
        let update = try item.field("update")
        return CryptoComBookUpdate(
            bids: try levels(update.optional("bids")), asks: try levels(update.optional("asks")),
            publishMs: try item.field("t").epochMs(),
            updateId: try item.field("u").int64(), previousUpdateId: try item.field("pu").int64())
    }

    static func ticker(_ item: JSONField, instrument: String) throws(SignalFeedError) -> CryptoComTicker {
        CryptoComTicker(
            instrument: try item.optional("i")?.string() ?? instrument, bestBid: try item.optional("b")?.money(),
            bestAsk: try item.optional("k")?.money(), lastTrade: try item.optional("a")?.money(),
            publishMs: try item.field("t").epochMs())
    }

    static func trade(_ item: JSONField) throws(SignalFeedError) -> CryptoComTrade {
        let id = try item.field("d").numericText()
        guard !id.isEmpty, id.allSatisfy(\.isNumber) else {
            throw .invalidValue(field: "\(item.path).d", value: id, reason: "is not a trade id")
        }
        return CryptoComTrade(
            tradeId: id, timeMs: try item.field("t").epochMs(), price: try item.field("p").money(),
            quantity: try item.field("q").amount(),
            takerSide: try item.optional("s")?.string() ?? "")
    }

    static func candle(_ item: JSONField) throws(SignalFeedError) -> CryptoComCandle {
        let candle = CryptoComCandle(
            startMs: try item.field("t").epochMs(), open: try item.field("o").money(), high: try item.field("h").money(),
            low: try item.field("l").money(), close: try item.field("c").money(),
            volume: try item.optional("v")?.amount() ?? .zero)
        guard candle.low <= min(candle.open, candle.close), candle.high >= max(candle.open, candle.close) else {
            throw .invalidValue(
                field: "\(item.path)", value: "o=\(candle.open) h=\(candle.high) l=\(candle.low) c=\(candle.close)",
                reason: "high/low do not bracket open/close")
        }
        return candle
    }

    /// `public/get-candlestick` REST body (reference §3.1): candles sorted by start time.
    public static func candlestickResponse(_ text: String) throws(SignalFeedError) -> [CryptoComCandle] {
        let root = JSONField(try JSONParser.parse(text))
        let code = try root.optional("code")?.int() ?? 0
        guard code == 0 else {
            throw .invalidValue(
                field: "code", value: String(code),
                reason: "is an error: \(try root.optional("message")?.string() ?? "no message")")
        }
        var candles: [CryptoComCandle] = []
        for item in try root.field("result").field("data").array() { candles.append(try candle(item)) }
        return candles.sorted { $0.startMs < $1.startMs }
    }
}
