import KalshiCore
import Pricing

/// How the fake signal venues (Crypto.com market data, a minimal Coinbase feed) behave. Their
/// prices come from the fake exchange's scenario (or a replayed candle file) on its clock.
public struct FakeSignalConfiguration: Sendable {
    /// Serve the signal venues at all.
    public var enabled = true
    /// Crypto.com sends `public/heartbeat` every 30 s (wall clock) …
    public var heartbeatIntervalMs: Int64 = 30_000
    /// … and closes the socket (code 1000) when no `public/respond-heartbeat` came within 5 s.
    public var heartbeatTimeoutMs: Int64 = 5_000
    /// How often (wall clock) each connection publishes what changed.
    public var publishIntervalMs: Int64 = 250
    /// An unchanged book gets an empty delta after this long (reference §2.1 rule 4).
    public var emptyBookDeltaAfterMs: Int64 = 5_000
    /// Subscribe/unsubscribe requests each connection may send per calendar second (the venue's
    /// 100), pro-rated in the second the socket opened; more are refused with 42901
    /// TOO_MANY_REQUESTS, which is what the reference warns a client that does not wait may get.
    public var requestsPerSecond = 100
    /// How many requests a connection may send in the calendar second `second`: `perSecond`,
    /// pro-rated in the second the socket opened (a socket opened 700 ms into a second may send
    /// 30 of 100 before the next one), and at least one.
    public static func allowance(openedWallMs: Int64, second: Int64, perSecond: Int) -> Int {
        guard second == openedWallMs / 1_000 else { return perSecond }
        let remainingMs = 1_000 - openedWallMs % 1_000
        return max(1, Int((Int64(max(0, perSecond)) * remainingMs) / 1_000))
    }

    /// A test knob: every request this soon after the socket opened is refused with 42901, so a
    /// client's wait-and-retry can be exercised deterministically (0: off, as on the venue).
    public var earlyRequestWindowMs: Int64 = 0
    /// Coinbase closes a connection that has not subscribed within 5 s.
    public var coinbaseSubscribeTimeoutMs: Int64 = 5_000
    /// Coinbase's heartbeat channel: one message per second per product.
    public var coinbaseHeartbeatIntervalMs: Int64 = 1_000
    /// Half the quoted spread around the path's price, and the ladder's price step.
    public var halfSpread = Money(cents: 5)
    public var levelStep = Money(cents: 1)
    /// One-minute candles to replay per asset ("ETH" → candles) instead of the synthetic path;
    /// prices inside each minute are interpolated open → low/high → high/low → close.
    public var replay: [String: [Candle]] = [:]
    /// Replayed minutes that lie before the scenario start, available as REST history.
    public var replayHistoryMinutes = 300
    /// Faults for the signal feeds; nil = the same plan as the fake exchange.
    public var faults: FaultPlan?

    public init() {}
}
