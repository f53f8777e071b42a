/// Why a WebSocket connection could not be made or ended in error. Each names the value at
/// fault, for the feed's disconnect reason and the operator's log.
public enum TextWebSocketError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Not a `ws://` or `wss://` URL with a host (the URL as given).
    case invalidURL(String)
    /// A header to send whose name or value would break the request (its name).
    case invalidHeader(String)
    /// The server answered the upgrade with another status (401: the key was refused).
    case upgradeRefused(status: Int, reason: String)
    /// The answer to the upgrade was not a valid WebSocket handshake (what was wrong).
    case invalidHandshake(String)
    /// No answer to the upgrade within the handshake timeout (in milliseconds).
    case handshakeTimedOut(ms: Int64)
    /// The connection closed before the upgrade was answered.
    case closedDuringHandshake
    /// The server broke the WebSocket protocol (what it did); the connection was closed with 1002
    /// or 1009.
    case protocolViolation(String)
    /// A ping went unanswered for a whole ping period (in milliseconds).
    case pingTimedOut(ms: Int64)
    /// The connection failed under the WebSocket (reset, TLS): the error's description.
    case connectionFailed(String)

    public var description: String {
        switch self {
        case .invalidURL(let url): "invalid WebSocket URL \"\(url)\" (expected ws:// or wss:// with a host)"
        case .invalidHeader(let name): "header \"\(name)\" has a character not allowed in an HTTP header"
        case .upgradeRefused(let status, let reason):
            "WebSocket upgrade refused: HTTP \(status)\(reason.isEmpty ? "" : " \(reason)")"
        case .invalidHandshake(let what): "invalid WebSocket handshake: \(what)"
        case .handshakeTimedOut(let ms): "no answer to the WebSocket upgrade within \(ms) ms"
        case .closedDuringHandshake: "connection closed before the WebSocket upgrade was answered"
        case .protocolViolation(let what): "WebSocket protocol violation: \(what)"
        case .pingTimedOut(let ms): "no pong within \(ms) ms of a ping"
        case .connectionFailed(let error): "connection failed: \(error)"
        }
    }
}

/// The server's close frame: its status code (absent when the frame carried none) and reason.
public struct WebSocketClose: Equatable, Sendable, CustomStringConvertible {
    public var code: UInt16?
    public var reason: String

    public init(code: UInt16?, reason: String) {
        self.code = code
        self.reason = reason
    }

    /// "1000" or "1000: reason", "no status" for a frame without a code.
    public var description: String {
        let code = self.code.map(String.init) ?? "no status"
        return reason.isEmpty ? code : "\(code): \(reason)"
    }
}
