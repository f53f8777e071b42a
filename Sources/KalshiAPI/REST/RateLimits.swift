/// The read and write token buckets the client paces itself with: the account's tier's, or
/// the sizes the exchange reports in `GET /account/limits`.
public struct RateLimits: Sendable, Equatable {
    public var read: TokenBucket
    public var write: TokenBucket
    /// Where the sizes came from, for the start-up line: `exchange (premier)` or `configured tier basic`.
    public var source: String

    public init(read: TokenBucket, write: TokenBucket, source: String) {
        self.read = read
        self.write = write
        self.source = source
    }

    public init(tier: RateLimitTier, source: String? = nil) {
        self.init(read: tier.readBucket, write: tier.writeBucket, source: source ?? "configured tier \(tier.rawValue)")
    }

    /// Refill rates and capacities beyond these are not believed (a wrong value would either
    /// stall the client or let it flood the exchange); the tier's table is used instead.
    public static let plausibleRefill: ClosedRange<Int64> = 1...1_000_000
    public static let plausibleCapacity: ClosedRange<Int64> = 1...10_000_000
}

extension AccountLimitsDTO {
    /// The buckets the exchange reports when both are complete and plausible, else those of the
    /// tier it names, else nil (the caller keeps the configured tier).
    public var rateLimits: RateLimits? {
        func bucket(_ reported: Bucket?) -> TokenBucket? {
            guard let refill = reported?.refillRate, let capacity = reported?.bucketCapacity,
                RateLimits.plausibleRefill.contains(refill), RateLimits.plausibleCapacity.contains(capacity)
            else { return nil }
            return TokenBucket(refillPerSecond: refill, capacity: capacity)
        }
        if let read = bucket(read), let write = bucket(write) {
            return RateLimits(read: read, write: write, source: "the exchange (tier \(usageTier))")
        }
        return RateLimitTier(rawValue: usageTier.lowercased()).map { RateLimits(tier: $0, source: "the exchange's tier \($0.rawValue)") }
    }
}
