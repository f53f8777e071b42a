/// What a Kalshi feed delivers to its consumer: connection changes, decoded messages, frames
/// that did not decode, and books the session stopped trusting. The live WebSocket client emits
/// them, and so do replays of recordings, which is why the type lives here and not with the
/// network client.
public enum KalshiFeedEvent: Sendable {
    case connected
    case disconnected(reason: String)
    case message(KalshiWSMessage)
    case malformed(FrameDecodingError, frame: String)
    case booksUntrusted([String])
}
