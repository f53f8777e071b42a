import FakeVenues
import Foundation
import KalshiAPI
import KalshiClient
import KalshiCore
import LiveTrading
import Testing

#if canImport(Glibc)
    import Glibc
#endif

extension LiveSerial {
    /// `kalshi-trader check` against the fake venue: a healthy setup passes every check, and
    /// each failure provoked on purpose is reported under its own name, with a fix, while the
    /// checks that need it are skipped rather than failing for the same cause.
    @Suite(.serialized)
    struct LiveCheckTests {
        static let names = [
            "config", "key", "journal", "exchange", "clock", "auth", "balance", "api_tier", "market", "websocket", "signals",
        ]

        /// Runs the check on the harness's sample configuration, edited by `edit`.
        static func check(
            _ harness: LiveHarness, settings: LiveHarness.Settings? = nil, edit: (String) -> String = { $0 },
            overrides: LiveOverrides = LiveOverrides(), options: LiveCheck.Options = LiveCheck.Options()
        ) async throws -> CheckReport {
            let settings = settings ?? LiveHarness.Settings(journal: harness.path("journal.sqlite"))
            let file = harness.path("check-\(UUID().uuidString).yaml")
            try edit(harness.yaml(settings)).write(toFile: file, atomically: true, encoding: .utf8)
            return await LiveCheck.run(configPath: file, overrides: overrides, options: options)
        }

        static func statuses(_ report: CheckReport) -> [String: CheckResult.Status] {
            Dictionary(report.results.map { ($0.name, $0.status) }, uniquingKeysWith: { first, _ in first })
        }

        @Test func aHealthySetupPassesEveryCheck() async throws {
            let harness = try await LiveHarness.start()
            defer { Task { await harness.stop() } }
            let report = try await Self.check(harness)
            let printed = report.lines.joined(separator: "\n")
            #expect(report.results.map(\.name) == Self.names, "\(printed)")
            #expect(report.results.allSatisfy { $0.status == .ok }, "\(printed)")
            #expect(report.passed)
            #expect(report["balance"]?.detail.contains("shard \(FakeKalshiExchange.shard)") == true, "\(printed)")
            #expect(report["websocket"]?.detail.contains("book snapshot of KXETHD-") == true, "\(printed)")
            #expect(report["api_tier"]?.detail.contains("prestige") == true, "\(printed)")
            #expect(report.json.hasPrefix(#"{"passed":true,"counts":{"ok":11,"warn":0,"fail":0,"skip":0},"checks":[{"name":"config""#))
        }

        @Test func aKeyFileOthersCanReadFailsTheKeyAndSkipsWhatNeedsTheKey() async throws {
            let harness = try await LiveHarness.start()
            defer { Task { await harness.stop() } }
            try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: harness.keyFile)
            let report = try await Self.check(harness)
            let status = Self.statuses(report)
            #expect(status["key"] == .fail, "\(report.lines)")
            #expect(report["key"]?.fix == "chmod 600 \(harness.keyFile)")
            for name in ["auth", "balance", "api_tier", "websocket"] { #expect(status[name] == .skip, "\(name): \(report.lines)") }
            #expect(status["exchange"] == .ok && status["market"] == .ok && status["signals"] == .ok, "\(report.lines)")
            #expect(!report.passed)
        }

        @Test func aKeyTheExchangeDoesNotKnowFailsAuth() async throws {
            let harness = try await LiveHarness.start()
            defer { Task { await harness.stop() } }
            var overrides = LiveOverrides()
            overrides.keyId = "someone-else"
            let report = try await Self.check(harness, overrides: overrides)
            #expect(Self.statuses(report)["auth"] == .fail, "\(report.lines)")
            #expect(report["auth"]?.detail.contains("refused key someone-else") == true, "\(report.lines)")
            #expect(Self.statuses(report)["websocket"] == .skip)
        }

        @Test func anUnreachableExchangeFailsNamingTheHostAndTheCause() async throws {
            let harness = try await LiveHarness.start()
            defer { Task { await harness.stop() } }
            let closed = try RefusingPort()
            let port = closed.port
            var overrides = LiveOverrides()
            overrides.url = "http://127.0.0.1:\(port)"
            let report = try await Self.check(harness, overrides: overrides)
            let status = Self.statuses(report)
            #expect(status["exchange"] == .fail, "\(report.lines)")
            #expect(report["exchange"]?.detail.contains("connection refused") == true, "\(report.lines)")
            for name in ["clock", "auth", "balance", "api_tier", "market", "websocket"] {
                #expect(status[name] == .skip, "\(name): \(report.lines)")
            }
            // The price feed follows the exchange's URL (signals: auto), so it is unreachable too.
            #expect(status["signals"] == .fail, "\(report.lines)")
            withExtendedLifetime(closed) {}
        }

        @Test func aHostClockAheadOrBehindTheExchangeFailsTheClock() async throws {
            let harness = try await LiveHarness.start()
            defer { Task { await harness.stop() } }
            for (shiftMs, word) in [(Int64(30_000), "ahead of"), (-30_000, "behind")] {
                var options = LiveCheck.Options()
                options.hostClockMs = { WallClock.nowMs() + shiftMs }
                let report = try await Self.check(harness, options: options)
                #expect(Self.statuses(report)["clock"] == .fail, "\(report.lines)")
                #expect(report["clock"]?.detail.contains(word) == true, "\(report.lines)")
                #expect(report["clock"]?.fix?.contains("NTP") == true || report["clock"]?.fix?.contains("sync") == true)
            }
            var options = LiveCheck.Options()
            options.hostClockMs = { WallClock.nowMs() + 3_000 }
            let slightly = try await Self.check(harness, options: options)
            #expect(Self.statuses(slightly)["clock"] == .warn, "\(slightly.lines)")
        }

        @Test func aBalanceBelowTheFloorOnTheTradedShardFails() async throws {
            let harness = try await LiveHarness.start(balance: Money(cents: 500))
            defer { Task { await harness.stop() } }
            let report = try await Self.check(harness)
            #expect(Self.statuses(report)["balance"] == .fail, "\(report.lines)")
            #expect(report["balance"]?.detail.contains("5.00 on shard \(FakeKalshiExchange.shard)") == true, "\(report.lines)")
            #expect(report["balance"]?.detail.contains("below risk.minimum_balance 10.00") == true, "\(report.lines)")
        }

        @Test func aTierAboveTheAccountsFailsAndOneBelowWarns() async throws {
            let harness = try await LiveHarness.start(usageTier: "basic")
            defer { Task { await harness.stop() } }
            let report = try await Self.check(harness)
            #expect(Self.statuses(report)["api_tier"] == .fail, "\(report.lines)")
            #expect(report["api_tier"]?.fix == "set operations.rate_limit_tier: basic")

            let prime = try await LiveHarness.start(usageTier: "prime")
            defer { Task { await prime.stop() } }
            let below = try await Self.check(prime, edit: { $0.replacingOccurrences(of: "rate_limit_tier: prestige", with: "rate_limit_tier: basic") })
            #expect(Self.statuses(below)["api_tier"] == .warn, "\(below.lines)")
            #expect(below.passed, "a warning alone does not fail the check")
        }

        @Test func aMarketThatDoesNotExistFailsTheMarketCheck() async throws {
            let harness = try await LiveHarness.start()
            defer { Task { await harness.stop() } }
            var settings = LiveHarness.Settings(journal: harness.path("journal.sqlite"))
            settings.markets = "  asset: ETH\n  ticker: KXETHD-26JAN0100-T1.00"
            let report = try await Self.check(harness, settings: settings)
            #expect(Self.statuses(report)["market"] == .fail, "\(report.lines)")
            #expect(report["market"]?.detail.contains("KXETHD-26JAN0100-T1.00 not found") == true, "\(report.lines)")
            // Without markets the WebSocket is still checked, on the lifecycle channel.
            #expect(Self.statuses(report)["websocket"] == .ok, "\(report.lines)")
        }

        @Test func aRefusedWebSocketFailsTheWebSocketCheck() async throws {
            var faults = FaultPlan()
            faults.webSocketRefused = true
            let harness = try await LiveHarness.start(faults: faults)
            defer { Task { await harness.stop() } }
            let report = try await Self.check(harness)
            #expect(Self.statuses(report)["websocket"] == .fail, "\(report.lines)")
            #expect(report["websocket"]?.detail.contains("connection failed") == true, "\(report.lines)")
            #expect(Self.statuses(report)["auth"] == .ok, "REST still answers: \(report.lines)")
        }

        @Test func aJournalThatCannotBeWrittenFails() async throws {
            let harness = try await LiveHarness.start()
            defer { Task { await harness.stop() } }
            // A folder that is a regular file: nothing can be created under it, even by root.
            let settings = LiveHarness.Settings(journal: harness.keyFile + "/journal.sqlite")
            let report = try await Self.check(harness, settings: settings)
            #expect(Self.statuses(report)["journal"] == .fail, "\(report.lines)")
        }

        @Test func anUnreachablePriceFeedFailsTheSignalsCheck() async throws {
            let harness = try await LiveHarness.start()
            defer { Task { await harness.stop() } }
            let closed = try RefusingPort()
            let port = closed.port
            let report = try await Self.check(harness, edit: { $0 + "signals:\n  endpoint: http://127.0.0.1:\(port)\n" })
            #expect(Self.statuses(report)["signals"] == .fail, "\(report.lines)")
            #expect(report["signals"]?.detail.contains("127.0.0.1:\(port)") == true, "\(report.lines)")
            #expect(Self.statuses(report)["exchange"] == .ok)
            withExtendedLifetime(closed) {}
        }

        @Test func contradictoryLimitsFailTheConfigurationCheckNamingTheFields() async throws {
            let harness = try await LiveHarness.start()
            defer { Task { await harness.stop() } }
            var settings = LiveHarness.Settings(journal: harness.path("journal.sqlite"))
            settings.tradeSize = "20"
            let report = try await Self.check(harness, settings: settings)
            #expect(Self.statuses(report)["config"] == .fail, "\(report.lines)")
            #expect(report["config"]?.detail.contains("strategy.trade_size / risk.max_order_size") == true, "\(report.lines)")
        }

        @Test func aTradingPauseIsAWarning() async throws {
            let harness = try await LiveHarness.start(tradingActive: false)
            defer { Task { await harness.stop() } }
            let report = try await Self.check(harness)
            #expect(Self.statuses(report)["exchange"] == .warn, "\(report.lines)")
            #expect(report["exchange"]?.detail.contains("trading is paused") == true, "\(report.lines)")
        }

        /// What a new user does: `init` with flags (no terminal here), which ends by running
        /// `check` on what it wrote, against the fake venue.
        @Test(.enabled(if: LiveProcess.isAvailable, "the kalshi-trader executable is not built"))
        func initThenCheckWorkWithoutATerminal() async throws {
            let harness = try await LiveHarness.start(usageTier: "basic")
            defer { Task { await harness.stop() } }
            try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: harness.keyFile)
            let folder = harness.path("setup")
            let arguments = [
                "init", "--dir", folder, "--environment", harness.url, "--key-id", harness.keyId, "--key", harness.keyFile,
                "--asset", "ETH", "--budget", "200",
            ]
            let run = try LiveProcess(arguments, directory: harness.directory, label: "init")
            let status = await run.exitStatus(within: 120)
            let output = run.stdout + run.stderr
            #expect(status == 0, "\(output)")
            #expect(output.contains("wrote \(folder)/live.yaml"), "\(output)")
            #expect(output.contains("set to mode 600"), "\(output)")
            #expect(output.contains("check: ready (11 ok, 0 warn, 0 fail, 0 skip)"), "\(output)")
            let mode = try FileManager.default.attributesOfItem(atPath: harness.keyFile)[.posixPermissions] as? Int
            #expect(mode == 0o600)
            let written = try LiveConfigurationLoader.load(path: folder + "/live.yaml")
            #expect(written.risk.maxInventory == Quantity(contracts: 10))
            #expect(written.risk.minimumBalance == Money(cents: 10_000))
            #expect(written.risk.maxBalanceDev == Money(cents: 2_000))
            #expect(written.journalLocation == folder + "/logs/live/journal.sqlite")

            let again = try LiveProcess(arguments, directory: harness.directory, label: "init-again")
            #expect(await again.exitStatus(within: 60) != 0)
            #expect(again.stderr.contains("already exists; use --force"), "\(again.stderr)")

            let bare = try LiveProcess(["init", "--dir", harness.path("bare")], directory: harness.directory, label: "init-bare")
            #expect(await bare.exitStatus(within: 60) != 0)
            #expect(bare.stderr.contains("give --key-id and --budget"), "\(bare.stderr)")
        }

        /// `check` as a command: the lines, `--json`, and the exit status.
        @Test(.enabled(if: LiveProcess.isAvailable, "the kalshi-trader executable is not built"))
        func theCheckCommandPrintsLinesOrJSONAndExitsNonZeroOnAFailure() async throws {
            let harness = try await LiveHarness.start(balance: Money(cents: 500))
            defer { Task { await harness.stop() } }
            let file = try harness.writeConfig(LiveHarness.Settings(journal: harness.path("journal.sqlite")))
            let lines = try LiveProcess(["check", "--config", file], directory: harness.directory, label: "check")
            #expect(await lines.exitStatus(within: 120) == 1)
            #expect(lines.stdout.contains("\nfail  balance    "), "\(lines.stdout)")
            #expect(lines.stdout.contains("; fix: "), "\(lines.stdout)")
            #expect(lines.stdout.contains("check: NOT ready (10 ok, 0 warn, 1 fail, 0 skip)"), "\(lines.stdout)")
            let json = try LiveProcess(["check", "--config", file, "--json"], directory: harness.directory, label: "check-json")
            #expect(await json.exitStatus(within: 120) == 1)
            let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
            #expect(object?["passed"] as? Bool == false, "\(json.stdout)")
            let checks = object?["checks"] as? [[String: Any]] ?? []
            #expect(checks.map { $0["name"] as? String ?? "" } == Self.names)
            #expect(checks.first { $0["name"] as? String == "balance" }?["status"] as? String == "fail")
        }

        /// A host that refuses connections is reported at once, by name and cause, not retried
        /// until request deadlines run out.
        @Test(.enabled(if: LiveProcess.isAvailable, "the kalshi-trader executable is not built"))
        func marketsAgainstARefusingHostFailsNamingTheHostAndTheCause() async throws {
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("markets-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            let closed = try RefusingPort()
            let run = try LiveProcess(
                ["markets", "--asset", "ETH", "--url", "http://127.0.0.1:\(closed.port)"], directory: directory, label: "markets")
            #expect(await run.exitStatus(within: 60) == 1)
            #expect(run.stderr.contains("cannot reach 127.0.0.1:\(closed.port): connection refused"), "\(run.stderr)")
            withExtendedLifetime(closed) {}
        }

        @Test func anUnreadableConfigurationIsTheOneFailure() async {
            let report = await LiveCheck.run(configPath: "/nonexistent/live.yaml", overrides: LiveOverrides())
            #expect(report.results.map(\.name) == ["config"])
            #expect(report["config"]?.status == .fail)
            #expect(report["config"]?.detail.contains("not found") == true)
        }
    }
}

/// A loopback port that refuses connections for as long as this lives: a socket bound to it
/// but not listening (the kernel answers a connection with a reset), so no other test can take
/// the port meanwhile, as it could a port found free and released.
final class RefusingPort {
    let port: Int
    private let descriptor: Int32

    init() throws {
        let socketDescriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socketDescriptor >= 0 else { throw POSIXError(.EMFILE) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(socketDescriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socketDescriptor, $0, &length) }
        }
        guard bound == 0, named == 0 else {
            close(socketDescriptor)
            throw POSIXError(.EADDRNOTAVAIL)
        }
        descriptor = socketDescriptor
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    deinit { close(descriptor) }
}
