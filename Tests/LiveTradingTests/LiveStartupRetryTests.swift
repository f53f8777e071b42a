import FakeVenues
import Foundation
import KalshiCore
import LiveTrading
import Testing

extension LiveSerial {
    /// A 5xx during the start reconciliation is retried with backoff instead of ending the run
    /// (which would leave the previous run's resting orders unmanaged).
    @Suite struct LiveStartupRetryTests {
        @Test func aFailingStartReconciliationIsRetriedUntilTheExchangeAnswers() async throws {
            // The fills endpoint, read first by every reconciliation and by nothing before it, is down.
            let harness = try await LiveHarness.start(
                faults: try FaultPlan(parsing: "5xx-path=/portfolio/fills"), backgroundFlow: false)
            defer { Task { await harness.stop() } }
            let settings = LiveHarness.Settings(journal: harness.path("journal.sqlite"), session: "retry")
            let configuration = try LiveConfigurationLoader.parse(harness.yaml(settings))
            var overrides = LiveOverrides()
            overrides.trapSignals = false
            overrides.runtimeSeconds = 600
            let stop = LiveStopRequest()
            overrides.stopRequest = stop
            let output = CollectedOutput()
            let session = Task { try await LiveLauncher.run(configuration: configuration, overrides: overrides, console: output) }

            let retried = await eventually(120) { output.contains("reconciliation (start) could not read the exchange") }
            #expect(retried, "\(output.all.suffix(20))")
            #expect(!output.contains("reconciled (start)"), "nothing reconciles while fills cannot be read")
            await harness.exchange.setFaults(FaultPlan())
            #expect(await eventually(120) { output.contains("reconciled (start)") }, "\(output.all.suffix(20))")
            stop.stop()
            let outcome = try await session.value
            #expect(outcome.reason == "runtime reached", "\(output.all.suffix(20))")
            #expect(output.all.contains { $0.contains("retry 1 of") && $0.contains("HTTP 503") }, "\(output.all.prefix(20))")
        }
    }
}
