import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdWebSocket
import Logging
import NIOCore
import SignalFeeds

/// Serves the fake signal venues on the fake exchange's router: Crypto.com's market-data
/// WebSocket and REST, and the minimal Coinbase feed. Each WebSocket connection runs three
/// tasks (read requests, write frames, publish every `publishIntervalMs`); the first to end
/// (the client left, or the feed closed the connection) ends the others.
public enum SignalRoutes {
    @discardableResult
    public static func register(
        on router: Router<BasicWebSocketRequestContext>, exchange: FakeKalshiExchange, configuration: FakeSignalConfiguration,
        logger: Logger = Logger(label: "fake.signals")
    ) -> FakeSignalFeed? {
        guard configuration.enabled else { return nil }
        let feed = FakeSignalFeed(exchange: exchange, configuration: configuration, logger: logger)
        FakeSignalRegistry.shared.register(feed, for: exchange)
        let interval = configuration.publishIntervalMs
        router.get(RouterPath("\(SignalPaths.cryptoComREST)public/{method}")) { request, context in
            var query: [String: String] = [:]
            for (key, value) in request.uri.queryParameters { query[String(key)] = String(value) }
            let method = context.parameters.get("method") ?? ""
            let response = await feed.handleREST(method: method, query: query)
            return Response(
                status: .init(code: response.status), headers: [.contentType: "application/json"],
                body: .init(byteBuffer: ByteBuffer(string: response.body)))
        }
        router.ws(RouterPath(SignalPaths.cryptoComMarket)) { _, _ in
            .upgrade([:])
        } onUpgrade: { inbound, outbound, _ in
            let (id, frames) = await feed.openCryptoCom()
            try await serve(
                inbound: inbound, outbound: outbound, frames: frames, intervalMs: interval,
                receive: { await feed.handleCryptoCom(id, text: $0) }, step: { await feed.stepCryptoCom(id) })
            await feed.disconnectedCryptoCom(id)
        }
        router.ws(RouterPath(SignalPaths.fakeCoinbaseFeed)) { _, _ in
            .upgrade([:])
        } onUpgrade: { inbound, outbound, _ in
            let (id, frames) = await feed.openCoinbase()
            try await serve(
                inbound: inbound, outbound: outbound, frames: frames, intervalMs: interval,
                receive: { await feed.handleCoinbase(id, text: $0) }, step: { await feed.stepCoinbase(id) })
            await feed.disconnectedCoinbase(id)
        }
        return feed
    }

    static func serve(
        inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter, frames: AsyncStream<FakeFrame>, intervalMs: Int64,
        receive: @escaping @Sendable (String) async -> Void, step: @escaping @Sendable () async -> Void
    ) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                for await frame in frames {
                    switch frame {
                    case .text(let text): try await outbound.write(.text(text))
                    case .close(let reason):
                        try await outbound.close(.normalClosure, reason: reason)
                        return
                    }
                }
            }
            group.addTask {
                for try await message in inbound.messages(maxSize: 1 << 20) {
                    if case .text(let text) = message { await receive(text) }
                }
            }
            group.addTask {
                while !Task.isCancelled {
                    try await Task.sleep(for: .milliseconds(intervalMs))
                    await step()
                }
            }
            _ = try await group.next()
            group.cancelAll()
        }
    }
}
