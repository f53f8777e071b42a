import NIOCore
import NIOHTTP1

/// One request written and its answer collected, on an `OrderConnection`'s channel.
struct OrderExchange: Sendable {
    /// The whole HTTP/1.1 request: head and body.
    let request: ByteBuffer
    let timeout: TimeAmount
    let answer: EventLoopPromise<OrderAnswer>
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
/// writes its bytes, and completes its promise with the answer NIOHTTP1's decoder parsed, or
/// fails it when the connection closes, errs or stays silent past the exchange's timeout.
/// One exchange at a time: HTTP/1.1 without pipelining, as the owner hands the channel out.
final class OrderExchangeHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPClientResponsePart
    typealias OutboundIn = OrderExchange
    typealias OutboundOut = HTTPClientRequestPart

    /// An answer's body larger than this fails the exchange (an order's answer is under 1 KB).
    static let maxBodyBytes = 1 << 20

    private struct Pending {
        let answer: EventLoopPromise<OrderAnswer>
        var timeout: Scheduled<Void>?
        var head: HTTPResponseHead?
        var body: ByteBuffer?
    }

    private var pending: Pending?
    private var closed = false
    /// What the response decoder is told of each request: its method (an answer to `HEAD`
    /// has no body), never written as such.
    private let head: HTTPRequestHead

    init(head: HTTPRequestHead) {
        self.head = head
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let exchange = unwrapOutboundIn(data)
        promise?.succeed()
        guard !closed else {
            exchange.answer.fail(OrderExchangeError.notWritten("the connection is closed"))
            return
        }
        guard pending == nil else {
            exchange.answer.fail(OrderExchangeError.notWritten("another request is waiting for its answer"))
            return
        }
        let timeoutTask = context.eventLoop.assumeIsolated().scheduleTask(in: exchange.timeout) { [weak self] in
            guard let self else { return }
            self.fail(context: context, .noAnswer("no answer within \(exchange.timeout.nanoseconds / 1_000_000) ms"))
        }
        pending = Pending(answer: exchange.answer, timeout: timeoutTask)
        let written = context.eventLoop.makePromise(of: Void.self)
        written.futureResult.assumeIsolated().whenFailure { [weak self] error in
            // Closed before the write: nothing reached the socket. Any other write error may
            // come after part of the request went out.
            let reason = String(describing: error)
            if let channelError = error as? ChannelError, channelError == .ioOnClosedChannel {
                self?.fail(context: context, .notWritten(reason))
            } else {
                self?.fail(context: context, .noAnswer("writing failed: \(reason)"))
            }
        }
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.body(.byteBuffer(exchange.request))), promise: written)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard var current = pending else {
            // An answer nobody asked for: the connection's framing cannot be trusted.
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
            if current.body == nil {
                current.body = part
            } else {
                guard current.body!.readableBytes + part.readableBytes <= Self.maxBodyBytes else {
                    fail(context: context, .noAnswer("the answer's body is over \(Self.maxBodyBytes) bytes"))
                    return
                }
                current.body!.writeBuffer(&part)
            }
            pending = current
        case .end:
            pending = nil
            current.timeout?.cancel()
            guard let head = current.head else {
                current.answer.fail(OrderExchangeError.noAnswer("an answer without a status line"))
                context.close(promise: nil)
                return
            }
            if !head.isKeepAlive { context.close(promise: nil) }
            current.answer.succeed(
                OrderAnswer(
                    status: Int(head.status.code), headers: head.headers,
                    body: current.body ?? context.channel.allocator.buffer(capacity: 0)))
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        fail(context: context, .noAnswer(String(describing: error)))
    }

    func channelInactive(context: ChannelHandlerContext) {
        closed = true
        fail(context: context, .noAnswer("the connection closed"))
        context.fireChannelInactive()
    }

    /// Fails the waiting exchange, if any, and closes the connection: after a failure its
    /// framing is unknown (part of a request or an answer may be on the wire).
    private func fail(context: ChannelHandlerContext, _ error: OrderExchangeError) {
        if let current = pending {
            pending = nil
            current.timeout?.cancel()
            current.answer.fail(error)
        }
        if !closed {
            closed = true
            context.close(promise: nil)
        }
    }
}
