import KalshiCore

/// Exponential backoff with jitter for reconnecting: attempt n waits a random time in
/// [delay/2, delay] with delay = min(base · 2ⁿ, cap), so many clients do not reconnect in step.
public struct ReconnectBackoff: Sendable {
    public var baseMs: Int64
    public var capMs: Int64
    private var random: SplitMixRandom

    public init(baseMs: Int64 = 250, capMs: Int64 = 30_000, seed: UInt64 = 0x4B41_4C53_4849) {
        self.baseMs = baseMs
        self.capMs = capMs
        self.random = SplitMixRandom(seed: seed)
    }

    public mutating func delayMs(attempt: Int) -> Int64 {
        let exponent = min(attempt, 30)
        let delay = min(capMs, baseMs << Int64(exponent))
        let half = delay / 2
        return half + Int64(random.next() % UInt64(max(1, delay - half + 1)))
    }
}
