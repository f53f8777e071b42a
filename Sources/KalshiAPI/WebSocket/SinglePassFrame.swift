import Foundation

/// The reference decoder's single parse for frames whose `msg` has a Codable type (fills, orders,
/// positions, tickers, trades, lifecycle, fee and order-group updates): the header (`type`,
/// `id`, `sid`, `seq`) and `msg` come out of one `JSONDecoder` pass over one envelope, where
/// `KalshiWSDecoder.decodeReference` reads the header with `JSONSerialization` and then parses
/// the whole text again for `msg`.
///
/// Contract, checked by differential tests against `decodeReference`: a message returned here is
/// the one `decodeReference` returns for the same text. Any failure to decode returns nil, and
/// the caller then runs `decodeReference`, so a broken frame gets exactly the error it always
/// got (the second parse is paid only by broken frames).
enum SinglePassFrame {
    static func decode(_ text: String) throws(FrameDecodingError) -> KalshiWSMessage? {
        var text = text
        guard let type = text.withUTF8({ FrameTypeMembers.type(of: UnsafeRawBufferPointer($0)) }) else { return nil }
        switch type {
        case "fill":
            guard let frame = envelope(WSFill.self, text, type: type) else { return nil }
            try KalshiWSDecoder.checkTimes(tsMs: frame.msg.tsMs, ts: frame.msg.ts)
            return .fill(sid: frame.sid, frame.msg)
        case "user_order":
            return envelope(WSUserOrder.self, text, type: type).map { .userOrder(sid: $0.sid, $0.msg) }
        case "market_position":
            return envelope(WSMarketPosition.self, text, type: type).map { .marketPosition(sid: $0.sid, $0.msg) }
        case "ticker":
            guard let frame = envelope(WSTicker.self, text, type: type) else { return nil }
            try KalshiWSDecoder.checkTimes(tsMs: frame.msg.tsMs, ts: frame.msg.ts)
            return .ticker(sid: frame.sid, frame.msg)
        case "trade":
            guard let frame = envelope(WSTrade.self, text, type: type) else { return nil }
            try KalshiWSDecoder.checkTimes(tsMs: frame.msg.tsMs, ts: frame.msg.ts)
            return .trade(sid: frame.sid, seq: frame.seq, frame.msg)
        case "market_lifecycle_v2":
            return envelope(WSMarketLifecycle.self, text, type: type).map { .marketLifecycle(sid: $0.sid, $0.msg) }
        case "event_fee_update":
            return envelope(WSEventFeeUpdate.self, text, type: type).map { .eventFeeUpdate(sid: $0.sid, $0.msg) }
        case "order_group_updates":
            guard let frame = envelope(WSOrderGroupUpdate.self, text, type: type) else { return nil }
            try KalshiWSDecoder.checkTimes(tsMs: frame.msg.tsMs, ts: nil)
            return .orderGroup(sid: frame.sid, frame.msg)
        default:
            // Control frames, book frames the fast path declined (legacy shapes) and unknown
            // types are read through `JSONFields`: one `JSONSerialization` parse already.
            return nil
        }
    }

    /// The whole frame in one parse; nil when anything in it does not decode (or the `type`
    /// read here is not the one the fast pass found).
    private static func envelope<Message: Decodable>(_ message: Message.Type, _ text: String, type: String) -> Envelope<Message>? {
        guard let frame = try? SnakeCaseKeys.decoder().decode(Envelope<Message>.self, from: Data(text.utf8)), frame.type == type
        else { return nil }
        return frame
    }

    /// `{"type","id","sid","seq","msg":{…}}` with the header read as `decodeReference` reads it:
    /// every header integer is decoded (a bad one fails the frame) even where unused.
    struct Envelope<Message: Decodable>: Decodable {
        var type: String
        var idValue: Int64?
        var sidValue: Int64?
        var seqValue: Int64?
        var msg: Message

        enum CodingKeys: String, CodingKey {
            case type, msg
            case idValue = "id"
            case sidValue = "sid"
            case seqValue = "seq"
        }

        var sid: Int? { sidValue.map(Int.init) }
        var seq: Int64? { seqValue }
    }
}
