import Foundation
import KalshiAPI
import Logging
import NIOCore
import NIOSSL
import NIOWebSocket
import Synchronization
import Testing

@testable import KalshiClient

/// The WebSocket client against NIO's server side on loopback: text both ways, fragments,
/// control frames, the closing handshake, refused and malformed upgrades, limits, timeouts,
/// cancellation and TLS.
@Suite struct TextWebSocketTests {
    typealias Frame = ScriptedWebSocketServer.Frame

    /// What one connection saw: the texts received, and the sink to send on.
    final class Client: Sendable {
        let texts = Mutex<[String]>([])
        let sink = Mutex<AsyncStream<String>.Continuation?>(nil)
        func send(_ text: String) { _ = sink.withLock { $0?.yield(text) } }
        func finish() { sink.withLock { $0?.finish() } }
    }

    static var logger: Logger {
        var logger = Logger(label: "test.websocket")
        logger.logLevel = .critical
        return logger
    }

    /// Runs one connection; `onText` is called with each text and the client.
    static func run(
        _ url: String, configuration: TextWebSocketConfiguration = TextWebSocketConfiguration(pingPeriodMs: nil),
        tls: TLSConfiguration? = nil, client: Client = Client(), onAttach: @escaping @Sendable (Client) -> Void = { _ in },
        onText: @escaping @Sendable (String, Client) -> Void = { _, _ in }
    ) async throws -> WebSocketClose? {
        try await TextWebSocket.run(
            url: url, configuration: configuration, tls: tls, logger: logger,
            attach: { sink in
                client.sink.withLock { $0 = sink }
                onAttach(client)
            },
            received: { text in
                client.texts.withLock { $0.append(text) }
                onText(text, client)
            })
    }

    static func closeCode(_ frame: Frame) -> UInt16? {
        frame.opcode == .connectionClose && frame.payload.count >= 2
            ? UInt16(frame.payload[0]) << 8 | UInt16(frame.payload[1]) : nil
    }

    /// A 101 answer to the request head given, with the accept value its key calls for.
    static func switching(_ head: String, accept: String? = nil) -> String {
        let key =
            head.split(separator: "\r\n").first { $0.lowercased().hasPrefix("sec-websocket-key:") }
            .map { String($0.split(separator: ":", maxSplits: 1)[1]).trimmingCharacters(in: .whitespaces) } ?? ""
        return "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Accept: \(accept ?? WebSocketHandshake.accept(forKey: key))\r\n\r\n"
    }

    /// An unmasked text frame as a server writes it (payloads under 126 bytes).
    static func textFrameBytes(_ text: String) -> [UInt8] { [0x81, UInt8(text.utf8.count)] + Array(text.utf8) }

    @Test func textFlowsBothWaysWithFragmentsPingsAndTheServersClose() async throws {
        let server = try ScriptedWebSocketServer(
            onUpgrade: [
                .text("hello"), .text("par", fin: false), .continuation("ti", fin: false), .continuation("al", fin: true),
                Frame(opcode: .ping, payload: [1, 2, 3]),
            ],
            onText: { text in text == "bye?" ? [.close(1000, "bye")] : [.text("echo:\(text)")] })
        try await server.start()
        defer { Task { await server.stop() } }
        let configuration = TextWebSocketConfiguration(headers: [("KALSHI-ACCESS-KEY", "key-1")], pingPeriodMs: nil)
        let client = Client()
        let close = try await Self.run(
            server.url, configuration: configuration, client: client, onAttach: { $0.send("sub") },
            onText: { text, client in if text == "echo:sub" { client.send("bye?") } })
        #expect(close == WebSocketClose(code: 1000, reason: "bye"))
        #expect(client.texts.withLock { $0 } == ["hello", "partial", "echo:sub"])
        await server.wait { $0.closedConnections == 1 }
        let state = server.snapshot
        let head = try #require(state.requestHeads.first)
        #expect(head.hasPrefix("GET /feed?x=1"))
        #expect(head.contains("KALSHI-ACCESS-KEY: key-1"))
        #expect(head.contains("Host: 127.0.0.1:\(server.port)"))
        #expect(state.received.filter { $0.opcode == .text }.map(\.text) == ["sub", "bye?"])
        #expect(state.received.contains(Frame(opcode: .pong, payload: [1, 2, 3], masked: true)))
        #expect(state.received.allSatisfy { $0.masked })
        #expect(state.received.last.flatMap(Self.closeCode) == 1000)
    }

    @Test func aHangUpWithoutACloseFrameEndsTheConnectionWithoutOne() async throws {
        let server = try ScriptedWebSocketServer(hangUpAfterUpgrade: true, onUpgrade: [.text("last")])
        try await server.start()
        defer { Task { await server.stop() } }
        let client = Client()
        let close = try await Self.run(server.url, client: client)
        #expect(close == nil)
        #expect(client.texts.withLock { $0 } == ["last"])
    }

    @Test func finishingTheSinkClosesWithNormalClosure() async throws {
        let server = try ScriptedWebSocketServer()
        try await server.start()
        defer { Task { await server.stop() } }
        _ = try await Self.run(server.url, onAttach: { $0.finish() })
        await server.wait { $0.closedConnections == 1 }
        #expect(server.snapshot.received.compactMap(Self.closeCode) == [1000])
    }

    @Test func aRefusedUpgradeNamesItsStatus() async throws {
        let server = try ScriptedWebSocketServer(
            mode: .raw { _ in Array("HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\n\r\n".utf8) })
        try await server.start()
        defer { Task { await server.stop() } }
        await #expect(throws: TextWebSocketError.upgradeRefused(status: 401, reason: "Unauthorized")) {
            try await Self.run(server.url)
        }
    }

    @Test func anAnswerWithTheWrongAcceptIsRefused() async throws {
        let server = try ScriptedWebSocketServer(mode: .raw { Array(Self.switching($0, accept: "d3Jvbmc=").utf8) })
        try await server.start()
        defer { Task { await server.stop() } }
        do {
            _ = try await Self.run(server.url)
            Issue.record("connected despite a wrong Sec-WebSocket-Accept")
        } catch let error as TextWebSocketError {
            guard case .invalidHandshake(let what) = error else { throw error }
            #expect(what.contains("Sec-WebSocket-Accept"))
        }
    }

    @Test func framesInTheSameReadAsTheUpgradeAreDelivered() async throws {
        let server = try ScriptedWebSocketServer(
            mode: .raw { Array(Self.switching($0).utf8) + Self.textFrameBytes("first") + Self.textFrameBytes("second") })
        try await server.start()
        defer { Task { await server.stop() } }
        let client = Client()
        _ = try await Self.run(server.url, client: client, onText: { text, client in if text == "second" { client.finish() } })
        #expect(client.texts.withLock { $0 } == ["first", "second"])
    }

    @Test func aFrameOverTheLimitClosesWith1009AndFails() async throws {
        let server = try ScriptedWebSocketServer(onUpgrade: [.text(String(repeating: "x", count: 2_000))])
        try await server.start()
        defer { Task { await server.stop() } }
        do {
            _ = try await Self.run(server.url, configuration: TextWebSocketConfiguration(maxFrameSize: 1_000, pingPeriodMs: nil))
            Issue.record("an oversized frame was accepted")
        } catch let error as TextWebSocketError {
            guard case .protocolViolation = error else { throw error }
        }
        await server.wait { $0.closedConnections == 1 }
        #expect(server.snapshot.received.compactMap(Self.closeCode) == [1009])
    }

    @Test func anUnansweredPingEndsTheConnectionAfterOnePeriod() async throws {
        let server = try ScriptedWebSocketServer(answerPings: false)
        try await server.start()
        defer { Task { await server.stop() } }
        await #expect(throws: TextWebSocketError.pingTimedOut(ms: 50)) {
            try await Self.run(server.url, configuration: TextWebSocketConfiguration(pingPeriodMs: 50))
        }
        await server.wait { $0.closedConnections == 1 }
        let received = server.snapshot.received
        #expect(received.count { $0.opcode == .ping } == 1)
        #expect(received.compactMap(Self.closeCode) == [1001])
    }

    @Test func answeredPingsKeepTheConnection() async throws {
        let server = try ScriptedWebSocketServer()
        try await server.start()
        defer { Task { await server.stop() } }
        let client = Client()
        let task = Task {
            try await Self.run(server.url, configuration: TextWebSocketConfiguration(pingPeriodMs: 20), client: client)
        }
        await server.wait { $0.received.count { $0.opcode == .ping } >= 4 }
        client.finish()
        _ = try await task.value
        await server.wait { $0.closedConnections == 1 }
        #expect(server.snapshot.received.compactMap(Self.closeCode) == [1000])
    }

    @Test func outOfRangeTimesAreBoundedRatherThanTrapping() async throws {
        #expect(TextWebSocket.withinADay(.max) == 86_400_000)
        #expect(TextWebSocket.withinADay(-5) == 1)
        let server = try ScriptedWebSocketServer()
        try await server.start()
        defer { Task { await server.stop() } }
        let configuration = TextWebSocketConfiguration(pingPeriodMs: .max, connectTimeoutMs: .max, handshakeTimeoutMs: .min)
        // The 1 ms handshake timeout may or may not beat the loopback answer; neither traps.
        _ = try? await Self.run(server.url, configuration: configuration, onAttach: { $0.finish() })
    }

    @Test func noAnswerToTheUpgradeTimesOut() async throws {
        let server = try ScriptedWebSocketServer(mode: .raw { _ in [] })
        try await server.start()
        defer { Task { await server.stop() } }
        await #expect(throws: TextWebSocketError.handshakeTimedOut(ms: 100)) {
            try await Self.run(server.url, configuration: TextWebSocketConfiguration(pingPeriodMs: nil, handshakeTimeoutMs: 100))
        }
    }

    @Test func cancellingTheTaskClosesTheConnection() async throws {
        let server = try ScriptedWebSocketServer()
        try await server.start()
        defer { Task { await server.stop() } }
        let task = Task { try await Self.run(server.url, onAttach: { $0.send("sub") }) }
        await server.wait { $0.received.contains { $0.opcode == .text } }
        task.cancel()
        _ = try? await task.value
        await server.wait { $0.closedConnections == 1 }
        #expect(server.snapshot.connections == 1)
    }

    @Test func badURLsAndHeadersAreRefusedBeforeConnecting() async throws {
        await #expect(throws: TextWebSocketError.invalidURL("http://127.0.0.1:1/")) { try await Self.run("http://127.0.0.1:1/") }
        await #expect(throws: TextWebSocketError.invalidHeader("X-Bad")) {
            try await Self.run(
                "ws://127.0.0.1:1/",
                configuration: TextWebSocketConfiguration(headers: [("X-Bad", "a\r\nb: c")], pingPeriodMs: nil))
        }
    }

    @Test func overTLSWithATrustedCertificate() async throws {
        let certificate = try SelfSignedCertificate()
        let server = try ScriptedWebSocketServer(tls: certificate.serverConfiguration, onText: { [.text("echo:\($0)")] })
        try await server.start()
        defer { Task { await server.stop() } }
        let client = Client()
        _ = try await Self.run(
            server.url, tls: certificate.trustingClientConfiguration, client: client, onAttach: { $0.send("sub") },
            onText: { _, client in client.finish() })
        #expect(client.texts.withLock { $0 } == ["echo:sub"])
        #expect(server.snapshot.requestHeads.first?.contains("Host: localhost:\(server.port)") == true)
    }

    @Test func overTLSAnUntrustedCertificateFailsTheConnection() async throws {
        let certificate = try SelfSignedCertificate()
        let server = try ScriptedWebSocketServer(tls: certificate.serverConfiguration)
        try await server.start()
        defer { Task { await server.stop() } }
        do {
            _ = try await Self.run(server.url, tls: TLSConfiguration.makeClientConfiguration())
            Issue.record("connected to an untrusted server")
        } catch let error as TextWebSocketError {
            guard case .connectionFailed = error else { throw error }
        }
        #expect(server.snapshot.requestHeads.isEmpty)
    }
}
