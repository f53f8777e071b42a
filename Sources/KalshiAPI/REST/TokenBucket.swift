/// A client-side token bucket mirroring Kalshi's (reference §4.8), so the client slows itself
/// down before the exchange answers 429. Pure: the caller passes the clock and sleeps.
public struct TokenBucket: Sendable, Equatable {
    /// Tokens added per second.
    public let refillPerSecond: Int64
    public let capacity: Int64
    /// Tokens in thousandths, so sub-token refills between calls are not lost.
    private var milliTokens: Int64
    private var lastRefillMs: Int64?

    public init(refillPerSecond: Int64, capacity: Int64) {
        precondition(refillPerSecond > 0 && capacity > 0, "a token bucket needs a positive rate and capacity")
        self.refillPerSecond = refillPerSecond
        self.capacity = capacity
        self.milliTokens = capacity * 1_000
    }

    /// Takes `cost` tokens, going into debt if needed; returns how long to wait (ms) before the
    /// request may be sent. Waiting in debt keeps requests in order and the long-run rate exact.
    public mutating func reserve(cost: Int64, nowMs: Int64) -> Int64 {
        refill(nowMs: nowMs)
        milliTokens -= cost * 1_000
        guard milliTokens < 0 else { return 0 }
        // milliTokens / refillPerSecond is in milliseconds (1,000 milli-tokens per token per second).
        return (-milliTokens + refillPerSecond - 1) / refillPerSecond
    }

    public func available(nowMs: Int64) -> Int64 {
        var copy = self
        copy.refill(nowMs: nowMs)
        return copy.milliTokens / 1_000
    }

    private mutating func refill(nowMs: Int64) {
        defer { lastRefillMs = nowMs }
        guard let last = lastRefillMs, nowMs > last else { return }
        milliTokens = min(capacity * 1_000, milliTokens + (nowMs - last) * refillPerSecond)
    }
}

/// Kalshi's account tiers and their token budgets (reference §4.8): reads and writes have
/// separate buckets; a request costs 10 tokens by default, a V2 cancel 2.
public enum RateLimitTier: String, Sendable, CaseIterable, Codable {
    case basic, advanced, expert, premier, paragon, prime, prestige

    public static let defaultCost: Int64 = 10
    public static let cancelCost: Int64 = 2

    public var readTokensPerSecond: Int64 {
        switch self {
        case .basic: 200
        case .advanced: 300
        case .expert: 600
        case .premier: 1_000
        case .paragon: 2_000
        case .prime: 4_000
        case .prestige: 10_000
        }
    }

    public var writeTokensPerSecond: Int64 {
        switch self {
        case .basic: 100
        case .prestige: 8_000
        default: readTokensPerSecond
        }
    }

    /// Two seconds of budget for Basic/Advanced reads and for writes above Basic, one otherwise.
    public var readBucket: TokenBucket {
        let seconds: Int64 = self == .basic || self == .advanced ? 2 : 1
        return TokenBucket(refillPerSecond: readTokensPerSecond, capacity: readTokensPerSecond * seconds)
    }

    public var writeBucket: TokenBucket {
        let seconds: Int64 = self == .basic ? 1 : 2
        return TokenBucket(refillPerSecond: writeTokensPerSecond, capacity: writeTokensPerSecond * seconds)
    }
}
