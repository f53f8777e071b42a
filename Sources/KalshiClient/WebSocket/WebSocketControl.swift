import KalshiAPI

/// The control side of a client WebSocket connection as a value: pings out and their pongs,
/// pings in, the closing handshake, and how the connection ended. The channel handler feeds it
/// what arrived and carries its answers out; it holds no I/O, so every path is unit-tested.
struct WebSocketControl: Sendable {
    enum Phase: Equatable, Sendable {
        case open
        /// This side sent a close frame; data frames are no longer sent.
        case closing
        case closed
    }

    private(set) var phase = Phase.open
    /// The payload of the ping still waiting for its pong.
    private(set) var unansweredPing: [UInt8]?
    /// The server's close frame, once one arrived.
    private(set) var serverClose: WebSocketClose?
    /// What went wrong, when the connection ended in error.
    private(set) var failure: TextWebSocketError?

    enum PingAction: Equatable {
        case send([UInt8])
        /// The last ping went a whole period without its pong: close with 1001.
        case timedOut
        case none
    }

    /// The ping period came round: ping again, or give up on a server that did not answer
    /// the last one.
    mutating func pingDue(payload: [UInt8], periodMs: Int64) -> PingAction {
        guard phase == .open else { return .none }
        if unansweredPing != nil {
            failure = failure ?? .pingTimedOut(ms: periodMs)
            phase = .closing  // the close frame that follows is this side's
            return .timedOut
        }
        unansweredPing = payload
        return .send(payload)
    }

    /// A pong clears the outstanding ping when it carries its payload (unsolicited pongs are
    /// allowed and ignored).
    mutating func pongReceived(_ payload: [UInt8]) {
        if payload == unansweredPing { unansweredPing = nil }
    }

    enum PingAnswer: Equatable {
        case pong([UInt8])
        case ignore
    }

    mutating func pingReceived(_ payload: [UInt8]) -> PingAnswer {
        phase == .open ? .pong(payload) : .ignore
    }

    enum CloseAnswer: Equatable {
        /// Echo the server's status code (none when it sent none), then close the connection.
        case reply(code: UInt16?)
        /// This side already sent its close: just close the connection.
        case closeConnection
    }

    mutating func closeReceived(_ close: WebSocketClose) -> CloseAnswer {
        serverClose = serverClose ?? close
        defer { phase = .closed }
        return phase == .open ? .reply(code: close.code) : .closeConnection
    }

    /// Whether to send a close frame now (once: the first request while open).
    mutating func closeRequested(failure: TextWebSocketError? = nil) -> Bool {
        if let failure { self.failure = self.failure ?? failure }
        guard phase == .open else { return false }
        phase = .closing
        return true
    }

    /// Whether a data frame may still be sent.
    var acceptsData: Bool { phase == .open }

    mutating func connectionClosed() { phase = .closed }
}
