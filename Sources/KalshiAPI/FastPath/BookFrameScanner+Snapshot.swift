import KalshiCore

extension BookFrameScanner {
    /// `orderbook_snapshot.msg`, read in `KalshiWSDecoder.decodeSnapshot`'s order.
    static func snapshot(_ frame: BookFrameMembers, _ reader: JSONByteReader) throws(ScanExit) -> FastBookFrame {
        let (sid, seq) = try header(frame, reader)
        let ticker = try reader.nonEmptyString(frame.message.marketTicker, field: "msg.market_ticker")
        let marketId = try reader.optionalString(frame.message.marketId, field: "msg.market_id").map(reader.string)
        let yes = try levels(
            frame.message.yesDollarsFp, field: "msg.yes_dollars_fp",
            hasLegacy: JSONValueSpan.isPresent(frame.message.legacyYesDollars)
                || JSONValueSpan.isPresent(frame.message.legacyYes), reader)
        let no = try levels(
            frame.message.noDollarsFp, field: "msg.no_dollars_fp",
            hasLegacy: JSONValueSpan.isPresent(frame.message.legacyNoDollars)
                || JSONValueSpan.isPresent(frame.message.legacyNo), reader)
        return .snapshot(sid: sid, seq: seq, OrderbookSnapshot(marketTicker: ticker, marketId: marketId, yes: yes, no: no))
    }

    /// One side's `[["price", "size"], …]`. An absent side is empty; a side present only under a
    /// legacy name falls back.
    static func levels(
        _ span: JSONValueSpan?, field: String, hasLegacy: Bool, _ reader: JSONByteReader
    ) throws(ScanExit) -> [BookLevel] {
        guard let span, span.kind != .null else {
            if hasLegacy { throw .fallBack }
            return []
        }
        guard span.kind == .array else { throw .failed(.wrongType(field: field, expected: "an array")) }
        // Second walk, over this array only: the first pass could not know the frame's type yet.
        var walker = JSONByteReader(base: reader.base, count: reader.count, index: span.start)
        var levels = LevelsReader(field: field)
        try walker.readArray(depth: 3, into: &levels)
        return levels.levels
    }
}
