import NIOCore
import NIOHTTP1
import NIOTLS

/// One request written and its answer collected, on an `OrderConnection`'s channel.
struct OrderExchange: Sendable {
    /// The whole HTTP/1.1 request: head and body.
    let request: ByteBuffer
    let timeout: TimeAmount
    /// Resumed exactly once, by the handler that took the exchange (or, when no handler took
    /// it, by the failed write's promise).
    let answer: UnsafeContinuation<Result<OrderAnswer, OrderExchangeError>, Never>
}

/// What came back for an `OrderExchange`.
struct OrderAnswer: Sendable {
    let status: Int
    let headers: HTTPHeaders
    let body: ByteBuffer
}

/// Why an `OrderExchange` has no answer. `notWritten` is the one case where the request surely
/// did not reach the exchange (nothing was written), so it may go another way at once.
enum OrderExchangeError: Error, Equatable, CustomStringConvertible {
    case notWritten(String)
    /// Written, or possibly written: the exchange may have acted on it.
    case noAnswer(String)

    var description: String {
        switch self {
        case .notWritten(let reason): "the order connection did not write the request (\(reason))"
        case .noAnswer(let reason): "the order connection got no answer (\(reason))"
        }
    }
}

/// Turns the exchange handler's request parts into the bytes the socket gets: the head part
/// writes nothing (the bytes were built whole by `OrderRequestBytes`, head included, and travel
/// as the body part). The head part is there for NIOHTTP1's response decoder, which sits
/// between the two handlers and pairs each answer with a request head it saw written.
final class OrderRequestWriter: ChannelOutboundHandler, RemovableChannelHandler {
    typealias OutboundIn = HTTPClientRequestPart
    typealias OutboundOut = ByteBuffer

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case .body(.byteBuffer(let bytes)): context.write(wrapOutboundOut(bytes), promise: promise)
        case .head, .end: promise?.succeed()
        case .body(.fileRegion): promise?.fail(ChannelError.operationUnsupported)
        }
    }
}

/// The last handler of an order connection: takes an `OrderExchange` (written to the channel),
/// writes its bytes, and resumes its waiter with the answer NIOHTTP1's decoder parsed, or with
/// a failure when the connection closes, errs or stays silent past the exchange's timeout.
/// One exchange at a time: HTTP/1.1 without pipelining, as the owner hands the channel out.
///
/// Every path that ends an exchange goes through `finish`, which resumes the waiter only while
/// the exchange is still pending: a continuation resumed twice would be undefined behaviour.
final class OrderExchangeHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPClientResponsePart
    typealias OutboundIn = OrderExchange
    typealias OutboundOut = HTTPClientRequestPart

    /// An answer's body larger than this fails the exchange (an order's answer is under 1 KB).
    static let maxBodyBytes = 1 << 20

    private struct Pending {
        let answer: UnsafeContinuation<Result<OrderAnswer, OrderExchangeError>, Never>
        var timeout: Scheduled<Void>?
        var head: HTTPResponseHead?
        var body: ByteBuffer?
    }

    private var pending: Pending?
    private var closed = false
    /// What the response decoder is told of each request: its method (an answer to `HEAD`
    /// has no body), never written as such.
    private let head: HTTPRequestHead
    /// Succeeded once the connection can carry an order (active, and with TLS the handshake
    /// done); failed if it closes first.
    private let ready: EventLoopPromise<Void>
    private let awaitsHandshake: Bool

    init(head: HTTPRequestHead, ready: EventLoopPromise<Void>, awaitsHandshake: Bool) {
        self.head = head
        self.ready = ready
        self.awaitsHandshake = awaitsHandshake
    }

    func channelActive(context: ChannelHandlerContext) {
        if !awaitsHandshake { ready.succeed() }
        context.fireChannelActive()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let tls = event as? TLSUserEvent, case .handshakeCompleted = tls { ready.succeed() }
        context.fireUserInboundEventTriggered(event)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let exchange = unwrapOutboundIn(data)
        // Taken: from here this handler answers the exchange, whatever happens to the write.
        promise?.succeed()
        guard !closed else {
            exchange.answer.resume(returning: .failure(.notWritten("the connection is closed")))
            return
        }
        guard pending == nil else {
            exchange.answer.resume(returning: .failure(.notWritten("another request is waiting for its answer")))
            return
        }
        pending = Pending(answer: exchange.answer)
        // A failed write closes the channel (`channelInactive` ends the exchange as unanswered:
        // part of the request may have gone out).
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.body(.byteBuffer(exchange.request))), promise: nil)
        // The timer after the write, so that arming it does not delay the request's bytes.
        guard pending != nil else { return }
        let timeout = exchange.timeout
        pending?.timeout = context.eventLoop.assumeIsolated().scheduleTask(in: timeout) { [weak self] in
            self?.finish(context: context, .failure(.noAnswer("no answer within \(timeout.nanoseconds / 1_000_000) ms")))
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard var current = pending else {
            // An answer nobody asked for: the connection's framing cannot be trusted.
            closed = true
            context.close(promise: nil)
            return
        }
        switch unwrapInboundIn(data) {
        case .head(let head):
            // 1xx answers precede the real one.
            guard head.status.code >= 200 else { return }
            current.head = head
            pending = current
        case .body(var part):
            if var body = current.body {
                guard body.readableBytes + part.readableBytes <= Self.maxBodyBytes else {
                    finish(context: context, .failure(.noAnswer("the answer's body is over \(Self.maxBodyBytes) bytes")))
                    return
                }
                current.body = nil
                body.writeBuffer(&part)
                current.body = body
            } else {
                current.body = part
            }
            pending = current
        case .end:
            guard let head = current.head else {
                finish(context: context, .failure(.noAnswer("an answer without a status line")))
                return
            }
            let answer = OrderAnswer(
                status: Int(head.status.code), headers: head.headers,
                body: current.body ?? context.channel.allocator.buffer(capacity: 0))
            finish(context: context, .success(answer), keepOpen: head.isKeepAlive)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        finish(context: context, .failure(.noAnswer(String(describing: error))))
    }

    func channelInactive(context: ChannelHandlerContext) {
        closed = true
        ready.fail(OrderExchangeError.notWritten("the connection closed before it was ready"))
        finish(context: context, .failure(.noAnswer("the connection closed")))
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        closed = true
        ready.fail(OrderExchangeError.notWritten("the connection closed before it was ready"))
        finish(context: context, .failure(.noAnswer("the connection's handler was removed")))
    }

    /// Ends the pending exchange, if any, with `result`. The connection is closed unless it
    /// ended with an answer the server keeps the connection open after: after a failure its
    /// framing is unknown (part of a request or an answer may be on the wire).
    private func finish(
        context: ChannelHandlerContext, _ result: Result<OrderAnswer, OrderExchangeError>, keepOpen: Bool = false
    ) {
        if let current = pending {
            pending = nil
            current.timeout?.cancel()
            current.answer.resume(returning: result)
        }
        if !keepOpen, !closed {
            closed = true
            context.close(promise: nil)
        }
    }
}
