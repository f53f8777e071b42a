import FakeVenues
import Foundation
import KalshiAPI
import KalshiCore
import Testing

extension LiveSerial {
    /// `kalshi-trader live` refuses to start on every bad configuration or key, with an error that
    /// names the problem, and sends no order (nothing reaches the exchange, no journal is created).
    @Suite(.serialized, .enabled(if: LiveProcess.isAvailable, "the kalshi-trader executable is not built"))
    struct LiveRefusalTests {
        struct Case: Sendable, CustomTestStringConvertible {
            var name: String
            /// Edits the configuration text (and may create files); returns extra CLI arguments.
            var prepare: @Sendable (LiveHarness, inout String) async throws -> [String]
            var expected: [String]
            var testDescription: String { name }
        }

        static func replacing(_ old: String, _ new: String) -> @Sendable (LiveHarness, inout String) async throws -> [String] {
            { _, yaml in
                yaml = yaml.replacingOccurrences(of: old, with: new)
                return []
            }
        }

        static func key(_ contents: @escaping @Sendable (LiveHarness) throws -> String, mode: Int)
            -> @Sendable (LiveHarness, inout String) async throws -> [String]
        {
            { harness, _ in
                let path = harness.path("other-key.pem")
                try LiveHarness.writeFile(path, try contents(harness), mode: mode)
                return ["--key", path]
            }
        }

        static let cases: [Case] = [
            Case(
                name: "missing key file", prepare: { _, _ in ["--key", "/nonexistent/kalshi.pem"] },
                expected: ["key.file", "private key file not found"]),
            Case(
                name: "key path is a directory", prepare: { harness, _ in ["--key", harness.directory.path] },
                expected: ["key.file", "not a regular file"]),
            Case(
                name: "key readable by others",
                prepare: key({ try String(contentsOfFile: $0.keyFile, encoding: .utf8) }, mode: 0o644),
                expected: ["key.file", "permissions are 0644", "world-readable"]),
            Case(
                name: "key readable by its group",
                prepare: key({ try String(contentsOfFile: $0.keyFile, encoding: .utf8) }, mode: 0o640),
                expected: ["group-readable"]),
            Case(name: "key is not PEM", prepare: key({ _ in "just some text\n" }, mode: 0o600), expected: ["not a PEM key"]),
            Case(
                name: "public key instead of the private one",
                prepare: key({ try String(contentsOfFile: $0.publicKeyFile, encoding: .utf8) }, mode: 0o600),
                expected: ["holds a public key"]),
            Case(name: "no key id", prepare: replacing("  id: live-test\n", ""), expected: ["key.id", "missing"]),
            Case(
                name: "key unknown to the exchange", prepare: { _, _ in ["--key-id", "someone-else"] },
                expected: ["exchange could not be used", "401"]),
            Case(
                name: "no risk section",
                prepare: { _, yaml in
                    let start = yaml.range(of: "risk:\n")!.lowerBound
                    let end = yaml.range(of: "strategy:\n")!.lowerBound
                    yaml.removeSubrange(start..<end)
                    return []
                }, expected: ["'risk'", "missing"]),
            Case(
                name: "a risk limit missing", prepare: replacing("  minimum_balance: 10.00\n", ""),
                expected: ["risk.minimum_balance", "missing"]),
            Case(
                name: "a risk limit malformed", prepare: replacing("  max_inventory: 4\n", "  max_inventory: lots\n"),
                expected: ["risk.max_inventory", "'lots'"]),
            Case(
                name: "an unknown field", prepare: replacing("strategy:\n", "strategy:\n  agression: 11\n"),
                expected: ["strategy.agression", "unknown field"]),
            Case(
                name: "market not found",
                prepare: replacing("  strikes: nearest\n  nearest_count: 2", "  ticker: KXETHD-26JAN0100-T1.00"),
                expected: ["market KXETHD-26JAN0100-T1.00 not found"]),
            Case(
                name: "market closed",
                prepare: { harness, yaml in
                    let ticker = await harness.thresholdMarkets()[0].ticker
                    await harness.exchange.settle(
                        ticker: ticker, outcome: .no, value: Money(cents: 290_000), now: harness.exchange.clock.nowMs())
                    yaml = yaml.replacingOccurrences(of: "  strikes: nearest\n  nearest_count: 2", with: "  ticker: \(ticker)")
                    return []
                }, expected: ["is closed", "finalized"]),
            Case(
                name: "balance below minimum_balance",
                prepare: replacing("  minimum_balance: 10.00\n", "  minimum_balance: 5000.00\n"),
                expected: ["account balance 1000.00 is below risk.minimum_balance 5000.00"]),
            Case(
                name: "bad environment", prepare: { _, _ in ["--url", "ftp://example"] }, expected: ["environment", "http://"]),
        ]

        @Test(arguments: cases)
        func badConfigurationsAndKeysAreRefusedBeforeAnyOrder(_ refusal: Case) async throws {
            let harness = try await LiveHarness.start(backgroundFlow: false)
            defer { Task { await harness.stop() } }
            let journal = harness.path("journal.sqlite")
            var yaml = harness.yaml(LiveHarness.Settings(journal: journal))
            let extra = try await refusal.prepare(harness, &yaml)
            let config = harness.path("live.yaml")
            try yaml.write(toFile: config, atomically: true, encoding: .utf8)

            let process = try LiveProcess(["live", "--config", config] + extra, directory: harness.directory, label: "refused")
            let status = await process.exitStatus(within: 30)
            #expect(status != nil && status != 0, "\(refusal.name): exit status \(String(describing: status))")
            #expect(process.stderr.contains("refusing to start"), "\(refusal.name): \(process.stderr)")
            for text in refusal.expected {
                #expect(process.stderr.contains(text), "\(refusal.name): expected '\(text)' in: \(process.stderr)")
            }
            let keyBody = try String(contentsOfFile: harness.keyFile, encoding: .utf8).split(separator: "\n")[1]
            #expect(!(process.stderr + process.stdout).contains(keyBody), "key material must never be printed")
            #expect(try await harness.exchangeOrders().isEmpty, "\(refusal.name): an order reached the exchange")
            #expect(!FileManager.default.fileExists(atPath: journal), "\(refusal.name): the journal was opened")
        }
    }
}
