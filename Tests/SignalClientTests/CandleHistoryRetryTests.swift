import Foundation
import Logging
import SignalClient
import SignalFeeds
import Testing

/// Without its candle history the model has no volatility for hours, so a failed history
/// request at start is retried rather than given up (a stress run lost a demo's every valuation
/// to one failure): quickly at first, then at a slow pace for as long as the source runs (six
/// quick failures used to end the attempts, leaving a live session two hours without a price).
struct CandleHistoryRetryTests {
    actor FlakyHistory {
        private(set) var calls = 0
        let failures: Int

        init(failures: Int) { self.failures = failures }

        func load() throws -> [PriceCandle] {
            calls += 1
            if calls <= failures { throw CocoaError(.fileReadUnknown) }
            return []
        }
    }

    enum Outcome: Sendable, Equatable {
        case loaded(retriesAnnounced: [Int64])
        case notRetrying(String)
        case timedOut
    }

    static func run(failures: Int, retry: CandleHistoryRetry = CandleHistoryRetry()) async -> (Outcome, calls: Int) {
        let history = FlakyHistory(failures: failures)
        var logger = Logger(label: "test.history")
        logger.logLevel = .critical
        // Nothing listens on port 1: the feed itself never connects, which is not what is tested.
        let client = CryptoComFeedClient(
            session: CryptoComSession(configuration: CryptoComSession.Configuration(asset: .eth)),
            transport: .init(url: "ws://127.0.0.1:1/exchange/v1/market"), history: { try await history.load() },
            historyRetry: retry, logger: logger)
        let outcome = await withTaskGroup(of: Outcome?.self) { group in
            group.addTask {
                await client.run()
                return nil
            }
            group.addTask {
                // The wait each failure announced ("candle history, retrying in N ms: …").
                var waits: [Int64] = []
                for await event in client.events {
                    switch event {
                    case .historyLoaded: return .loaded(retriesAnnounced: waits)
                    case .venueError(_, _, let message) where message.hasPrefix("candle history"):
                        let prefix = "candle history, retrying in "
                        guard message.hasPrefix(prefix), let wait = Int64(message.dropFirst(prefix.count).prefix { $0.isNumber })
                        else { return .notRetrying(message) }
                        waits.append(wait)
                    default: continue
                    }
                }
                return nil
            }
            group.addTask {
                // A bound against hanging, far above the ~15 s of backoff.
                try? await Task.sleep(for: .seconds(90))
                return .timedOut
            }
            var result = Outcome.timedOut
            for await answer in group {
                if let answer {
                    result = answer
                    break
                }
            }
            group.cancelAll()
            return result
        }
        return (outcome, await history.calls)
    }

    @Test func aFailedHistoryRequestIsRetriedUntilItLoads() async {
        let (outcome, calls) = await Self.run(failures: 2)
        #expect(outcome == .loaded(retriesAnnounced: [500, 1_000]), "the history never loaded (waited for historyLoaded)")
        #expect(calls == 3)
    }

    /// Past the quick attempts the source keeps trying at the slow pace (shortened here).
    @Test func afterTheQuickRetriesItKeepsTryingAtTheSlowPace() async {
        let (outcome, calls) = await Self.run(failures: 7, retry: CandleHistoryRetry(quickAttempts: 3, slowIntervalMs: 50))
        #expect(outcome == .loaded(retriesAnnounced: [500, 1_000, 50, 50, 50, 50, 50]), "waited for historyLoaded")
        #expect(calls == 8)
    }

    @Test func theDefaultPaceIsFifteenQuickSecondsThenAMinute() {
        let retry = CandleHistoryRetry()
        #expect((0..<7).map { retry.delayMs(afterFailedAttempt: $0) } == [500, 1_000, 2_000, 4_000, 8_000, 60_000, 60_000])
        #expect(retry.delayMs(afterFailedAttempt: Int.max - 1) == 60_000)
    }
}
