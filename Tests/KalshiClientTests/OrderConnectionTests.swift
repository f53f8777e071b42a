import FakeVenues
import Foundation
import KalshiAPI
import KalshiCore
import Logging
import NIOCore
import NIOPosix
import NIOSSL
import Synchronization
import Testing

@testable import KalshiAuth
@testable import KalshiClient

/// The order connection against a scripted server on loopback: what it writes, how it answers,
/// and that it never holds an order up (busy, closed or unopenable: `.unavailable`, at once).
@Suite struct OrderConnectionTests {
    static let auth = AuthHeaders(key: "key-1", timestamp: "1767225600000", signature: "c2lnbmF0dXJl")
    static let body = Array(#"{"ticker":"T","count":"1.00"}"#.utf8)

    static func connection(_ baseURL: String, tls: TLSConfiguration? = nil) throws -> OrderConnection {
        var logger = Logger(label: "test.order-connection")
        logger.logLevel = .critical
        return try #require(
            OrderConnection(
                baseURL: baseURL, method: "POST", path: "/portfolio/events/orders", connectTimeout: .seconds(2),
                group: MultiThreadedEventLoopGroup.singleton, logger: logger, tls: tls))
    }

    static func request(_ connection: OrderConnection) throws -> ByteBuffer {
        try #require(connection.requestBytes.request(headers: auth, body: body, allocator: ByteBufferAllocator()))
    }

    /// Waits until `condition` holds, for at most 30 s (a passing test never waits that long).
    static func waitUntil(_ what: String, _ condition: () -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(30)
        while !condition() {
            guard ContinuousClock.now < deadline else {
                Issue.record("timed out waiting until \(what)")
                return
            }
            try await Task.sleep(for: .milliseconds(2))
        }
    }

    /// The first send finds no connection (it starts one) and the order goes another way.
    static func opened(_ connection: OrderConnection) async throws {
        guard case .unavailable = await connection.send(try request(connection), timeout: .seconds(5)) else {
            Issue.record("the first send found a connection before any was opened")
            return
        }
        try await waitUntil("the connection is open") { connection.isReady }
    }

    @Test func ordersGoOverOneKeptConnectionAsWrittenBytes() async throws {
        let server = try ScriptedHTTPServer { index in .answer(status: 201, body: #"{"n":\#(index)}"#) }
        try await server.start()
        defer { Task { await server.stop() } }
        let connection = try Self.connection(server.baseURL)
        try await Self.opened(connection)
        for index in 0..<3 {
            let outcome = await connection.send(try Self.request(connection), timeout: .seconds(5))
            guard case .answered(let answer) = outcome else {
                Issue.record("order \(index) was not answered: \(outcome)")
                return
            }
            #expect(answer.status == 201)
            #expect(String(buffer: answer.body) == #"{"n":\#(index)}"#)
            #expect(answer.headers.first(name: "Content-Type") == "application/json")
        }
        #expect(server.connections == 1)
        #expect(connection.answeredCount == 3)
        let expected =
            "POST /trade-api/v2/portfolio/events/orders HTTP/1.1\r\nHost: 127.0.0.1:\(server.port)\r\n"
            + "Accept: application/json\r\nContent-Type: application/json\r\nKALSHI-ACCESS-KEY: key-1\r\n"
            + "KALSHI-ACCESS-TIMESTAMP: 1767225600000\r\nKALSHI-ACCESS-SIGNATURE: c2lnbmF0dXJl\r\n"
            + "Content-Length: \(Self.body.count)\r\n\r\n" + String(decoding: Self.body, as: UTF8.self)
        #expect(server.requests == Array(repeating: expected, count: 3))
    }

    @Test func aHangUpAfterTheRequestIsNoAnswerAndAFreshConnectionFollows() async throws {
        let server = try ScriptedHTTPServer { index in index == 0 ? .hangUp : .answer(status: 201, body: "{}") }
        try await server.start()
        defer { Task { await server.stop() } }
        let connection = try Self.connection(server.baseURL)
        try await Self.opened(connection)
        guard case .noAnswer = await connection.send(try Self.request(connection), timeout: .seconds(5)) else {
            Issue.record("a request the server hung up on was not reported as unanswered")
            return
        }
        try await Self.waitUntil("a second connection is open") { connection.isReady && server.connections == 2 }
        guard case .answered(let answer) = await connection.send(try Self.request(connection), timeout: .seconds(5)) else {
            Issue.record("the fresh connection did not carry the next order")
            return
        }
        #expect(answer.status == 201)
    }

    @Test func silenceIsNoAnswerAfterTheTimeoutAndClosesTheConnection() async throws {
        let server = try ScriptedHTTPServer { index in index == 0 ? .silence : .answer(status: 201, body: "{}") }
        try await server.start()
        defer { Task { await server.stop() } }
        let connection = try Self.connection(server.baseURL)
        try await Self.opened(connection)
        guard case .noAnswer(let reason) = await connection.send(try Self.request(connection), timeout: .milliseconds(100))
        else {
            Issue.record("a silent server's request was not reported as unanswered")
            return
        }
        #expect(reason.contains("no answer within 100 ms"))
        // A late answer could not be told from the next order's: that connection is not reused.
        try await Self.waitUntil("a second connection is open") { connection.isReady && server.connections == 2 }
    }

    @Test func anAnswerTooLargeIsNoAnswer() async throws {
        let large = String(repeating: "x", count: OrderExchangeHandler.maxBodyBytes + 1)
        let server = try ScriptedHTTPServer { _ in .answer(status: 201, body: large) }
        try await server.start()
        defer { Task { await server.stop() } }
        let connection = try Self.connection(server.baseURL)
        try await Self.opened(connection)
        guard case .noAnswer(let reason) = await connection.send(try Self.request(connection), timeout: .seconds(5)) else {
            Issue.record("an answer over the limit was taken")
            return
        }
        #expect(reason.contains("over \(OrderExchangeHandler.maxBodyBytes) bytes"))
    }

    @Test func anOrderWhileAnotherWaitsIsUnavailableAtOnce() async throws {
        let server = try ScriptedHTTPServer { _ in .held(status: 201, body: #"{"held":true}"#) }
        try await server.start()
        defer { Task { await server.stop() } }
        let connection = try Self.connection(server.baseURL)
        try await Self.opened(connection)
        let first = try Self.request(connection)
        let waiting = Task { await connection.send(first, timeout: .seconds(30)) }
        try await Self.waitUntil("the server holds the first order") { server.heldCount == 1 }
        guard case .unavailable = await connection.send(try Self.request(connection), timeout: .seconds(5)) else {
            Issue.record("a second order waited behind the first")
            return
        }
        server.release()
        guard case .answered(let answer) = await waiting.value else {
            Issue.record("the held order was not answered")
            return
        }
        #expect(String(buffer: answer.body) == #"{"held":true}"#)
        #expect(server.requests.count == 1)
    }

    @Test func anAnswerThatClosesTheConnectionIsKeptAndAnotherConnectionOpens() async throws {
        let server = try ScriptedHTTPServer { index in .answer(status: 201, body: "{}", close: index == 0) }
        try await server.start()
        defer { Task { await server.stop() } }
        let connection = try Self.connection(server.baseURL)
        try await Self.opened(connection)
        guard case .answered = await connection.send(try Self.request(connection), timeout: .seconds(5)) else {
            Issue.record("the answer with Connection: close was lost")
            return
        }
        try await Self.waitUntil("a second connection is open") { connection.isReady && server.connections == 2 }
    }

    @Test func aHostThatCannotBeReachedLeavesEveryOrderToTheHTTPClient() async throws {
        // A port just closed: nothing listens there.
        let server = try ScriptedHTTPServer { _ in .silence }
        try await server.start()
        let baseURL = server.baseURL
        await server.stop()
        let connection = try Self.connection(baseURL)
        for _ in 0..<3 {
            guard case .unavailable = await connection.send(try Self.request(connection), timeout: .seconds(5)) else {
                Issue.record("an order waited on a connection that cannot be made")
                return
            }
        }
        #expect(!connection.isReady)
    }

    @Test func overTLSTheConnectionIsReadyOnceTheHandshakeIsDone() async throws {
        let certificate = try SelfSignedCertificate()
        let server = try ScriptedHTTPServer(tls: certificate.serverConfiguration) { _ in .answer(status: 201, body: "{}") }
        try await server.start()
        defer { Task { await server.stop() } }
        let connection = try Self.connection(server.baseURL, tls: certificate.trustingClientConfiguration)
        #expect(connection.usesTLS)
        try await Self.opened(connection)
        guard case .answered(let answer) = await connection.send(try Self.request(connection), timeout: .seconds(5)) else {
            Issue.record("an order over TLS was not answered")
            return
        }
        #expect(answer.status == 201)
        #expect(server.requests.first?.contains("\r\nHost: localhost:\(server.port)\r\n") == true)
    }

    @Test func aServerTheClientDoesNotTrustNeverGetsAnOrder() async throws {
        let certificate = try SelfSignedCertificate()
        let server = try ScriptedHTTPServer(tls: certificate.serverConfiguration) { _ in .answer(status: 201, body: "{}") }
        try await server.start()
        defer { Task { await server.stop() } }
        // The system's trust: the server's certificate is its own, so every handshake fails.
        let connection = try Self.connection(server.baseURL)
        guard case .unavailable = await connection.send(try Self.request(connection), timeout: .seconds(5)) else {
            Issue.record("the first send found a connection")
            return
        }
        try await Self.waitUntil("a handshake was refused and another attempted") { server.connections >= 2 }
        for _ in 0..<3 {
            guard case .unavailable = await connection.send(try Self.request(connection), timeout: .seconds(5)) else {
                Issue.record("an order went to a server whose certificate was not trusted")
                return
            }
        }
        #expect(server.requests.isEmpty)
    }

    @Test func theRESTClientPlacesOrdersOverItOnceOpenAgainstTheFakeExchange() async throws {
        let harness = try await Harness.start()
        defer { Task { await harness.stop() } }
        let ticker = await harness.thresholdTickers()[6]
        let rest = harness.aliceREST
        let overOrderConnection = Mutex<[Bool]>([])
        rest.observeRequests { timing in
            if timing.method == "POST" { overOrderConnection.withLock { $0.append(timing.overOrderConnection) } }
        }
        func order(_ id: String) -> CreateOrderRequest {
            CreateOrderRequest(ticker: ticker, clientOrderId: id, side: .bid, count: Quantity(contracts: 2), price: .cents(30))
        }
        // The first order opens the connection and goes through the HTTP client.
        _ = try await rest.createOrder(order("oc-1"))
        #expect(rest.ordersOverOrderConnection == 0)
        try await Self.waitUntil("the order connection is open") { rest.orderConnectionReady }
        let second = try await rest.createOrder(order("oc-2"))
        let third = try await rest.createOrder(order("oc-3"))
        #expect(rest.ordersOverOrderConnection == 2)
        #expect(second.clientOrderId == "oc-2" && second.remainingCount == Quantity(contracts: 2))
        #expect(third.clientOrderId == "oc-3" && third.orderId != second.orderId)
        // The exchange's refusal comes back as the typed error the HTTP client's path gives.
        do {
            _ = try await rest.createOrder(order("oc-2"))
            Issue.record("a repeated client order id was accepted")
        } catch {
            #expect(error.code == "order_already_exists")
        }
        #expect(rest.ordersOverOrderConnection == 3)
        #expect(overOrderConnection.withLock { $0 } == [false, true, true, true], "the metrics hear which way each went")
        let resting = try await rest.orders(ticker: ticker).orders.compactMap(\.clientOrderId)
        #expect(Set(resting).isSuperset(of: ["oc-1", "oc-2", "oc-3"]))
        #expect(resting.count { $0 == "oc-2" } == 1)
    }

    @Test func theEndpointIsReadFromTheBaseURL() {
        typealias Endpoint = OrderConnection.Endpoint
        #expect(
            OrderConnection.endpoint(of: "https://external-api.kalshi.com/trade-api/v2")
                == Endpoint(
                    usesTLS: true, host: "external-api.kalshi.com", port: 443, hostHeader: "external-api.kalshi.com",
                    pathPrefix: "/trade-api/v2"))
        #expect(
            OrderConnection.endpoint(of: "http://127.0.0.1:18777/trade-api/v2/")
                == Endpoint(
                    usesTLS: false, host: "127.0.0.1", port: 18_777, hostHeader: "127.0.0.1:18777", pathPrefix: "/trade-api/v2"))
        #expect(
            OrderConnection.endpoint(of: "http://[::1]:8080")
                == Endpoint(usesTLS: false, host: "::1", port: 8_080, hostHeader: "[::1]:8080", pathPrefix: ""))
        for refused in [
            "ftp://host/x", "https://user:secret@host/trade-api/v2", "http://host:0/", "http://host:99999/", "http://:80/",
            "http://host:port/", "http://[::1/", "https://host/trade-api/v2?x=1",
        ] {
            #expect(OrderConnection.endpoint(of: refused) == nil, "\(refused)")
        }
    }

    @Test func headerValuesWithLineBreaksAreNotWritten() throws {
        let bytes = try #require(OrderRequestBytes(method: "POST", path: "/trade-api/v2/portfolio/events/orders", host: "h"))
        let injected = AuthHeaders(key: "key\r\nX-Evil: 1", timestamp: "1", signature: "s")
        #expect(bytes.request(headers: injected, body: Self.body, allocator: ByteBufferAllocator()) == nil)
        #expect(bytes.request(headers: Self.auth, body: Self.body, allocator: ByteBufferAllocator()) != nil)
        #expect(OrderRequestBytes(method: "POST", path: "/a b", host: "h") == nil)
        #expect(OrderRequestBytes(method: "post", path: "/a", host: "h") == nil)
        #expect(OrderRequestBytes(method: "POST", path: "/a", host: "h\nx") == nil)
    }
}
