import KalshiAPI
import KalshiCore

/// The fast path for Crypto.com's pushes (books, book deltas, tickers, trades, candles, index
/// values): one strict pass over the frame's UTF-8 bytes with Kalshi's tokenizer
/// (`JSONByteReader`), prices and sizes parsed from the bytes, no `JSONValue` tree.
///
/// Contract with `CryptoComDecoder.decodeReference`, checked by differential tests: a message
/// returned here is the one the reference returns for the same text. It never throws: `nil`
/// means "not mine" — replies, heartbeats, unknown channels, and anything it does not judge
/// exactly like the reference (escapes in the strings it reads, non-ASCII member names, a key
/// seen twice, malformed JSON, a value the reference would refuse) — and the reference then
/// decodes the frame or names its fault.
enum CryptoComFastPath {
    static func decode(_ text: String) -> CryptoComMessage? {
        FastValues.withReader(text) { reader in try? push(reader) }
    }

    static func push(_ start: JSONByteReader) throws(ScanExit) -> CryptoComMessage {
        let (frame, root) = try FastValues.document(start)
        // The reference's order: method, id, then the push test (heartbeats and replies are its).
        let method = try frame.optionalString(root.value("method")) ?? ""
        _ = try frame.optionalInt64(root.value("id"))
        guard method != CryptoComRequest.heartbeatMethod else { throw .fallBack }
        guard (try frame.optionalInt64(root.value("code")) ?? 0) == 0 else { throw .fallBack }
        _ = try frame.optionalString(root.value("message"))
        guard let resultSpan = try root.value("result"), resultSpan.kind == .object else { throw .fallBack }
        let result = try frame.members(resultSpan)
        let channel = try frame.string(result.value("channel"))
        let subscription = try frame.optionalString(result.value("subscription")) ?? channel
        let instrument = try frame.optionalString(result.value("instrument_name")) ?? ""
        let items = try frame.elements(result.value("data"))
        let payload: CryptoComPayload
        switch channel {
        case "book":
            var snapshots: [CryptoComBookSnapshot] = []
            for item in items {
                let members = try frame.members(item)
                snapshots.append(
                    CryptoComBookSnapshot(
                        bids: try frame.levels(members.value("bids")), asks: try frame.levels(members.value("asks")),
                        publishMs: try frame.epochMs(members.value("t")), updateId: try frame.int64(members.value("u"))))
            }
            payload = .bookSnapshot(snapshots)
        case "book.update":
            var updates: [CryptoComBookUpdate] = []
            for item in items {
                let members = try frame.members(item)
                let update = try frame.members(try frame.required(members.value("update")))
                updates.append(
                    CryptoComBookUpdate(
                        bids: try frame.levels(update.value("bids")), asks: try frame.levels(update.value("asks")),
                        publishMs: try frame.epochMs(members.value("t")), updateId: try frame.int64(members.value("u")),
                        previousUpdateId: try frame.int64(members.value("pu"))))
            }
            payload = .bookUpdate(updates)
        case "ticker":
            var tickers: [CryptoComTicker] = []
            for item in items {
                let members = try frame.members(item)
                tickers.append(
                    CryptoComTicker(
                        instrument: try frame.optionalString(members.value("i")) ?? instrument,
                        bestBid: try frame.optionalMoney(members.value("b")), bestAsk: try frame.optionalMoney(members.value("k")),
                        lastTrade: try frame.optionalMoney(members.value("a")), publishMs: try frame.epochMs(members.value("t"))))
            }
            payload = .ticker(tickers)
        case "trade":
            var trades: [CryptoComTrade] = []
            for item in items {
                let members = try frame.members(item)
                let id = try frame.numericText(try frame.required(members.value("d")))
                guard !id.isEmpty, id.allSatisfy(\.isNumber) else { throw .fallBack }
                trades.append(
                    CryptoComTrade(
                        tradeId: id, timeMs: try frame.epochMs(members.value("t")), price: try frame.money(members.value("p")),
                        quantity: try frame.amount(members.value("q")), takerSide: try frame.optionalString(members.value("s")) ?? ""))
            }
            payload = .trades(trades)
        case "candlestick":
            var candles: [CryptoComCandle] = []
            for item in items {
                let members = try frame.members(item)
                let candle = CryptoComCandle(
                    startMs: try frame.epochMs(members.value("t")), open: try frame.money(members.value("o")),
                    high: try frame.money(members.value("h")), low: try frame.money(members.value("l")),
                    close: try frame.money(members.value("c")), volume: try frame.optionalAmount(members.value("v")) ?? .zero)
                // A candle whose range does not bracket it is the reference's to refuse.
                guard candle.low <= min(candle.open, candle.close), candle.high >= max(candle.open, candle.close) else {
                    throw .fallBack
                }
                candles.append(candle)
            }
            payload = .candles(candles)
        case "index", "mark", "settlement", "funding", "estimatedfunding":
            var values: [CryptoComValue] = []
            for item in items {
                let members = try frame.members(item)
                values.append(CryptoComValue(value: try frame.money(members.value("v")), timeMs: try frame.epochMs(members.value("t"))))
            }
            payload = .values(values)
        default:
            throw .fallBack
        }
        return .push(CryptoComPush(subscription: subscription, channel: channel, instrument: instrument, payload: payload))
    }
}
