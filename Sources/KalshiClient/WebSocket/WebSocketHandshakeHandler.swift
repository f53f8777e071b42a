import KalshiAPI
import NIOCore

/// Told down the pipeline once the upgrade is answered: frames follow.
struct WebSocketUpgraded: Sendable {}

/// Sends the upgrade request when the connection is up, judges the answer
/// (`WebSocketHandshake`), completes `upgraded`, and then leaves the pipeline, handing the bytes
/// after the answer's head (the first frames, when they came in the same read) to the frame
/// decoder behind it.
final class WebSocketHandshakeHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    private let handshake: WebSocketHandshake
    private let upgraded: EventLoopPromise<Void>
    private let timeoutMs: Int64
    private var received: ByteBuffer?
    private var timer: Scheduled<Void>?
    private var started = false
    private var done = false

    init(handshake: WebSocketHandshake, upgraded: EventLoopPromise<Void>, timeoutMs: Int64) {
        self.handshake = handshake
        self.upgraded = upgraded
        self.timeoutMs = timeoutMs
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { start(context: context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        start(context: context)
        context.fireChannelActive()
    }

    /// Writes the request (over TLS, the TLS handler holds it until its handshake is done) and
    /// arms the timeout.
    private func start(context: ChannelHandlerContext) {
        guard !started else { return }
        started = true
        var request = context.channel.allocator.buffer(capacity: handshake.request.count)
        request.writeBytes(handshake.request)
        context.writeAndFlush(NIOAny(request), promise: nil)
        let timeoutMs = self.timeoutMs
        timer = context.eventLoop.assumeIsolated().scheduleTask(in: .milliseconds(timeoutMs)) {
            self.fail(context: context, .handshakeTimedOut(ms: timeoutMs))
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !done else {
            context.fireChannelRead(data)
            return
        }
        var chunk = unwrapInboundIn(data)
        if received == nil {
            received = chunk
        } else {
            received?.writeBuffer(&chunk)
        }
        guard var buffer = received else { return }
        switch handshake.judge(buffer.readableBytesView) {
        case .incomplete:
            return
        case .failed(let error):
            fail(context: context, error)
        case .upgraded(let headBytes):
            done = true
            timer?.cancel()
            received = nil
            buffer.moveReaderIndex(forwardBy: headBytes)
            upgraded.succeed(())
            context.fireUserInboundEventTriggered(WebSocketUpgraded())
            if buffer.readableBytes > 0 {
                context.fireChannelRead(wrapInboundOut(buffer))
                context.fireChannelReadComplete()
            }
            context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        fail(context: context, .closedDuringHandshake)
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        guard !done else {
            context.fireErrorCaught(error)
            return
        }
        fail(context: context, error as? TextWebSocketError ?? .connectionFailed(String(describing: error)))
    }

    private func fail(context: ChannelHandlerContext, _ error: TextWebSocketError) {
        guard !done else { return }
        done = true
        timer?.cancel()
        received = nil
        upgraded.fail(error)
        context.close(promise: nil)
    }
}
