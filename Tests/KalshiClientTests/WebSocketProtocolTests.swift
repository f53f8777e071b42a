import KalshiAPI
import NIOCore
import NIOEmbedded
import Testing

@testable import KalshiClient

/// The WebSocket client's pure parts: the URL, the opening handshake, the control state
/// machine and the inbox's backpressure.
@Suite struct WebSocketProtocolTests {
    @Test func endpointsParseSchemeHostPortAndTarget() throws {
        let kalshi = try WebSocketEndpoint("wss://api.elections.kalshi.com/trade-api/ws/v2")
        #expect(
            kalshi
                == (try WebSocketEndpoint.expected(
                    tls: true, "api.elections.kalshi.com", 443, "/trade-api/ws/v2", "api.elections.kalshi.com")))
        #expect(!kalshi.hostIsIPAddress)
        let local = try WebSocketEndpoint("ws://127.0.0.1:8080?a=b#frag")
        #expect(local == (try WebSocketEndpoint.expected(tls: false, "127.0.0.1", 8080, "/?a=b", "127.0.0.1:8080")))
        #expect(local.hostIsIPAddress)
        let v6 = try WebSocketEndpoint("ws://[::1]:9000/x")
        #expect(v6 == (try WebSocketEndpoint.expected(tls: false, "::1", 9000, "/x", "[::1]:9000")))
        #expect(try WebSocketEndpoint("ws://h:80/").hostHeader == "h")
        for bad in [
            "http://h/", "ws://", "ws:///x", "ws://h:0/", "ws://h:65536/", "ws://h:x/", "ws://u@h/", "ws://h/a b", "ws://[::1/",
        ] {
            #expect(throws: TextWebSocketError.invalidURL(bad)) { try WebSocketEndpoint(bad) }
        }
    }

    @Test func theRequestCarriesTheHandshakeAndTheGivenHeaders() throws {
        let handshake = try WebSocketHandshake(
            endpoint: WebSocketEndpoint("ws://h:81/p?q=1"), key: "dGhlIHNhbXBsZSBub25jZQ==", headers: [("KALSHI-ACCESS-KEY", "k")]
        )
        #expect(
            String(decoding: handshake.request, as: UTF8.self)
                == "GET /p?q=1 HTTP/1.1\r\nHost: h:81\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\nKALSHI-ACCESS-KEY: k\r\n\r\n")
        // RFC 6455 §1.3's example.
        #expect(handshake.expectedAccept == "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=")
        #expect(throws: TextWebSocketError.invalidHeader("Bad Name")) {
            try WebSocketHandshake(endpoint: WebSocketEndpoint("ws://h/"), key: "k", headers: [("Bad Name", "v")])
        }
        #expect(throws: TextWebSocketError.invalidHeader("X")) {
            try WebSocketHandshake(endpoint: WebSocketEndpoint("ws://h/"), key: "k", headers: [("X", "v\nInjected: 1")])
        }
    }

    @Test func answersAreJudgedFromTheBytesSoFar() throws {
        let handshake = try WebSocketHandshake(
            endpoint: WebSocketEndpoint("ws://h/"), key: "dGhlIHNhbXBsZSBub25jZQ==", headers: [])
        let good =
            "HTTP/1.1 101 Switching Protocols\r\nupgrade: WebSocket\r\nConnection: keep-alive, Upgrade\r\n"
            + "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n"
        let bytes = Array(good.utf8)
        #expect(handshake.judge(bytes + [0x81, 0]) == .upgraded(headBytes: bytes.count))
        for cut in [0, 10, bytes.count - 1] { #expect(handshake.judge(bytes.prefix(cut)) == .incomplete) }
        #expect(
            handshake.judge(Array("HTTP/1.1 403 Forbidden\r\n\r\n".utf8))
                == .failed(.upgradeRefused(status: 403, reason: "Forbidden")))
        #expect(handshake.judge(Array("HTTP/1.1 503\r\n\r\n".utf8)) == .failed(.upgradeRefused(status: 503, reason: "")))
        func fails(_ text: String) -> Bool {
            if case .failed(.invalidHandshake) = handshake.judge(Array(text.utf8)) { return true }
            return false
        }
        #expect(fails("garbage\r\n\r\n"))
        #expect(fails(good.replacingOccurrences(of: "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", with: "AAAA")))
        #expect(fails(good.replacingOccurrences(of: "upgrade: WebSocket", with: "upgrade: h2c")))
        #expect(fails(good.replacingOccurrences(of: "keep-alive, Upgrade", with: "keep-alive")))
        #expect(
            fails(good.replacingOccurrences(of: "\r\n\r\n", with: "\r\nSec-WebSocket-Extensions: permessage-deflate\r\n\r\n")))
        #expect(fails(good.replacingOccurrences(of: "\r\nupgrade", with: "\r\nno colon here\r\nupgrade")))
        #expect(fails("HTTP/1.1 101 " + String(repeating: "x", count: WebSocketHandshake.maxResponseHeadBytes + 10)))
    }

    @Test func pingsPongsAndTheClosingHandshake() {
        var control = WebSocketControl()
        #expect(control.pingDue(payload: [1], periodMs: 100) == .send([1]))
        control.pongReceived([9])  // not the ping's payload: still outstanding
        #expect(control.unansweredPing == [1])
        control.pongReceived([1])
        #expect(control.pingDue(payload: [2], periodMs: 100) == .send([2]))
        #expect(control.pingDue(payload: [3], periodMs: 100) == .timedOut)
        #expect(control.failure == .pingTimedOut(ms: 100))
        // The close that follows is this side's: the server's answer to it is not answered again.
        #expect(!control.acceptsData)
        #expect(control.closeReceived(WebSocketClose(code: 1001, reason: "")) == .closeConnection)

        var server = WebSocketControl()
        #expect(server.pingReceived([7]) == .pong([7]))
        #expect(server.closeReceived(WebSocketClose(code: 1001, reason: "away")) == .reply(code: 1001))
        #expect(server.serverClose == WebSocketClose(code: 1001, reason: "away"))
        let late = server.pingReceived([8])
        #expect(!server.acceptsData && late == .ignore)
        let serverAgain = server.closeRequested()
        #expect(!serverAgain)

        var ours = WebSocketControl()
        let first = ours.closeRequested()
        let second = ours.closeRequested()
        #expect(first && !second)
        #expect(!ours.acceptsData)
        #expect(ours.pingDue(payload: [1], periodMs: 100) == .none)
        #expect(ours.closeReceived(WebSocketClose(code: 1000, reason: "")) == .closeConnection)
        #expect(ours.failure == nil)
    }

    @Test func theInboxHoldsReadsWhileTheReaderIsBehindAndAsksAgainOnceCaughtUp() async throws {
        let reads = ReadCounter()
        let channel = EmbeddedChannel(handler: reads)
        let inbox = WebSocketInbox()
        inbox.attach(channel)
        for index in 0..<WebSocketInbox.highFrames { inbox.deliver("\(index)") }
        #expect(inbox.shouldPauseReading())
        var taken: [String] = []
        while taken.count < WebSocketInbox.highFrames - WebSocketInbox.highFrames / 4 - 1 {
            taken.append(try #require(await inbox.next()))
        }
        #expect(reads.count == 0)
        taken.append(try #require(await inbox.next()))
        #expect(reads.count == 1)
        #expect(!inbox.shouldPauseReading())
        inbox.finish(.success(WebSocketClose(code: 1000, reason: "")))
        while let text = await inbox.next() { taken.append(text) }
        #expect(taken == (0..<WebSocketInbox.highFrames).map { "\($0)" })
        #expect(try inbox.outcome.get() == WebSocketClose(code: 1000, reason: ""))
        inbox.deliver("late")
        #expect(await inbox.next() == nil)
    }

    @Test func aWaitingReaderIsResumedByTheNextFrame() async {
        let inbox = WebSocketInbox()
        async let first = inbox.next()
        // The reader is either waiting or not yet there: both must see the frame.
        inbox.deliver("frame")
        #expect(await first == "frame")
    }

    final class ReadCounter: ChannelOutboundHandler {
        typealias OutboundIn = Never
        var count = 0
        func read(context: ChannelHandlerContext) {
            count += 1
            context.read()
        }
    }
}

extension WebSocketEndpoint {
    static func expected(tls: Bool, _ host: String, _ port: Int, _ target: String, _ hostHeader: String) throws
        -> WebSocketEndpoint
    {
        var endpoint = try WebSocketEndpoint("ws://placeholder/")
        endpoint.tls = tls
        endpoint.host = host
        endpoint.port = port
        endpoint.target = target
        endpoint.hostHeader = hostHeader
        return endpoint
    }
}
