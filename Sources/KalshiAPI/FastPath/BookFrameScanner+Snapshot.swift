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

/// Parses the entries of a snapshot side as the array walk meets them, stopping at the first bad one.
struct LevelsReader: JSONElementVisitor {
    let field: String
    var levels: [BookLevel] = []

    mutating func visit(position: Int, reader: inout JSONByteReader, depth: Int) throws(ScanExit) {
        // Built only for an error message: a snapshot may hold hundreds of levels.
        func entry() -> String { "\(field)[\(position)]" }
        guard try reader.peek() == ASCII.openBracket else {
            throw .failed(.wrongType(field: entry(), expected: "a [price, count] pair"))
        }
        var pair = PairReader()
        try reader.readArray(depth: depth &+ 1, into: &pair)
        guard pair.count == 2, let priceText = pair.first, let sizeText = pair.second else {
            throw .failed(.wrongType(field: entry(), expected: "a [price, count] pair"))
        }
        guard priceText.kind == .string, sizeText.kind == .string else {
            throw .failed(.wrongType(field: entry(), expected: "a pair of strings"))
        }
        guard priceText.isVerbatim, sizeText.isVerbatim else { throw .fallBack }
        let price = try reader.price(priceText, field: entry())
        let size = try reader.quantity(sizeText, allowNegative: false, field: entry())
        levels.append(BookLevel(price: price, size: size))
    }
}

/// Keeps the first two elements of a level entry and counts them all.
struct PairReader: JSONElementVisitor {
    var first: JSONValueSpan?
    var second: JSONValueSpan?
    var count = 0

    mutating func visit(position: Int, reader: inout JSONByteReader, depth: Int) throws(ScanExit) {
        let value = try reader.readValue(depth: depth)
        switch position {
        case 0: first = value
        case 1: second = value
        default: break
        }
        count &+= 1
    }
}
