import HummingbirdWSClient
import KalshiAPI
import Logging
import NIOSSL

/// One WebSocket connection carrying text frames, as the Kalshi and signal feed clients use it:
/// `attach` receives the sink for frames to send (their session's outbound queue), `received`
/// every text frame that arrives. Returns when either direction ends, with the server's close
/// frame if it sent one.
public enum TextWebSocket {
    public static func run(
        url: String, configuration: WebSocketClientConfiguration, tls: TLSConfiguration?, logger: Logger,
        attach: @escaping @Sendable (AsyncStream<String>.Continuation) async -> Void,
        received: nonisolated(nonsending) @escaping @Sendable (String) async -> Void
    ) async throws -> WebSocketCloseFrame? {
        try await WebSocketClient.connect(url: url, configuration: configuration, tlsConfiguration: tls, logger: logger) {
            inbound, outbound, _ in
            let (outgoing, sink) = AsyncStream<String>.makeStream(bufferingPolicy: .unbounded)
            await attach(sink)
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    for await text in outgoing { try await outbound.write(.text(text)) }
                }
                group.addTask {
                    for try await message in inbound.messages(maxSize: configuration.maxFrameSize) {
                        if case .text(let text) = message {
                            TickToOrderProbe.shared.frameArrived(text)
                            await received(text)
                        }
                    }
                }
                try await group.next()
                group.cancelAll()
            }
        }
    }
}
