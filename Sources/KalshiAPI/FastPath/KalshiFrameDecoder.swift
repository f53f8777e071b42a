import KalshiCore

/// Decodes Kalshi WebSocket frames through `BookFrameScanner` when it takes them (current-shape
/// book frames, the hot path) and through `KalshiWSDecoder` otherwise.
public enum KalshiFrameDecoder {
    public static func decode(_ text: String) throws(FrameDecodingError) -> KalshiWSMessage {
        if let frame = try BookFrameScanner.scan(text) { return frame.message }
        return try KalshiWSDecoder.decode(text)
    }

    /// The book event a frame carries, if any (`KalshiWSMessage.bookFeedEvent`), built straight from
    /// the fast path's result for book frames.
    public static func bookFeedEvent(_ text: String) throws(FrameDecodingError) -> BookFeedEvent? {
        if let frame = try BookFrameScanner.scan(text) { return frame.bookFeedEvent }
        return try KalshiWSDecoder.decode(text).bookFeedEvent
    }
}
