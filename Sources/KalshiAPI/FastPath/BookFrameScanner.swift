/// The fast path for Kalshi's two hot frames, `orderbook_delta` and `orderbook_snapshot`: a strict
/// JSON tokenizer that walks the frame's UTF-8 bytes once and parses prices and sizes straight into
/// fixed-point integers, with no intermediate dictionaries.
///
/// Contract with the general decoder (`KalshiWSDecoder`), checked by differential tests:
/// - a frame it returns is the message the general decoder returns for the same text;
/// - an error it throws is the error the general decoder throws (for malformed JSON both throw
///   `.notJSON`, with different details), checked in the same order so a frame with several faults
///   names the same one;
/// - `nil` means "not mine": another frame type, a legacy shape (reference §2.7), or valid JSON it
///   does not judge itself (escapes in the strings it uses, exponents, duplicate keys, …). Decode
///   those with `KalshiWSDecoder`, or use `KalshiFrameDecoder`, which does both.
///
/// The one intended difference: trailing commas are malformed here, while Foundation accepts them.
public enum BookFrameScanner {
    /// Decodes a book frame from its UTF-8 bytes (any valid UTF-8 is accepted, invalid UTF-8 is
    /// malformed).
    public static func scan(_ bytes: UnsafeRawBufferPointer) throws(FrameDecodingError) -> FastBookFrame? {
        guard let base = bytes.baseAddress, !bytes.isEmpty, bytes.count < Int32.max else { return nil }
        do {
            return try scan(JSONByteReader(base: base, count: bytes.count))
        } catch {
            switch error {
            case .fallBack: return nil
            case .failed(let failure): throw failure
            }
        }
    }

    /// Decodes a book frame from WebSocket text, reading the string's UTF-8 storage in place.
    public static func scan(_ text: String) throws(FrameDecodingError) -> FastBookFrame? {
        // Native strings are contiguous already, so `withUTF8` copies nothing here.
        var text = text
        do {
            return try text.withUTF8 { bytes in try scan(UnsafeRawBufferPointer(bytes)) }
        } catch let error as FrameDecodingError {
            throw error
        } catch {
            preconditionFailure("BookFrameScanner.scan throws only FrameDecodingError, got \(error)")
        }
    }

    static func scan(_ start: JSONByteReader) throws(ScanExit) -> FastBookFrame {
        var reader = start
        // Only an object can be a book frame; for anything else the general decoder names the fault.
        guard try reader.peek() == ASCII.openBrace else { throw .fallBack }
        var frame = BookFrameMembers()
        try reader.readObject(depth: 1, into: &frame)
        reader.skipWhitespace()
        guard reader.isAtEnd else { throw .malformed("unexpected characters after the frame") }
        if reader.sawNonASCII, !reader.isValidUTF8 { throw .malformed("invalid UTF-8") }
        switch frame.kind {
        case .delta: return try delta(frame, reader)
        case .snapshot: return try snapshot(frame, reader)
        case nil: throw .fallBack
        }
    }

    /// `id`, `sid`, `seq`, then `msg`: the general decoder's order.
    static func header(_ frame: BookFrameMembers, _ reader: JSONByteReader) throws(ScanExit) -> (sid: Int, seq: Int64?) {
        _ = try reader.optionalInteger(frame.id, field: "id")
        let sid = try reader.optionalInteger(frame.sid, field: "sid")
        let seq = try reader.optionalInteger(frame.seq, field: "seq")
        guard let sid else { throw .failed(.missingField("sid")) }
        guard let msg = frame.msg, msg.kind != .null else { throw .failed(.missingField("msg")) }
        guard msg.kind == .object else { throw .failed(.wrongType(field: "msg", expected: "an object")) }
        return (Int(sid), seq)
    }
}
