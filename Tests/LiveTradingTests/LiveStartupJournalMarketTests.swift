import FakeVenues
import Foundation
import KalshiAPI
import KalshiClient
import KalshiCore
import LiveTrading
import Storage
import Testing

extension LiveSerial {
    /// At start, every market the journal has records of is looked up at the exchange. One it no
    /// longer lists is left out of the replay (its order ids stay used); one it cannot be asked
    /// about is doubt, and the start stops naming it (it used to be taken for "not listed": the
    /// market's orders and position were then missing from the session's view of the account).
    @Suite struct LiveStartupJournalMarketTests {
        static let oldTicker = "KXOLD-26DEC0100-T1"

        @Test func aJournalMarketTheExchangeCannotBeAskedAboutStopsTheStart() async throws {
            let harness = try await LiveHarness.start(
                faults: try FaultPlan(parsing: "5xx-path=/markets/KXOLD-"), backgroundFlow: false)
            defer { Task { await harness.stop() } }
            let location = harness.path("journal.sqlite")
            try await Self.journalAnEarlierRunsOrder(location: location, session: "old", environment: harness.url)

            let configuration = try LiveConfigurationLoader.parse(
                harness.yaml(LiveHarness.Settings(journal: location, session: "old")))
            var overrides = LiveOverrides()
            overrides.trapSignals = false
            overrides.runtimeSeconds = 600
            let refused = CollectedOutput()
            let wrongStop = LiveStopRequest()
            overrides.stopRequest = wrongStop
            let refusal = Task { [overrides] in
                try await LiveLauncher.run(configuration: configuration, overrides: overrides, console: refused)
            }
            // A start that goes on anyway is stopped once it trades, not left to its runtime.
            let wentOn = Task {
                _ = await eventually(120) { Task.isCancelled || refused.contains("trading ") }
                if refused.contains("trading ") { wrongStop.stop() }
            }
            do {
                _ = try await refusal.value
                Issue.record("the start went on without knowing the journal's market \(Self.oldTicker): \(refused.all)")
            } catch let error as LiveStartupError {
                guard case .exchange(let detail) = error else {
                    Issue.record("refused for another reason: \(error)")
                    return
                }
                #expect(detail.contains(Self.oldTicker) && detail.contains("503"), "\(detail)")
            }
            wentOn.cancel()
            #expect(!refused.contains("trading "), "\(refused.all)")

            // Answered (not found: an earlier event's market): the start goes on without it, and
            // the next client order id follows the journal's.
            await harness.exchange.setFaults(FaultPlan())
            let stop = LiveStopRequest()
            overrides.stopRequest = stop
            let output = CollectedOutput()
            let session = Task { [overrides] in
                try await LiveLauncher.run(configuration: configuration, overrides: overrides, console: output)
            }
            let started = await eventually(120) { output.contains("trading ") }
            stop.stop()
            let outcome = try await session.value
            #expect(started, "\(output.all.suffix(20))")
            #expect(
                output.contains("1 journal record(s) of markets the exchange no longer lists were not replayed"), "\(output.all)")
            #expect(output.contains("client order ids ktold-N, next 2"), "\(output.all)")
            #expect(outcome.reason == "runtime reached", "\(outcome.reason)")
        }

        /// A session `session` whose first order (ktold-1) was in `oldTicker`.
        static func journalAnEarlierRunsOrder(location: String, session name: String, environment url: String) async throws {
            let store = try await Journal.open(try JournalLocation(parsing: location))
            let environment = try KalshiEnvironment(customURL: url).description
            let session = try await store.openSession(
                name,
                creating: NewSessionParameters(
                    clientPrefix: "ktold", startingBalance: Money(cents: 100_000), environment: environment),
                nowMs: WallClock.nowMs(), pid: getpid())
            let intent = OrderIntentEntry(
                clientOrderId: "ktold-1", sequence: 1, ticker: oldTicker, side: .bid, price: try Price(cents: 40),
                count: Quantity(contracts: 1), timeInForce: .immediateOrCancel, postOnly: false)
            try await store.append([.intent(intent)], timeMs: WallClock.nowMs(), session: session)
            await store.close()
        }
    }
}
