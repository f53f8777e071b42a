import Foundation
import Storage
import Testing

#if canImport(Glibc)
    import Glibc
#endif

extension LiveSerial {
    /// The documented invocation: the shipped `config/live.yaml` with `--url`, `--key-id` and
    /// `--key` runs against a fake exchange on loopback (its logs and journal land in the working
    /// folder, as the sample says), prints its status, and stops cleanly at `--runtime`.
    @Suite(.enabled(if: LiveProcess.isAvailable, "the kalshi-trader executable is not built"))
    struct LiveSampleTests {
        @Test func theShippedSampleRunsAgainstAFakeVenue() async throws {
            let harness = try await LiveHarness.start()
            defer { Task { await harness.stop() } }
            let sample = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().appendingPathComponent("config/live.yaml").path
            let process = try LiveProcess(
                [
                    "live", "--config", sample, "--url", harness.url, "--key-id", harness.keyId, "--key", harness.keyFile,
                    // Two status lines (every 5 s): the feed is up by the second however loaded the machine.
                    "--runtime", "12",
                ],
                directory: harness.directory, label: "sample")
            #expect(await process.exitStatus(within: 60) == 0, "\(process.stdout.suffix(2_000))\n\(process.stderr)")
            let output = process.stdout
            #expect(output.contains("live session 'default' run 1 on \(harness.url)/trade-api/v2 as key \(harness.keyId)"))
            #expect(output.contains("trading 13 market(s) of KXETHD-"))
            #expect(output.contains("reconciled (start): 0 correction(s)"))
            #expect(output.contains("status ") && output.contains("feed up"))
            #expect(output.contains("live session ended: runtime reached"))
            let journal = harness.path("logs/live/journal.sqlite")
            let entries = try await JournalBackends.entries(location: journal, session: "default")
            #expect(entries.contains { if case .reconciliation(let r) = $0.record { r.trigger == "start" } else { false } })
        }
    }
}
