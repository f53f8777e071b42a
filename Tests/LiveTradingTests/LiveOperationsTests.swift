import FakeVenues
import Foundation
import KalshiAPI
import KalshiCore
import Storage
import Testing

#if canImport(Glibc)
    import Glibc
#endif

extension LiveSerial {
    /// Operations on the built binary: orphan orders adopted, the kill switch (SIGUSR1 or the
    /// file) cancels everything and halts across restarts until an explicit resume (SIGUSR2 once the
    /// file is gone, or `--resume`), and SIGTERM cancels resting orders and exits cleanly.
    @Suite(.serialized, .enabled(if: LiveProcess.isAvailable, "the kalshi-trader executable is not built"))
    struct LiveOperationsTests {
        @Test func killSwitchSignalsAndShutdownWorkOnTheBinary() async throws {
            let harness = try await LiveHarness.start(backgroundFlow: false)
            defer { Task { await harness.stop() } }
            let journal = harness.path("journal.sqlite")
            var settings = LiveHarness.Settings(journal: journal)
            settings.orphanOrders = "adopt"
            let config = try harness.writeConfig(settings)
            let ticker = await harness.thresholdMarkets()[3].ticker
            let killFile = harness.path("KILL")
            func placeByHand(_ id: String) async throws {
                _ = try await harness.rest.createOrder(
                    CreateOrderRequest(
                        ticker: ticker, clientOrderId: id, side: .bid, count: Quantity(contracts: 3), price: try Price(cents: 10))
                )
            }
            func status(_ id: String) async throws -> String? {
                try await harness.exchangeOrders().first { $0.clientOrderId == id }?.status
            }

            // Run A: the hand-placed order is adopted; SIGUSR1 cancels it and halts; SIGTERM exits.
            try await placeByHand("manual-1")
            let a = try LiveProcess(["live", "--config", config], directory: harness.directory, label: "a")
            #expect(await a.printed("orphan order manual-1", within: 30), "\(a.stdout)\(a.stderr)")
            #expect(try await status("manual-1") == "resting", "adopted, not canceled")
            a.send(SIGUSR1)
            #expect(await a.printed("KILL SWITCH engaged (SIGUSR1", within: 10))
            #expect(try await eventually(10) { try await status("manual-1") == "canceled" })
            a.send(SIGTERM)
            #expect(await a.exitStatus(within: 90) == 0, "\(a.stdout.suffix(1_500))\(a.stderr)")

            // Run B: still halted after the restart; an order placed by hand is adopted and canceled.
            let b = try LiveProcess(["live", "--config", config], directory: harness.directory, label: "b")
            #expect(await b.printed("KILL SWITCH still engaged", within: 30), "\(b.stdout)\(b.stderr)")
            #expect(await b.printed("reconciled (start)", within: 30))
            try await placeByHand("manual-2")
            #expect(try await eventually(15) { try await status("manual-2") == "canceled" }, "\(b.stdout)")
            // No resume while the kill file exists; resume once it is gone.
            FileManager.default.createFile(atPath: killFile, contents: nil)
            b.send(SIGUSR2)
            #expect(await b.printed("resume refused", within: 10))
            try FileManager.default.removeItem(atPath: killFile)
            b.send(SIGUSR2)
            #expect(await b.printed("kill switch released", within: 10))
            // Trading again: a new orphan is adopted and left resting, until SIGTERM cancels it.
            try await placeByHand("manual-3")
            #expect(await b.printed("orphan order manual-3", within: 15), "\(b.stdout)")
            #expect(try await status("manual-3") == "resting")
            b.send(SIGTERM)
            #expect(await b.exitStatus(within: 90) == 0, "\(b.stdout.suffix(1_500))\(b.stderr)")
            #expect(try await status("manual-3") == "canceled", "SIGTERM cancels resting orders")
            #expect(b.stdout.contains("stopping (SIGTERM received): cancelling resting orders"))

            // Run C: the kill file engages the switch at start; run D: --resume releases it.
            FileManager.default.createFile(atPath: killFile, contents: nil)
            let c = try LiveProcess(["live", "--config", config], directory: harness.directory, label: "c")
            #expect(await c.printed("KILL SWITCH engaged (kill switch file", within: 30), "\(c.stdout)")
            c.send(SIGTERM)
            #expect(await c.exitStatus(within: 90) == 0)
            try FileManager.default.removeItem(atPath: killFile)
            let d = try LiveProcess(
                ["live", "--config", config, "--resume", "--runtime", "3"], directory: harness.directory, label: "d")
            #expect(await d.exitStatus(within: 90) == 0, "\(d.stdout.suffix(1_500))\(d.stderr)")
            #expect(d.stdout.contains("kill switch released by --resume"))
            #expect(d.stdout.contains("status "), "a status line every second")

            let entries = try await JournalBackends.entries(location: journal, session: "test")
            let risks = entries.compactMap { if case .risk(let risk) = $0.record { risk.kind } else { nil } }
            #expect(risks.filter { $0 == "kill_switch" }.count == 2)
            #expect(risks.filter { $0 == "resume" }.count == 2)
            let adopted = entries.compactMap {
                if case .intent(let intent) = $0.record, intent.origin == .adopted { intent.clientOrderId } else { nil }
            }
            #expect(adopted == ["manual-1", "manual-2", "manual-3"])
            #expect(try await harness.exchangeOrders().allSatisfy { $0.status == "canceled" })
        }
    }
}
