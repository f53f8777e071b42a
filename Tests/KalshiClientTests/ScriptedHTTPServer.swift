import Foundation
import NIOCore
import NIOPosix
import NIOSSL
import Synchronization

/// An HTTP/1.1 server on loopback whose answers a test scripts request by request: an answer,
/// a close without one, or silence until the test lets it answer. It reads requests by their
/// `Content-Length` and keeps each one's bytes, so a test sees exactly what was written.
final class ScriptedHTTPServer: Sendable {
    enum Reply: Sendable {
        case answer(status: Int, body: String, close: Bool = false)
        /// Closes the connection without answering.
        case hangUp
        /// No answer until `release()`, then `.answer(status:body:)`.
        case held(status: Int, body: String)
        /// Never answers.
        case silence
    }

    private struct State {
        var requests: [String] = []
        var connections = 0
        var held: [@Sendable () -> Void] = []
    }

    private let state = Mutex(State())
    private let script: @Sendable (Int) -> Reply
    private let channel: Mutex<(any Channel)?> = Mutex(nil)
    private let tls: NIOSSLContext?

    /// `script` is given each request's index (0 for the first, over all connections). With
    /// `tls`, connections are served over TLS (`baseURL` is then `https://localhost:…`).
    init(tls: TLSConfiguration? = nil, script: @escaping @Sendable (Int) -> Reply) throws {
        self.tls = try tls.map { try NIOSSLContext(configuration: $0) }
        self.script = script
    }

    var port: Int { channel.withLock { $0?.localAddress?.port ?? 0 } }
    var baseURL: String {
        tls == nil ? "http://127.0.0.1:\(port)/trade-api/v2" : "https://localhost:\(port)/trade-api/v2"
    }
    var requests: [String] { state.withLock { $0.requests } }
    var connections: Int { state.withLock { $0.connections } }
    var heldCount: Int { state.withLock { $0.held.count } }

    func start() async throws {
        let bound = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { child in
                self.state.withLock { $0.connections += 1 }
                return child.eventLoop.makeCompletedFuture {
                    if let tls = self.tls { try child.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: tls)) }
                    try child.pipeline.syncOperations.addHandler(Connection(server: self))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        channel.withLock { $0 = bound }
    }

    func stop() async {
        let bound = channel.withLock { $0 }
        try? await bound?.close()
    }

    /// Lets every held request answer.
    func release() {
        let held = state.withLock { state -> [@Sendable () -> Void] in
            defer { state.held.removeAll() }
            return state.held
        }
        for answer in held { answer() }
    }

    fileprivate func received(_ request: String) -> Reply {
        let index = state.withLock { state -> Int in
            state.requests.append(request)
            return state.requests.count - 1
        }
        return script(index)
    }

    fileprivate func hold(_ answer: @escaping @Sendable () -> Void) {
        state.withLock { $0.held.append(answer) }
    }

    static func response(status: Int, body: String, close: Bool) -> String {
        "HTTP/1.1 \(status) Status\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n"
            + (close ? "Connection: close\r\n" : "") + "\r\n" + body
    }

    private final class Connection: ChannelInboundHandler {
        typealias InboundIn = ByteBuffer
        typealias OutboundOut = ByteBuffer

        private let server: ScriptedHTTPServer
        private var buffered: [UInt8] = []

        init(server: ScriptedHTTPServer) { self.server = server }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            buffered += Array(buffer: unwrapInboundIn(data))
            while let request = takeRequest() {
                switch server.received(request) {
                case .answer(let status, let body, let close):
                    answer(context: context, status: status, body: body, close: close)
                case .hangUp:
                    context.close(promise: nil)
                    return
                case .held(let status, let body):
                    let loop = context.eventLoop
                    let boundContext = NIOLoopBound(context, eventLoop: loop)
                    let boundSelf = NIOLoopBound(self, eventLoop: loop)
                    server.hold {
                        loop.execute {
                            boundSelf.value.answer(context: boundContext.value, status: status, body: body, close: false)
                        }
                    }
                case .silence:
                    break
                }
            }
        }

        private func answer(context: ChannelHandlerContext, status: Int, body: String, close: Bool) {
            let text = ScriptedHTTPServer.response(status: status, body: body, close: close)
            context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: text)), promise: nil)
            if close { context.close(promise: nil) }
        }

        /// One whole request off the front of what was read, as text.
        private func takeRequest() -> String? {
            let separator: [UInt8] = Array("\r\n\r\n".utf8)
            guard buffered.count >= 4,
                let headEnd = (0...(buffered.count - 4)).first(where: { Array(buffered[$0..<$0 + 4]) == separator })
            else { return nil }
            let head = String(decoding: buffered[..<headEnd], as: UTF8.self)
            let length =
                head.split(separator: "\r\n")
                .first { $0.lowercased().hasPrefix("content-length:") }
                .flatMap { Int($0.split(separator: ":")[1].trimmingCharacters(in: .whitespaces)) } ?? 0
            let end = headEnd + 4 + length
            guard buffered.count >= end else { return nil }
            let request = String(decoding: buffered[..<end], as: UTF8.self)
            buffered.removeFirst(end)
            return request
        }
    }
}
