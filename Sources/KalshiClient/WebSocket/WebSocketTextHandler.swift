import KalshiAPI
import NIOCore
import NIOWebSocket

/// Asks the connection to close with 1000 (the reader's side is done), as a user outbound event.
struct WebSocketCloseRequest: Sendable {}

/// The WebSocket connection on its event loop: text frames to the inbox as they are decoded,
/// pings answered, pings sent and their pongs awaited, the closing handshake. What to do is
/// `WebSocketControl`'s; this handler carries it out. Frames it writes are masked, as a
/// client's must be (the encoder behind it applies the key).
final class WebSocketTextHandler: ChannelDuplexHandler {
    typealias InboundIn = WebSocketFrame
    typealias OutboundIn = WebSocketFrame
    typealias OutboundOut = WebSocketFrame

    private let inbox: WebSocketInbox
    private let pingPeriodMs: Int64?
    private var control = WebSocketControl()
    private var pingTimer: Scheduled<Void>?

    init(inbox: WebSocketInbox, pingPeriodMs: Int64?) {
        self.inbox = inbox
        self.pingPeriodMs = pingPeriodMs
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let frame = unwrapInboundIn(data)
        switch frame.opcode {
        case .text:
            // Nothing more from a connection that failed (a violation, a ping unanswered):
            // frames read behind the failure, before the close takes effect, are not trusted.
            guard control.failure == nil else { return }
            // A text message must be UTF-8, or the connection fails with 1007 (RFC 6455 §8.1).
            // Repairing it (U+FFFD in place of the bad bytes) would hand the feed a frame the
            // server did not send, and a ticker changed that way would lose its book's delta
            // without a gap in the sequence to show it.
            guard let text = frame.unmaskedData.withUnsafeReadableBytes({ String(validating: $0, as: UTF8.self) }) else {
                violation("a text frame that is not UTF-8", code: 1007, context: context)
                return
            }
            inbox.deliver(text)
        case .binary:
            break  // the feeds speak text; a binary frame carries nothing they read
        case .ping:
            if case .pong(let payload) = control.pingReceived(Array(frame.unmaskedData.readableBytesView)) {
                send(.pong, payload: payload, context: context)
            }
        case .pong:
            control.pongReceived(Array(frame.unmaskedData.readableBytesView))
        case .connectionClose:
            var payload = frame.unmaskedData
            let code = payload.readableBytes >= 2 ? payload.readInteger(as: UInt16.self) : nil
            let reason = payload.readString(length: payload.readableBytes) ?? ""
            switch control.closeReceived(WebSocketClose(code: code, reason: reason)) {
            case .reply(let code): sendCloseThenHangUp(code: code, context: context)
            case .closeConnection: context.close(promise: nil)
            }
        default:
            violation("unexpected opcode \(frame.opcode)", code: 1002, context: context)
        }
    }

    /// Holds the socket's next read while the reader is behind (see `WebSocketInbox`).
    func read(context: ChannelHandlerContext) {
        if inbox.shouldPauseReading() { return }
        context.read()
    }

    /// Text frames from the reader's side: refused once this side has sent its close.
    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        guard control.acceptsData else {
            promise?.fail(ChannelError.ioOnClosedChannel)
            return
        }
        context.write(data, promise: promise)
    }

    func triggerUserOutboundEvent(context: ChannelHandlerContext, event: Any, promise: EventLoopPromise<Void>?) {
        guard event is WebSocketCloseRequest else {
            context.triggerUserOutboundEvent(event, promise: promise)
            return
        }
        if control.closeRequested() {
            sendCloseThenHangUp(code: 1000, context: context)
        } else {
            context.close(promise: nil)
        }
        promise?.succeed(())
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is WebSocketUpgraded, pingTimer == nil { schedulePing(context: context) }
        context.fireUserInboundEventTriggered(event)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        switch error {
        case NIOWebSocketError.invalidFrameLength:
            violation("a frame over the size limit", code: 1009, context: context)
        case NIOWebSocketFrameAggregator.Error.accumulatedFrameSizeIsTooLarge:
            violation("a fragmented message over the size limit", code: 1009, context: context)
        case let error as NIOWebSocketError:
            violation("\(error)", code: 1002, context: context)
        case let error as NIOWebSocketFrameAggregator.Error:
            violation("\(error)", code: 1002, context: context)
        default:
            _ = control.closeRequested(failure: .connectionFailed(String(describing: error)))
            context.close(promise: nil)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        pingTimer?.cancel()
        pingTimer = nil
        control.connectionClosed()
        if let failure = control.failure {
            inbox.finish(.failure(failure))
        } else {
            inbox.finish(.success(control.serverClose))
        }
        context.fireChannelInactive()
    }

    private func schedulePing(context: ChannelHandlerContext) {
        guard let periodMs = pingPeriodMs, periodMs > 0 else { return }
        pingTimer = context.eventLoop.assumeIsolated().scheduleTask(in: .milliseconds(periodMs)) {
            self.pingDue(periodMs: periodMs, context: context)
        }
    }

    private func pingDue(periodMs: Int64, context: ChannelHandlerContext) {
        defer { if control.phase == .open { schedulePing(context: context) } }
        var generator = SystemRandomNumberGenerator()
        let payload = (0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) }
        switch control.pingDue(payload: payload, periodMs: periodMs) {
        case .send(let payload): send(.ping, payload: payload, context: context)
        case .timedOut: sendCloseThenHangUp(code: 1001, context: context)
        case .none: break
        }
    }

    private func violation(_ what: String, code: UInt16, context: ChannelHandlerContext) {
        if control.closeRequested(failure: .protocolViolation(what)) {
            sendCloseThenHangUp(code: code, context: context)
        } else {
            context.close(promise: nil)
        }
    }

    private func send(_ opcode: WebSocketOpcode, payload: [UInt8], context: ChannelHandlerContext) {
        var buffer = context.channel.allocator.buffer(capacity: payload.count)
        buffer.writeBytes(payload)
        context.writeAndFlush(
            wrapOutboundOut(WebSocketFrame(fin: true, opcode: opcode, maskKey: .random(), data: buffer)), promise: nil)
    }

    /// A close frame (with `code`, none when nil), then the connection closed once it is written.
    private func sendCloseThenHangUp(code: UInt16?, context: ChannelHandlerContext) {
        var buffer = context.channel.allocator.buffer(capacity: 2)
        if let code { buffer.writeInteger(code) }
        let frame = WebSocketFrame(fin: true, opcode: .connectionClose, maskKey: .random(), data: buffer)
        let written = context.eventLoop.makePromise(of: Void.self)
        context.writeAndFlush(wrapOutboundOut(frame), promise: written)
        written.futureResult.assumeIsolated().whenComplete { _ in context.close(promise: nil) }
    }
}
