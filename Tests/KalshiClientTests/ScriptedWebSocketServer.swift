import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import NIOWebSocket
import Synchronization

/// A WebSocket server on loopback whose frames a test scripts, on NIO's own server side of the
/// protocol (an implementation independent of the client's): frames sent once upgraded and in
/// answer to each text frame, pings answered or not, and every frame the client sent kept
/// (with whether it was masked). `raw` mode answers the upgrade request with given bytes
/// instead, to test handshakes a well-behaved server would not give.
final class ScriptedWebSocketServer: Sendable {
    struct Frame: Equatable, Sendable {
        var fin = true
        var opcode: WebSocketOpcode
        var payload: [UInt8]
        var masked = false

        static func text(_ text: String, fin: Bool = true) -> Frame { Frame(fin: fin, opcode: .text, payload: Array(text.utf8)) }
        static func continuation(_ text: String, fin: Bool) -> Frame {
            Frame(fin: fin, opcode: .continuation, payload: Array(text.utf8))
        }
        static func close(_ code: UInt16, _ reason: String = "") -> Frame {
            Frame(opcode: .connectionClose, payload: [UInt8(code >> 8), UInt8(code & 0xFF)] + Array(reason.utf8))
        }
        var text: String { String(decoding: payload, as: UTF8.self) }
    }

    enum Mode: Sendable {
        case webSocket
        /// Answers the upgrade request (its head, as text) with these bytes, then stays silent.
        case raw(@Sendable (String) -> [UInt8])
    }

    struct State {
        var requestHeads: [String] = []
        var received: [Frame] = []
        var connections = 0
        var closedConnections = 0
    }

    private let state = Mutex(State())
    private let waiters = Mutex<[(predicate: @Sendable (State) -> Bool, continuation: CheckedContinuation<Void, Never>)]>([])
    private let channel: Mutex<(any Channel)?> = Mutex(nil)
    private let tls: NIOSSLContext?
    private let mode: Mode
    let answerPings: Bool
    /// Closes the connection (no close frame) after sending `onUpgrade`.
    let hangUpAfterUpgrade: Bool
    let onUpgrade: [Frame]
    let onText: @Sendable (String) -> [Frame]

    init(
        tls: TLSConfiguration? = nil, mode: Mode = .webSocket, answerPings: Bool = true, hangUpAfterUpgrade: Bool = false,
        onUpgrade: [Frame] = [], onText: @escaping @Sendable (String) -> [Frame] = { _ in [] }
    ) throws {
        self.tls = try tls.map { try NIOSSLContext(configuration: $0) }
        self.mode = mode
        self.answerPings = answerPings
        self.hangUpAfterUpgrade = hangUpAfterUpgrade
        self.onUpgrade = onUpgrade
        self.onText = onText
    }

    var port: Int { channel.withLock { $0?.localAddress?.port ?? 0 } }
    var url: String { tls == nil ? "ws://127.0.0.1:\(port)/feed?x=1" : "wss://localhost:\(port)/feed?x=1" }
    var snapshot: State { state.withLock { $0 } }

    func start() async throws {
        let bound = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { child in
                self.update { $0.connections += 1 }
                return child.eventLoop.makeCompletedFuture {
                    let pipeline = child.pipeline.syncOperations
                    if let tls = self.tls { try pipeline.addHandler(NIOSSLServerHandler(context: tls)) }
                    try pipeline.addHandler(ConnectionCounter(server: self))
                    switch self.mode {
                    case .raw(let answer):
                        try pipeline.addHandler(RawAnswer(server: self, answer: answer))
                    case .webSocket:
                        let upgrader = NIOWebSocketServerUpgrader(
                            maxFrameSize: 1 << 24, automaticErrorHandling: false,
                            shouldUpgrade: { channel, head in
                                let lines = ["GET \(head.uri)"] + head.headers.map { "\($0.name): \($0.value)" }
                                self.update { $0.requestHeads.append(lines.joined(separator: "\r\n")) }
                                return channel.eventLoop.makeSucceededFuture(HTTPHeaders())
                            },
                            upgradePipelineHandler: { channel, _ in
                                channel.eventLoop.makeCompletedFuture {
                                    try channel.pipeline.syncOperations.addHandler(Script(server: self))
                                }
                            })
                        try pipeline.configureHTTPServerPipeline(
                            withServerUpgrade: (upgraders: [upgrader], completionHandler: { _ in }))
                    }
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        channel.withLock { $0 = bound }
    }

    func stop() async {
        let bound = channel.withLock { $0 }
        try? await bound?.close()
    }

    /// Returns once the server's state satisfies `predicate` (checked at every change).
    func wait(until predicate: @escaping @Sendable (State) -> Bool) async {
        await withCheckedContinuation { continuation in
            let ready = state.withLock { state in
                if predicate(state) { return true }
                waiters.withLock { $0.append((predicate, continuation)) }
                return false
            }
            if ready { continuation.resume() }
        }
    }

    fileprivate func update(_ change: (inout State) -> Void) {
        let ready = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            change(&state)
            return waiters.withLock { waiters in
                let now = state
                let ready = waiters.filter { $0.predicate(now) }.map(\.continuation)
                waiters.removeAll { $0.predicate(now) }
                return ready
            }
        }
        for continuation in ready { continuation.resume() }
    }

    private final class ConnectionCounter: ChannelInboundHandler {
        typealias InboundIn = NIOAny
        let server: ScriptedWebSocketServer
        init(server: ScriptedWebSocketServer) { self.server = server }
        func channelInactive(context: ChannelHandlerContext) {
            server.update { $0.closedConnections += 1 }
            context.fireChannelInactive()
        }
    }

    private final class RawAnswer: ChannelInboundHandler {
        typealias InboundIn = ByteBuffer
        typealias OutboundOut = ByteBuffer
        let server: ScriptedWebSocketServer
        let answer: @Sendable (String) -> [UInt8]
        var buffered: [UInt8] = []
        var answered = false

        init(server: ScriptedWebSocketServer, answer: @escaping @Sendable (String) -> [UInt8]) {
            self.server = server
            self.answer = answer
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            guard !answered else { return }
            buffered += Array(buffer: unwrapInboundIn(data))
            let text = String(decoding: buffered, as: UTF8.self)
            guard let end = text.range(of: "\r\n\r\n") else { return }
            answered = true
            let head = String(text[..<end.lowerBound])
            server.update { $0.requestHeads.append(head) }
            let bytes = answer(head)
            if !bytes.isEmpty { context.writeAndFlush(wrapOutboundOut(ByteBuffer(bytes: bytes)), promise: nil) }
        }
    }

    private final class Script: ChannelInboundHandler {
        typealias InboundIn = WebSocketFrame
        typealias OutboundOut = WebSocketFrame
        let server: ScriptedWebSocketServer
        var closeSent = false

        init(server: ScriptedWebSocketServer) { self.server = server }

        func handlerAdded(context: ChannelHandlerContext) {
            for frame in server.onUpgrade { send(frame, context: context) }
            if server.hangUpAfterUpgrade { context.close(promise: nil) }
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            let frame = unwrapInboundIn(data)
            let payload = Array(frame.unmaskedData.readableBytesView)
            server.update {
                $0.received.append(Frame(fin: frame.fin, opcode: frame.opcode, payload: payload, masked: frame.maskKey != nil))
            }
            switch frame.opcode {
            case .ping where server.answerPings:
                send(Frame(opcode: .pong, payload: payload), context: context)
            case .text:
                for reply in server.onText(String(decoding: payload, as: UTF8.self)) { send(reply, context: context) }
            case .connectionClose:
                if !closeSent { send(Frame(opcode: .connectionClose, payload: Array(payload.prefix(2))), context: context) }
                context.close(promise: nil)
            default:
                break
            }
        }

        func errorCaught(context: ChannelHandlerContext, error: any Error) {
            context.close(promise: nil)
        }

        private func send(_ frame: Frame, context: ChannelHandlerContext) {
            if frame.opcode == .connectionClose { closeSent = true }
            var buffer = context.channel.allocator.buffer(capacity: frame.payload.count)
            buffer.writeBytes(frame.payload)
            context.writeAndFlush(
                wrapOutboundOut(WebSocketFrame(fin: frame.fin, opcode: frame.opcode, data: buffer)), promise: nil)
        }
    }
}
