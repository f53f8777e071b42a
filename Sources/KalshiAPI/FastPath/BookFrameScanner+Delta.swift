import KalshiCore

extension BookFrameScanner {
    /// `orderbook_delta.msg`, read in `KalshiWSDecoder.decodeDelta`'s order. Legacy integer `price`
    /// and `delta` (reference §2.7) fall back.
    static func delta(_ frame: BookFrameMembers, _ reader: JSONByteReader) throws(ScanExit) -> FastBookFrame {
        let (sid, seq) = try header(frame, reader)
        let ticker = try reader.nonEmptyString(frame.message.marketTicker, field: "msg.market_ticker")
        let sideText = try reader.requiredString(frame.message.side, field: "msg.side")
        let side: OutcomeSide
        if reader.matches(sideText, "yes") {
            side = .yes
        } else if reader.matches(sideText, "no") {
            side = .no
        } else {
            throw .failed(
                .invalidValue(field: "msg.side", value: reader.string(sideText), reason: "expected \"yes\" or \"no\""))
        }
        guard JSONValueSpan.isPresent(frame.message.priceDollars) else {
            if JSONValueSpan.isPresent(frame.message.legacyPrice) { throw .fallBack }
            throw .failed(.missingField("msg.price_dollars"))
        }
        let priceText = try reader.requiredString(frame.message.priceDollars, field: "msg.price_dollars")
        let price = try reader.price(priceText, field: "msg.price_dollars")
        guard JSONValueSpan.isPresent(frame.message.deltaFp) else {
            if JSONValueSpan.isPresent(frame.message.legacyDelta) { throw .fallBack }
            throw .failed(.missingField("msg.delta_fp"))
        }
        let deltaText = try reader.requiredString(frame.message.deltaFp, field: "msg.delta_fp")
        let delta = try reader.quantity(deltaText, allowNegative: true, field: "msg.delta_fp")
        let timestampMs = try reader.optionalInteger(frame.message.tsMs, field: "msg.ts_ms")
        let clientOrderId = try reader.optionalString(frame.message.clientOrderId, field: "msg.client_order_id").map(
            reader.string)
        return .delta(
            sid: sid, seq: seq,
            OrderbookDeltaUpdate(
                marketTicker: ticker, delta: BookDelta(side: side, price: price, delta: delta),
                timestampMs: timestampMs, clientOrderId: clientOrderId))
    }
}
