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
        var text = text
        return text.withUTF8 { bytes -> CryptoComMessage? in
            guard let base = bytes.baseAddress, !bytes.isEmpty, bytes.count < Int32.max else { return nil }
            return try? push(JSONByteReader(base: UnsafeRawPointer(base), count: bytes.count))
        }
    }

    static func push(_ start: JSONByteReader) throws(ScanExit) -> CryptoComMessage {
        var reader = start
        guard try reader.peek() == UInt8(ascii: "{") else { throw .fallBack }
        let root = try Members.read(&reader, depth: 1)
        reader.skipWhitespace()
        guard reader.isAtEnd else { throw .fallBack }
        if reader.sawNonASCII, !reader.isValidUTF8 { throw .fallBack }
        let frame = Values(reader: reader)
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

    /// An object's members as located: plain ASCII names (a non-ASCII name could equal a used
    /// one under Swift's string comparison), each looked up by its exact bytes.
    struct Members: JSONMemberVisitor {
        var names: [JSONValueSpan] = []
        var values: [JSONValueSpan] = []
        let reader: JSONByteReader

        /// Reads the object at the reader's position (validating all of it).
        static func read(_ reader: inout JSONByteReader, depth: Int) throws(ScanExit) -> Members {
            var members = Members(reader: reader)
            try reader.readObject(depth: depth, into: &members)
            return members
        }

        mutating func visit(name: JSONValueSpan, reader: inout JSONByteReader, depth: Int) throws(ScanExit) {
            guard name.isVerbatim else { throw .fallBack }
            for offset in name.start..<name.end where reader.byte(offset) >= 0x80 { throw .fallBack }
            names.append(name)
            values.append(try reader.readValue(depth: depth))
        }

        /// The member `key`'s value; a key present twice falls back (the reference keeps the last).
        func value(_ key: StaticString) throws(ScanExit) -> JSONValueSpan? {
            var found: JSONValueSpan?
            for index in names.indices where reader.matches(names[index], key) {
                guard found == nil else { throw .fallBack }
                found = values[index]
            }
            return found
        }
    }

    /// An array's elements as located.
    struct Elements: JSONElementVisitor {
        var values: [JSONValueSpan] = []

        mutating func visit(position: Int, reader: inout JSONByteReader, depth: Int) throws(ScanExit) {
            values.append(try reader.readValue(depth: depth))
        }
    }

    /// Typed reads with the reference's rules (`JSONField`): absent or `null` is missing, and
    /// anything the reference would refuse, or might read differently, falls back.
    struct Values {
        let reader: JSONByteReader

        func required(_ span: JSONValueSpan?) throws(ScanExit) -> JSONValueSpan {
            guard let span, span.kind != .null else { throw .fallBack }
            return span
        }

        func members(_ span: JSONValueSpan) throws(ScanExit) -> Members {
            guard span.kind == .object else { throw .fallBack }
            var nested = JSONByteReader(base: reader.base, count: reader.count, index: span.start)
            return try Members.read(&nested, depth: 2)
        }

        func members(_ span: JSONValueSpan?) throws(ScanExit) -> Members { try members(try required(span)) }

        func elements(_ span: JSONValueSpan?) throws(ScanExit) -> [JSONValueSpan] {
            let span = try required(span)
            guard span.kind == .array else { throw .fallBack }
            var nested = JSONByteReader(base: reader.base, count: reader.count, index: span.start)
            var elements = Elements()
            try nested.readArray(depth: 2, into: &elements)
            return elements.values
        }

        func string(_ span: JSONValueSpan?) throws(ScanExit) -> String {
            let span = try required(span)
            guard span.kind == .string, span.isVerbatim else { throw .fallBack }
            return reader.string(span)
        }

        func optionalString(_ span: JSONValueSpan?) throws(ScanExit) -> String? {
            guard JSONValueSpan.isPresent(span) else { return nil }
            return try string(span)
        }

        /// A string's value or a number's text, as the reference's `numericText`.
        func numericText(_ span: JSONValueSpan) throws(ScanExit) -> String {
            switch span.kind {
            case .string:
                guard span.isVerbatim else { throw .fallBack }
                return reader.string(span)
            case .number:
                return reader.string(span)
            default:
                throw .fallBack
            }
        }

        func int64(_ span: JSONValueSpan?) throws(ScanExit) -> Int64 {
            guard let value = Int64(try numericText(try required(span))) else { throw .fallBack }
            return value
        }

        func optionalInt64(_ span: JSONValueSpan?) throws(ScanExit) -> Int64? {
            guard JSONValueSpan.isPresent(span) else { return nil }
            return try int64(span)
        }

        func epochMs(_ span: JSONValueSpan?) throws(ScanExit) -> Int64 {
            let value = try int64(span)
            guard EpochMilliseconds.plausible.contains(value) else { throw .fallBack }
            return value
        }

        func money(_ span: JSONValueSpan?) throws(ScanExit) -> Money {
            let text = try numericText(try required(span))
            guard let micros = try? SignalDecimal.scaled(text, scale: Money.decimals, field: "") else { throw .fallBack }
            return Money(micros: micros)
        }

        func optionalMoney(_ span: JSONValueSpan?) throws(ScanExit) -> Money? {
            guard JSONValueSpan.isPresent(span) else { return nil }
            return try money(span)
        }

        func amount(_ span: JSONValueSpan?) throws(ScanExit) -> AssetAmount {
            let text = try numericText(try required(span))
            guard let units = try? SignalDecimal.scaled(text, scale: AssetAmount.decimals, field: "") else { throw .fallBack }
            return AssetAmount(units: units)
        }

        func optionalAmount(_ span: JSONValueSpan?) throws(ScanExit) -> AssetAmount? {
            guard JSONValueSpan.isPresent(span) else { return nil }
            return try amount(span)
        }

        func int(_ span: JSONValueSpan) throws(ScanExit) -> Int {
            guard let value = Int(exactly: try int64(span)) else { throw .fallBack }
            return value
        }

        /// `[price, size, count?]` levels; absent or `null` is no levels.
        func levels(_ span: JSONValueSpan?) throws(ScanExit) -> [CryptoComLevel] {
            guard JSONValueSpan.isPresent(span) else { return [] }
            var levels: [CryptoComLevel] = []
            for entry in try elements(span) {
                guard entry.kind == .array else { throw .fallBack }
                let parts = try elements(entry)
                guard parts.count >= 2 else { throw .fallBack }
                let orders = parts.count > 2 ? try int(parts[2]) : nil
                levels.append(CryptoComLevel(price: try money(parts[0]), size: try amount(parts[1]), orders: orders))
            }
            return levels
        }
    }
}
