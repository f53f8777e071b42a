import FakeVenues
import Foundation
import SignalClient
import SignalFeeds
import Testing

/// The fake venue refuses what the real one refuses, with the reference's reason codes.
struct FakeCryptoComRefusalTests {
    @Test func badRequestsGetTheDocumentedCodes() async throws {
        // No early-request window and no rate limit: the script's timing is not what this test
        // is about (five requests at once could exceed a first second's pro-rated allowance).
        let harness = try await SignalHarness.start {
            $0.earlyRequestWindowMs = 0
            $0.requestsPerSecond = 1_000_000
        }
        defer { Task { await harness.stop() } }
        let staleNonce = SignalClock.nowMs() - 120_000
        let script = [
            "{oops",
            #"{"id":2,"method":"subscribe","params":{"channels":["ticker.ETH_USD"]},"nonce":\#(staleNonce)}"#,
            #"{"id":3,"method":"subscribe","params":{"channels":["book.ETH_USD.7"]},"nonce":\#(SignalClock.nowMs())}"#,
            #"{"id":4,"method":"subscribe","params":{"channels":["ticker.BTC_USD"]},"nonce":\#(SignalClock.nowMs())}"#,
            #"{"id":5,"method":"public/get-everything"}"#,
        ]
        let client = SignalFeedClient(
            session: ScriptedSession(script: script), transport: .init(url: harness.endpoints.cryptoComWebSocketURL),
            logger: SignalHarness.quietLogger)
        let codes = EventLog()
        try await withSource(client) {
            try #require(
                await waitUntil(client) { event in
                    guard case .venueError = event else { return false }
                    await codes.append(event)
                    return await codes.events.count == script.count
                })
        }
        let received = await codes.events.compactMap { event -> Int? in
            if case .venueError(_, let code, _) = event { return code }
            return nil
        }
        // 40001 bad request, 40102 invalid nonce, 10004 invalid channel (depth 7), 209 instrument not in the scenario, 40003 unknown method.
        #expect(received == [40001, 40102, 10004, 209, 40003])
    }
}
