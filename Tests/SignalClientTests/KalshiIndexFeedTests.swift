import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdWebSocket
import KalshiAPI
import KalshiAuth
import KalshiCore
import Logging
import ServiceLifecycle
import SignalClient
import SignalFeeds
import Testing

/// Kalshi's `cfbenchmarks_value` source over a real WebSocket: the fake Kalshi exchange does not
/// publish that channel, so this test serves just enough of it (signed handshake checked,
/// `index_ids` required, values with a `seq` gap) on loopback.
struct KalshiIndexFeedTests {
    @Test func subscribesSignedWithTheIndexIdAndCountsGaps() async throws {
        let signer = try RequestSigner.withGeneratedKey(keyId: "index-key")
        let verifier = try SignatureVerifier(publicKeyPEM: signer.publicKeyPEM, expectedKeyId: "index-key")
        let router = Router(context: BasicWebSocketRequestContext.self)
        router.ws(
            "/trade-api/ws/v2",
            shouldUpgrade: { request, _ in
                let headers = request.headers
                guard let key = headers[HTTPField.Name("KALSHI-ACCESS-KEY")!], key == "index-key",
                    let timestamp = headers[HTTPField.Name("KALSHI-ACCESS-TIMESTAMP")!].flatMap({ Int64($0) }),
                    let signature = headers[HTTPField.Name("KALSHI-ACCESS-SIGNATURE")!],
                    verifier.isValid(signatureBase64: signature, timestampMs: timestamp, method: "GET", path: "/trade-api/ws/v2")
                else { throw HTTPError(.unauthorized) }
                return .upgrade([:])
            },
            onUpgrade: { inbound, outbound, _ in
                for try await message in inbound.messages(maxSize: 1 << 16) {
                    guard case .text(let text) = message else { continue }
                    guard text.contains(#""index_ids":["ETHUSD_RTI"]"#) else {
                        try await outbound.write(.text(#"{"id":1,"type":"error","msg":{"code":24,"msg":"Index IDs required"}}"#))
                        continue
                    }
                    try await outbound.write(
                        .text(#"{"id":1,"type":"subscribed","msg":{"channel":"cfbenchmarks_value","sid":7}}"#))
                    try await outbound.write(.text(#"{"type":"ticker","sid":3,"msg":{}}"#))
                    for (seq, value) in [(1, "3000.10"), (2, "3000.20"), (4, "3000.40")] {
                        let time = 1_710_000_000_000 + Int64(seq) * 1_000
                        try await outbound.write(
                            .text(
                                #"{"type":"cfbenchmarks_value","sid":7,"seq":\#(seq),"msg":{"index_id":"ETHUSD_RTI","received_at":\#(time),"data":"{\"type\":\"value\",\"id\":\"ETHUSD_RTI\",\"time\":\#(time),\"value\":\"\#(value)\"}","avg_60s_data":{"value":"3000.25","window_size":\#(seq)}}}"#
                            ))
                    }
                }
            })
        var logger = Logger(label: "test.index.server")
        logger.logLevel = .critical
        let (ports, portSink) = AsyncStream<Int>.makeStream()
        let app = Application(
            router: router, server: .http1WebSocketUpgrade(webSocketRouter: router),
            configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in
                portSink.yield(channel.localAddress?.port ?? 0)
                portSink.finish()
            }, logger: logger)
        let group = ServiceGroup(configuration: .init(services: [app], gracefulShutdownSignals: [], logger: logger))
        let server = Task { try await group.run() }
        var iterator = ports.makeAsyncIterator()
        let port = try #require(await iterator.next())

        let environment = try KalshiEnvironment(customURL: "http://127.0.0.1:\(port)")
        let client = SignalSources.kalshiIndex(
            asset: .eth, environment: environment, signer: signer, logger: SignalHarness.quietLogger)
        let log = EventLog()
        await withSource(client) {
            await waitUntil(client) { event in
                await log.append(event)
                return await log.ticks.count >= 3
            }
        }
        await group.triggerGracefulShutdown()
        _ = await server.result

        let ticks = await log.ticks
        #expect(ticks.map(\.price) == [Money(cents: 300_010), Money(cents: 300_020), Money(cents: 300_040)])
        #expect(ticks.allSatisfy { $0.venue == .cfBenchmarks && $0.kind == .index })
        #expect(await log.events.contains(.subscribed(.cfBenchmarks, channels: ["cfbenchmarks_value"])))
        let counters = await client.counters()
        #expect(counters.gaps == 1, "seq 2 → 4")
        #expect(await client.state.latestAverage60s == Money(cents: 300_025))
    }
}
