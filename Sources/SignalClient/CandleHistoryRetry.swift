import SignalFeeds

/// How a source retries its candle history at start: a few quick attempts (0.5 s doubling to
/// 8 s, about 15 s in all), then one every `slowIntervalMs` for as long as the source runs.
/// Without the history the volatility waits for the source's own candles (24 five-minute bars
/// by default: two hours), so a venue's REST API down for a minute at start must not leave the
/// session unable to price for that long. Each failure is reported with the wait before the next
/// attempt.
public struct CandleHistoryRetry: Sendable {
    public let quickAttempts: Int
    public let slowIntervalMs: Int64

    public init(quickAttempts: Int = 6, slowIntervalMs: Int64 = 60_000) {
        self.quickAttempts = max(1, quickAttempts)
        self.slowIntervalMs = max(1, slowIntervalMs)
    }

    /// The wait after failed attempt `attempt` (0 for the first).
    public func delayMs(afterFailedAttempt attempt: Int) -> Int64 {
        attempt + 1 < quickAttempts ? min(8_000, 500 << Int64(min(attempt, 20))) : slowIntervalMs
    }

    /// The candles once an attempt succeeds; nil when the task is cancelled first.
    func load(
        _ attemptLoad: @Sendable () async throws -> [PriceCandle],
        failed: @Sendable (_ error: any Error, _ retryInMs: Int64) -> Void
    ) async -> [PriceCandle]? {
        var attempt = 0
        while !Task.isCancelled {
            do {
                return try await attemptLoad()
            } catch {
                let delay = delayMs(afterFailedAttempt: attempt)
                failed(error, delay)
                attempt += 1
                do { try await Task.sleep(for: .milliseconds(delay)) } catch { return nil }
            }
        }
        return nil
    }
}
