/// When a failed REST call may be sent again (reference §4.8–4.9). A request the exchange did
/// not process (429) is always safe to repeat. Without an answer (5xx, timeout, dropped
/// connection) only reads, and writes made idempotent by a `client_order_id`, may be repeated:
/// repeating anything else could place an order twice. A host that cannot be reached (no such
/// name, connection refused, TLS failure) is not retried: it fails fast and names the cause.
public struct RetryPolicy: Sendable, Equatable {
    public enum Safety: Sendable, Equatable {
        /// GET requests.
        case read
        /// A create carrying a `client_order_id`: a repeat is refused with 409 instead of doubling.
        case idempotentWrite
        /// Cancels and decreases: repeating cannot do more than the first did.
        case convergentWrite
        /// Anything else.
        case unsafeWrite
    }

    public var maxAttempts: Int
    public var baseDelayMs: Int64
    public var maxDelayMs: Int64
    /// Retry a host that could not be reached. Off for one-shot commands (`markets`, `check`),
    /// which must fail fast; on for a running session, whose exchange answered a moment ago
    /// and may be restarting.
    public var retriesUnreachable: Bool

    public init(maxAttempts: Int = 4, baseDelayMs: Int64 = 200, maxDelayMs: Int64 = 5_000, retriesUnreachable: Bool = false) {
        self.maxAttempts = maxAttempts
        self.baseDelayMs = baseDelayMs
        self.maxDelayMs = maxDelayMs
        self.retriesUnreachable = retriesUnreachable
    }

    /// Delay before attempt `attempt + 1` after `error`, or nil to give up and surface the error.
    public func delayBeforeRetry(after error: KalshiAPIError, attempt: Int, safety: Safety) -> Int64? {
        guard attempt + 1 < maxAttempts else { return nil }
        let delay = min(maxDelayMs, baseDelayMs << Int64(min(attempt, 20)))
        switch error {
        case .rateLimited:
            return delay
        case .exchange(let status, _) where status >= 500:
            return safety == .unsafeWrite ? nil : delay
        case .transport, .malformedResponse:
            return safety == .unsafeWrite ? nil : delay
        case .unreachable:
            return retriesUnreachable && safety != .unsafeWrite ? delay : nil
        case .exchange:
            return nil
        }
    }
}
