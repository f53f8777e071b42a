import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdWebSocket
import KalshiAPI
import KalshiCore
import NIOCore

/// Translates HTTP and WebSocket traffic to and from the `FakeKalshiExchange` actor.
enum KalshiRoutes {
    static let keyHeader = HTTPField.Name("KALSHI-ACCESS-KEY")!
    static let timestampHeader = HTTPField.Name("KALSHI-ACCESS-TIMESTAMP")!
    static let signatureHeader = HTTPField.Name("KALSHI-ACCESS-SIGNATURE")!

    static func register(on router: Router<BasicWebSocketRequestContext>, exchange: FakeKalshiExchange) {
        for method in [HTTPRequest.Method.get, .post, .delete, .put] {
            router.on("/trade-api/v2/**", method: method) { request, _ in
                try await handleREST(request, exchange: exchange)
            }
        }
        router.ws(
            "/trade-api/ws/v2",
            shouldUpgrade: { request, _ in
                if await exchange.faultPlan.webSocketRefused {
                    throw HTTPError(.serviceUnavailable, message: "WebSocket refused (fault ws-refuse)")
                }
                switch await authenticate(request, exchange: exchange) {
                case .account: return .upgrade([:])
                case .anonymous: throw HTTPError(.unauthorized, message: "authentication required")
                case .rejected(let response):
                    throw HTTPError(.unauthorized, message: String(decoding: response.body, as: UTF8.self))
                }
            },
            onUpgrade: { inbound, outbound, context in
                let owner = context.request.headers[keyHeader]
                let (id, frames) = await exchange.connect(owner: owner)
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask {
                        for await frame in frames {
                            TickToOrderProbe.shared.frameWritten(frame)
                            try await outbound.write(.text(frame))
                        }
                    }
                    group.addTask {
                        for try await message in inbound.messages(maxSize: 1 << 20) {
                            if case .text(let text) = message { await exchange.handleCommand(connection: id, text: text) }
                        }
                    }
                    // Either side ending (the client left, or the exchange dropped the connection) ends both.
                    _ = try await group.next()
                    group.cancelAll()
                }
                await exchange.disconnect(id)
            })
    }

    static func authenticate(_ request: Request, exchange: FakeKalshiExchange) async -> FakeKalshiExchange.AuthOutcome {
        await exchange.authenticate(
            method: request.method.rawValue, path: request.uri.path, key: request.headers[keyHeader],
            timestamp: request.headers[timestampHeader], signature: request.headers[signatureHeader])
    }

    static func handleREST(_ request: Request, exchange: FakeKalshiExchange) async throws -> Response {
        TickToOrderProbe.shared.requestReceived(method: request.method.rawValue, path: request.uri.path)
        let owner: String?
        switch await authenticate(request, exchange: exchange) {
        case .anonymous: owner = nil
        case .account(let account): owner = account
        case .rejected(let response): return render(response)
        }
        switch await exchange.drawRequestFault() {
        case .rateLimited: return render(.tooManyRequests)
        case .unavailable: return render(.unavailable)
        case .none: break
        }
        let fullPath = request.uri.path
        let path = String(fullPath.dropFirst("/trade-api/v2".count))
        if let prefix = await exchange.faultPlan.unavailablePathPrefix, path.hasPrefix(prefix) { return render(.unavailable) }
        var body = Data()
        if let buffer = try? await request.body.collect(upTo: 1 << 20) { body = Data(buffer.readableBytesView) }
        var query: [String: String] = [:]
        for (key, value) in request.uri.queryParameters { query[String(key)] = String(value) }
        let isWrite = request.method != .get
        let plan = await exchange.faultPlan
        if isWrite, plan.requestDelayMs > 0 { try? await Task.sleep(for: .milliseconds(plan.requestDelayMs)) }
        let response = await exchange.handle(method: request.method.rawValue, path: path, query: query, body: body, owner: owner)
        // The write has taken effect (the order may already have filled); only its answer is late,
        // which is what a client that times out has to reconcile.
        if isWrite, plan.ackDelayMs > 0 { try? await Task.sleep(for: .milliseconds(plan.ackDelayMs)) }
        if isWrite, (200..<300).contains(response.status), await exchange.drawLostAnswer() {
            // The order went through; the answer is lost on the way back.
            return render(.unavailable)
        }
        return render(response)
    }

    static func render(_ response: FakeResponse) -> Response {
        Response(
            status: .init(code: response.status), headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(bytes: response.body)))
    }
}
