import DequeModule
import KalshiAPI
import NIOCore
import Synchronization

/// The text frames of one connection, from its event loop to the task that reads them: one
/// producer (the channel handler), one consumer. A frame that finds the reader waiting resumes
/// it directly; the reader takes queued frames without suspending.
///
/// This is what NIO's async channel did for Hummingbird's client, without its generic state
/// machine: in `live.tick_to_order`'s rounds, the async channel's `yield` (runtime generic
/// metadata lookups, a deque of one, its lock) took about 40 % of the time from the frame's
/// read(2) to its hand-over to the feed.
///
/// Backpressure: once `highFrames` frames or `highBytes` bytes wait, the handler stops asking
/// the socket for more (`shouldPauseReading`); the reader asks again when the queue is down to
/// a quarter of either.
final class WebSocketInbox: Sendable {
    static let highFrames = 256
    static let highBytes = 32 << 20

    private struct State {
        var frames = Deque<String>()
        var bytes = 0
        var waiter: UnsafeContinuation<String?, Never>?
        var finished = false
        var outcome: Result<WebSocketClose?, TextWebSocketError> = .success(nil)
        var readingPaused = false
        var channel: (any Channel)?

        /// The next frame, and the channel to ask for reads when this one ends a pause.
        mutating func take() -> Taken {
            if let text = frames.popFirst() {
                bytes -= text.utf8.count
                var resume: (any Channel)?
                if readingPaused, frames.count <= WebSocketInbox.highFrames / 4, bytes <= WebSocketInbox.highBytes / 4 {
                    readingPaused = false
                    resume = channel
                }
                return .frame(text, resumeReading: resume)
            }
            return finished ? .end : .wait
        }
    }

    private enum Taken {
        case frame(String, resumeReading: (any Channel)?)
        case end
        case wait
    }

    private let state = Mutex(State())

    /// The channel to ask for more reads after a pause.
    func attach(_ channel: any Channel) { state.withLock { $0.channel = channel } }

    /// A text frame arrived (on the event loop).
    func deliver(_ text: String) {
        let waiter = state.withLock { state -> UnsafeContinuation<String?, Never>? in
            guard !state.finished else { return nil }
            if let waiter = state.waiter {
                state.waiter = nil
                return waiter
            }
            state.frames.append(text)
            state.bytes += text.utf8.count
            return nil
        }
        waiter?.resume(returning: text)
    }

    /// No more frames: the reader gets the queued ones, then nil, then `outcome`.
    func finish(_ outcome: Result<WebSocketClose?, TextWebSocketError>) {
        let waiter = state.withLock { state -> UnsafeContinuation<String?, Never>? in
            guard !state.finished else { return nil }
            state.finished = true
            state.outcome = outcome
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume(returning: nil)
    }

    /// How the connection ended (the server's close frame, or what went wrong); meaningful once
    /// `next()` returned nil.
    var outcome: Result<WebSocketClose?, TextWebSocketError> { state.withLock { $0.outcome } }

    /// Whether `finish` was called (the connection is over).
    var isFinished: Bool { state.withLock { $0.finished } }

    /// Whether the handler should hold the socket's next read (and remember that it did).
    func shouldPauseReading() -> Bool {
        state.withLock { state in
            guard state.frames.count >= Self.highFrames || state.bytes >= Self.highBytes else { return false }
            state.readingPaused = true
            return true
        }
    }

    /// The next frame, waiting for one; nil once the connection is over and its frames read.
    func next() async -> String? {
        switch state.withLock({ $0.take() }) {
        case .frame(let text, let channel):
            channel?.read()
            return text
        case .end: return nil
        case .wait: break
        }
        return await withUnsafeContinuation { continuation in
            switch state.withLock({ state -> Taken in
                let taken = state.take()
                if case .wait = taken { state.waiter = continuation }
                return taken
            }) {
            case .frame(let text, let channel):
                channel?.read()
                continuation.resume(returning: text)
            case .end: continuation.resume(returning: nil)
            case .wait: break
            }
        }
    }
}
