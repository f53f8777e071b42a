import KalshiAPI

/// Paces requests with the read and write token buckets of the account's tier; callers wait
/// here instead of collecting 429s.
actor RateLimiter {
    private var read: TokenBucket
    private var write: TokenBucket
    private let start = ContinuousClock.now

    init(tier: RateLimitTier) {
        self.read = tier.readBucket
        self.write = tier.writeBucket
    }

    func acquire(isWrite: Bool, cost: Int64) async throws {
        let now = Int64(start.duration(to: .now).components.seconds * 1_000)
            + Int64(start.duration(to: .now).components.attoseconds / 1_000_000_000_000_000)
        let waitMs = isWrite ? write.reserve(cost: cost, nowMs: now) : read.reserve(cost: cost, nowMs: now)
        if waitMs > 0 { try await Task.sleep(for: .milliseconds(waitMs)) }
    }
}
