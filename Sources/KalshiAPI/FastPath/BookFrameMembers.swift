/// The top-level members of a book frame, located in one pass over the frame.
///
/// Keys may come in any order. A second occurrence of a key the fast path uses falls back
/// (Foundation keeps the last one), as does an escaped member name (it might spell one of these).
struct BookFrameMembers: JSONMemberVisitor {
    enum Kind { case delta, snapshot }

    var kind: Kind?
    var id: JSONValueSpan?
    var sid: JSONValueSpan?
    var seq: JSONValueSpan?
    var msg: JSONValueSpan?
    var message = BookMessageMembers()

    mutating func visit(name: JSONValueSpan, reader: inout JSONByteReader, depth: Int) throws(ScanExit) {
        guard name.isVerbatim else { throw .fallBack }
        switch name.length {
        case 2 where reader.matches(name, "id"): try reader.record(into: &id, depth: depth)
        case 3 where reader.matches(name, "sid"): try reader.record(into: &sid, depth: depth)
        case 3 where reader.matches(name, "seq"): try reader.record(into: &seq, depth: depth)
        case 3 where reader.matches(name, "msg"):
            guard msg == nil else { throw .fallBack }
            if try reader.peek() == ASCII.openBrace {
                let start = reader.index
                try reader.readObject(depth: depth &+ 1, into: &message)
                msg = JSONValueSpan(kind: .object, start: start, end: reader.index, isVerbatim: false)
            } else {
                msg = try reader.readValue(depth: depth)
            }
        case 4 where reader.matches(name, "type"):
            guard kind == nil else { throw .fallBack }
            let type = try reader.readValue(depth: depth)
            // Any other type is the general decoder's: stop here, without reading the rest.
            guard type.kind == .string, type.isVerbatim else { throw .fallBack }
            if reader.matches(type, "orderbook_delta") {
                kind = .delta
            } else if reader.matches(type, "orderbook_snapshot") {
                kind = .snapshot
            } else {
                throw .fallBack
            }
        default:
            _ = try reader.readValue(depth: depth)
        }
    }
}

/// The `msg` members of both book frames (current and legacy names), located in one pass: the
/// frame's `type` may come after its `msg`.
struct BookMessageMembers: JSONMemberVisitor {
    var marketTicker: JSONValueSpan?
    var marketId: JSONValueSpan?
    // orderbook_delta
    var priceDollars: JSONValueSpan?
    var deltaFp: JSONValueSpan?
    var side: JSONValueSpan?
    var tsMs: JSONValueSpan?
    var clientOrderId: JSONValueSpan?
    var legacyPrice: JSONValueSpan?
    var legacyDelta: JSONValueSpan?
    // orderbook_snapshot
    var yesDollarsFp: JSONValueSpan?
    var noDollarsFp: JSONValueSpan?
    var legacyYesDollars: JSONValueSpan?
    var legacyNoDollars: JSONValueSpan?
    var legacyYes: JSONValueSpan?
    var legacyNo: JSONValueSpan?

    mutating func visit(name: JSONValueSpan, reader: inout JSONByteReader, depth: Int) throws(ScanExit) {
        guard name.isVerbatim else { throw .fallBack }
        switch name.length {
        case 2 where reader.matches(name, "no"): try reader.record(into: &legacyNo, depth: depth)
        case 3 where reader.matches(name, "yes"): try reader.record(into: &legacyYes, depth: depth)
        case 4 where reader.matches(name, "side"): try reader.record(into: &side, depth: depth)
        case 5 where reader.matches(name, "price"): try reader.record(into: &legacyPrice, depth: depth)
        case 5 where reader.matches(name, "delta"): try reader.record(into: &legacyDelta, depth: depth)
        case 5 where reader.matches(name, "ts_ms"): try reader.record(into: &tsMs, depth: depth)
        case 8 where reader.matches(name, "delta_fp"): try reader.record(into: &deltaFp, depth: depth)
        case 9 where reader.matches(name, "market_id"): try reader.record(into: &marketId, depth: depth)
        case 10 where reader.matches(name, "no_dollars"): try reader.record(into: &legacyNoDollars, depth: depth)
        case 11 where reader.matches(name, "yes_dollars"): try reader.record(into: &legacyYesDollars, depth: depth)
        case 13 where reader.matches(name, "market_ticker"): try reader.record(into: &marketTicker, depth: depth)
        case 13 where reader.matches(name, "price_dollars"): try reader.record(into: &priceDollars, depth: depth)
        case 13 where reader.matches(name, "no_dollars_fp"): try reader.record(into: &noDollarsFp, depth: depth)
        case 14 where reader.matches(name, "yes_dollars_fp"): try reader.record(into: &yesDollarsFp, depth: depth)
        case 15 where reader.matches(name, "client_order_id"): try reader.record(into: &clientOrderId, depth: depth)
        default: _ = try reader.readValue(depth: depth)
        }
    }
}

extension JSONByteReader {
    /// Reads a member's value into its slot; a key seen twice falls back.
    mutating func record(into slot: inout JSONValueSpan?, depth: Int) throws(ScanExit) {
        guard slot == nil else { throw .fallBack }
        slot = try readValue(depth: depth)
    }
}
