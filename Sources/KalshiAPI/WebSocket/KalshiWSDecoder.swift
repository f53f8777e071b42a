import Foundation
import KalshiCore

/// Decodes Kalshi WebSocket text frames into `KalshiWSMessage`s.
///
/// Strict about what it uses (a bad price, count or side is an error naming the field) and
/// tolerant of what it does not (unknown keys, unknown frame types). Accepts the current
/// fixed-point shapes and, for old recordings, the legacy integer shapes of reference §2.7.
///
/// Frames with a Codable `msg` are parsed once (`SinglePassFrame`); the others, and any frame
/// that does not decode that way, go through `decodeReference`.
public enum KalshiWSDecoder {
    public static func decode(_ text: String) throws(FrameDecodingError) -> KalshiWSMessage {
        if let message = try SinglePassFrame.decode(text) { return message }
        return try decodeReference(text)
    }

    /// The header through `JSONSerialization` (`JSONFields`), then `msg` by `JSONFields` or, for
    /// Codable messages, a second parse with `JSONDecoder`: the behaviour every frame is judged
    /// by, and what `SinglePassFrame` is tested against.
    public static func decodeReference(_ text: String) throws(FrameDecodingError) -> KalshiWSMessage {
        let frame = JSONFields(try JSONFields.parseObject(text))
        let type = try frame.string("type")
        let id = try frame.optionalInteger("id").map(Int.init)
        let sid = try frame.optionalInteger("sid").map(Int.init)
        let seq = try frame.optionalInteger("seq")
        switch type {
        case "subscribed":
            // Very old servers sent no `msg`; tolerate it.
            guard frame.has("msg") else { return .subscribed(id: id, channel: nil, sid: sid) }
            let msg = try frame.object("msg")
            return .subscribed(
                id: id, channel: try msg.optionalString("channel"),
                sid: try msg.optionalInteger("sid").map(Int.init) ?? sid)
        case "ok":
            return .ok(id: id, sid: sid, seq: seq)
        case "unsubscribed":
            guard let sid else { throw .missingField("sid") }
            return .unsubscribed(id: id, sid: sid, seq: seq)
        case "error":
            let msg = try frame.object("msg")
            return .error(
                id: id, code: Int(try msg.integer("code")), message: try msg.optionalString("msg") ?? "",
                marketTicker: try msg.optionalString("market_ticker"))
        case "orderbook_snapshot":
            guard let sid else { throw .missingField("sid") }
            return .orderbookSnapshot(sid: sid, seq: seq, try decodeSnapshot(try frame.object("msg")))
        case "orderbook_delta":
            guard let sid else { throw .missingField("sid") }
            return .orderbookDelta(sid: sid, seq: seq, try decodeDelta(try frame.object("msg")))
        case "fill":
            let fill = try decodeMessage(WSFill.self, text)
            try checkTimes(tsMs: fill.tsMs, ts: fill.ts)
            return .fill(sid: sid, fill)
        case "user_order":
            return .userOrder(sid: sid, try decodeMessage(WSUserOrder.self, text))
        case "market_position":
            return .marketPosition(sid: sid, try decodeMessage(WSMarketPosition.self, text))
        case "ticker":
            let ticker = try decodeMessage(WSTicker.self, text)
            try checkTimes(tsMs: ticker.tsMs, ts: ticker.ts)
            return .ticker(sid: sid, ticker)
        case "trade":
            let trade = try decodeMessage(WSTrade.self, text)
            try checkTimes(tsMs: trade.tsMs, ts: trade.ts)
            return .trade(sid: sid, seq: seq, trade)
        case "market_lifecycle_v2":
            return .marketLifecycle(sid: sid, try decodeMessage(WSMarketLifecycle.self, text))
        case "event_fee_update":
            return .eventFeeUpdate(sid: sid, try decodeMessage(WSEventFeeUpdate.self, text))
        case "order_group_updates":
            let update = try decodeMessage(WSOrderGroupUpdate.self, text)
            try checkTimes(tsMs: update.tsMs, ts: nil)
            return .orderGroup(sid: sid, update)
        default:
            return .other(type: type, sid: sid, seq: seq)
        }
    }

    /// Decodes `msg` of a non-hot channel with Codable; the error names the field at fault.
    static func decodeMessage<Message: Decodable>(_ type: Message.Type, _ text: String) throws(FrameDecodingError) -> Message {
        do {
            return try KalshiJSON.decoder().decode(MessageEnvelope<Message>.self, from: Data(text.utf8)).msg
        } catch let error as DecodingError {
            throw FrameDecodingError(error)
        } catch {
            throw .notJSON(String(describing: error))
        }
    }

    /// `ts` (seconds) becomes milliseconds downstream (`ts * 1_000`) and both become event times:
    /// a value that is no plausible Unix time is a corrupt frame, not something to multiply.
    static func checkTimes(tsMs: Int64?, ts: Int64?) throws(FrameDecodingError) {
        if let tsMs, !EpochMilliseconds.plausible.contains(tsMs) {
            throw .invalidValue(field: "msg.ts_ms", value: "\(tsMs)", reason: "not a plausible Unix time in milliseconds")
        }
        if let ts, !EpochMilliseconds.plausibleSeconds.contains(ts) {
            throw .invalidValue(field: "msg.ts", value: "\(ts)", reason: "not a plausible Unix time in seconds")
        }
    }

    static func decodeSnapshot(_ msg: JSONFields) throws(FrameDecodingError) -> OrderbookSnapshot {
        OrderbookSnapshot(
            marketTicker: try nonEmpty(msg, "market_ticker"),
            marketId: try msg.optionalString("market_id"),
            yes: try levels(msg, side: "yes"),
            no: try levels(msg, side: "no"))
    }

    /// A side's levels: `<side>_dollars_fp` now; `<side>_dollars` (integer counts) or `<side>`
    /// (integer cents and counts) in pre-2026 recordings. An absent side is empty.
    static func levels(_ msg: JSONFields, side: String) throws(FrameDecodingError) -> [BookLevel] {
        for (key, legacy) in [("\(side)_dollars_fp", false), ("\(side)_dollars", true), (side, true)] where msg.has(key) {
            let entries = try msg.array(key)
            var result: [BookLevel] = []
            result.reserveCapacity(entries.count)
            for (index, entry) in entries.enumerated() {
                let field = "\(msg.name(key))[\(index)]"
                guard let pair = entry as? [Any], pair.count == 2 else {
                    throw .wrongType(field: field, expected: "a [price, count] pair")
                }
                if legacy {
                    result.append(
                        BookLevel(price: try legacyPrice(pair[0], field: field), size: try legacyCount(pair[1], field: field)))
                } else {
                    guard let price = pair[0] as? String, let count = pair[1] as? String else {
                        throw .wrongType(field: field, expected: "a pair of strings")
                    }
                    result.append(
                        BookLevel(
                            price: try parsePrice(price, field: field), size: try parseCount(count, field: field, signed: false)))
                }
            }
            return result
        }
        return []
    }

    static func decodeDelta(_ msg: JSONFields) throws(FrameDecodingError) -> OrderbookDeltaUpdate {
        let ticker = try nonEmpty(msg, "market_ticker")
        let sideText = try msg.string("side")
        guard let side = OutcomeSide(rawValue: sideText) else {
            throw .invalidValue(field: msg.name("side"), value: sideText, reason: "expected \"yes\" or \"no\"")
        }
        let price: Price
        if msg.has("price_dollars") {
            price = try parsePrice(try msg.string("price_dollars"), field: msg.name("price_dollars"))
        } else if msg.has("price") {
            price = try legacyPrice(msg.object["price"]!, field: msg.name("price"))
        } else {
            throw .missingField(msg.name("price_dollars"))
        }
        let delta: Quantity
        if msg.has("delta_fp") {
            delta = try parseCount(try msg.string("delta_fp"), field: msg.name("delta_fp"), signed: true)
        } else if msg.has("delta") {
            // Legacy integer contracts: bounded so the conversion to units cannot overflow.
            let contracts = try msg.integer("delta")
            guard (-legacyMaxContracts...legacyMaxContracts).contains(contracts) else {
                throw .invalidValue(field: msg.name("delta"), value: "\(contracts)", reason: "count out of range")
            }
            delta = Quantity(units: contracts * Quantity.unitsPerContract)
        } else {
            throw .missingField(msg.name("delta_fp"))
        }
        return OrderbookDeltaUpdate(
            marketTicker: ticker, delta: BookDelta(side: side, price: price, delta: delta),
            timestampMs: try msg.optionalInteger("ts_ms"), clientOrderId: try msg.optionalString("client_order_id"))
    }

    static func nonEmpty(_ msg: JSONFields, _ key: String) throws(FrameDecodingError) -> String {
        let value = try msg.string(key)
        guard !value.isEmpty else { throw .invalidValue(field: msg.name(key), value: value, reason: "empty") }
        return value
    }

    static func parsePrice(_ text: String, field: String) throws(FrameDecodingError) -> Price {
        do { return try Price(parsing: text) } catch { throw .invalidValue(field: field, value: text, reason: error.description) }
    }

    static func parseCount(_ text: String, field: String, signed: Bool) throws(FrameDecodingError) -> Quantity {
        do {
            return signed ? try Quantity(parsingSigned: text) : try Quantity(parsing: text)
        } catch {
            throw .invalidValue(field: field, value: text, reason: error.description)
        }
    }

    /// Legacy price: a dollar string, or integer cents 0...100.
    static func legacyPrice(_ value: Any, field: String) throws(FrameDecodingError) -> Price {
        if let text = value as? String { return try parsePrice(text, field: field) }
        guard let number = value as? NSNumber, !JSONFields.isBoolean(number), let cents = value as? Int, (0...100).contains(cents)
        else { throw .invalidValue(field: field, value: "\(value)", reason: "expected a dollar string or integer cents 0...100") }
        return Price(uncheckedTicks: Int64(cents) * 100)
    }

    /// Legacy count: a non-negative integer number of contracts.
    static func legacyCount(_ value: Any, field: String) throws(FrameDecodingError) -> Quantity {
        if let text = value as? String { return try parseCount(text, field: field, signed: false) }
        guard let number = value as? NSNumber, !JSONFields.isBoolean(number), let count = value as? Int64, count >= 0 else {
            throw .invalidValue(field: field, value: "\(value)", reason: "expected a non-negative integer count")
        }
        // `count * unitsPerContract` must not overflow: the same bound as a parsed `_fp` count.
        guard count <= legacyMaxContracts else {
            throw .invalidValue(field: field, value: "\(count)", reason: "count out of range")
        }
        return Quantity(units: count * Quantity.unitsPerContract)
    }

    /// Whole contracts in a legacy integer count: the largest count a `*_fp` string may carry.
    static var legacyMaxContracts: Int64 { Quantity.maxUnits / Quantity.unitsPerContract }
}

/// The data frame shape `{"type","sid","seq","msg":{…}}`; only `msg` is read here.
struct MessageEnvelope<Message: Decodable>: Decodable {
    var msg: Message
}
