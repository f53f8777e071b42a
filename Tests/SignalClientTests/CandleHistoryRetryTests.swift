import Foundation
import Logging
import SignalClient
import SignalFeeds
import Testing

/// Without its candle history the model has no volatility for hours, so a failed history
/// request at start is retried rather than given up (a stress run lost a demo's every valuation
/// to one failure).
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
        case loaded(retriesAnnounced: Int)
        case gaveUp(retriesAnnounced: Int)
        case timedOut
    }

    static func run(failures: Int) async -> (Outcome, calls: Int) {
        let history = FlakyHistory(failures: failures)
        var logger = Logger(label: "test.history")
        logger.logLevel = .critical
        // Nothing listens on port 1: the feed itself never connects, which is not what is tested.
        let client = CryptoComFeedClient(
            session: CryptoComSession(configuration: CryptoComSession.Configuration(asset: .eth)),
            transport: .init(url: "ws://127.0.0.1:1/exchange/v1/market"), history: { try await history.load() }, logger: logger)
        let outcome = await withTaskGroup(of: Outcome?.self) { group in
            group.addTask {
                await client.run()
                return nil
            }
            group.addTask {
                var retries = 0
                for await event in client.events {
                    switch event {
                    case .historyLoaded: return .loaded(retriesAnnounced: retries)
                    case .venueError(_, _, let message) where message.hasPrefix("candle history, retrying"): retries += 1
                    case .venueError(_, _, let message) where message.hasPrefix("candle history"): return .gaveUp(retriesAnnounced: retries)
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
        #expect(outcome == .loaded(retriesAnnounced: 2), "the history never loaded (waited for historyLoaded)")
        #expect(calls == 3)
    }

    @Test func theRetriesAreBounded() async {
        let (outcome, calls) = await Self.run(failures: 100)
        #expect(outcome == .gaveUp(retriesAnnounced: 5), "waited for the final history failure")
        #expect(calls == 6)
    }
}
