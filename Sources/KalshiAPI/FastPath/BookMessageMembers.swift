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
