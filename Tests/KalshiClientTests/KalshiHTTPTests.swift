import Testing

@testable import KalshiClient

/// The process-wide HTTP client's settings that the order's path depends on.
struct KalshiHTTPTests {
    /// With the library's default (the process's tracer, a no-op one when none is bootstrapped)
    /// every request opened a span and parsed its URL again for the span's attributes: a third
    /// of the client's time between an order's hand-over and its bytes on the socket.
    @Test func theClientOpensNoTracingSpanPerRequest() {
        #expect(KalshiHTTP.client.tracer == nil)
    }
}
