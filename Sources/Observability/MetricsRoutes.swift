import Hummingbird
import NIOCore

/// `/metrics` in the Prometheus text exposition format, version 0.0.4.
enum MetricsRoutes {
    static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    static func register(on router: Router<BasicRequestContext>, registry: MetricsRegistry) {
        router.get("/metrics") { _, _ in
            Response(
                status: .ok, headers: [.contentType: contentType, .cacheControl: "no-store"],
                body: .init(byteBuffer: ByteBuffer(bytes: registry.exposition())))
        }
    }
}
