import KalshiAPI
import Synchronization
import Testing

@testable import KalshiClient

/// The limiter's clock is read once per request: seconds from one reading and the fraction from
/// another straddle a second boundary and hand out up to a second of tokens too many.
struct RateLimiterTests {
    /// A clock that moves 1 ms on every reading, starting just before a second boundary.
    final class SteppingClock: Sendable {
        let readings = Mutex<Int64>(0)

        func read() -> Duration {
            readings.withLock { count in
                defer { count += 1 }
                return .milliseconds(999 + count)
            }
        }
    }

    @Test func readsTheClockOncePerRequest() async throws {
        let clock = SteppingClock()
        let limiter = RateLimiter(tier: .basic, elapsed: { clock.read() })
        try await limiter.acquire(isWrite: false, cost: 10)
        #expect(clock.readings.withLock { $0 } == 1)
        // The next reading is 1.000 s exactly: whole seconds and the fraction from that one reading.
        #expect(limiter.nowMs() == 1_000)
        #expect(RateLimiter.milliseconds(.seconds(1) + .nanoseconds(999_999_999)) == 1_999)
    }
}
