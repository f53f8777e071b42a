import KalshiAPI
import Synchronization

/// Paces requests with the read and write token buckets of the account's tier; callers wait
/// here instead of collecting 429s. A lock, not an actor: a request with a token to spend goes
/// on without a hop to another executor (the order's path runs to the HTTP client on the
/// session's thread; see `InFlightSends`).
final class RateLimiter: Sendable {
    private struct Buckets {
        var read: TokenBucket
        var write: TokenBucket
    }
    private let buckets: Mutex<Buckets>
    /// Time since the limiter started; injected so a test can count and place the readings.
    private let elapsed: @Sendable () -> Duration

    convenience init(tier: RateLimitTier, elapsed: (@Sendable () -> Duration)? = nil) {
        self.init(limits: RateLimits(tier: tier), elapsed: elapsed)
    }

    init(limits: RateLimits, elapsed: (@Sendable () -> Duration)? = nil) {
        self.buckets = Mutex(Buckets(read: limits.read, write: limits.write))
        if let elapsed {
            self.elapsed = elapsed
        } else {
            let start = ContinuousClock.now
            self.elapsed = { start.duration(to: .now) }
        }
    }

    func acquire(isWrite: Bool, cost: Int64) async throws {
        // One reading of the clock: two readings straddling a second boundary hand out a second's
        // worth of tokens too many. Read under the lock, so concurrent callers reserve in the
        // order of their readings (the bucket never sees its clock go back).
        let waitMs = buckets.withLock { buckets in
            let now = nowMs()
            return isWrite ? buckets.write.reserve(cost: cost, nowMs: now) : buckets.read.reserve(cost: cost, nowMs: now)
        }
        if waitMs > 0 { try await Task.sleep(for: .milliseconds(waitMs)) }
    }

    func nowMs() -> Int64 { Self.milliseconds(elapsed()) }

    /// Whole milliseconds of a duration read once.
    static func milliseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds * 1_000 + attoseconds / 1_000_000_000_000_000
    }
}
