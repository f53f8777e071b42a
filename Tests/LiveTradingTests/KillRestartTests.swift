import FakeVenues
import Foundation
import KalshiCore
import Storage
import Testing

#if canImport(Glibc)
    import Glibc
#endif

extension LiveSerial {
    /// Crash-only: the built `kalshi-trader live` is killed with SIGKILL at random points of a
    /// trading session and restarted with the same journal, again and again. After every restart
    /// the journal and the exchange agree, no client order id is ever used twice, nothing is sent
    /// without its intent journaled first, and no fill is lost.
    @Suite(.serialized, .enabled(if: LiveProcess.isAvailable, "the kalshi-trader executable is not built"))
    struct KillRestartTests {
        /// Kill points per backend: 20 in CI; `KALSHI_KILL_POINTS` runs more locally.
        static let points = Int(ProcessInfo.processInfo.environment["KALSHI_KILL_POINTS"] ?? "") ?? 20

        @Test(arguments: JournalBackends.names)
        func killNineAtRandomPointsLosesNothingAndDuplicatesNothing(backend: String) async throws {
            // Order writes reach the exchange 150 ms late: a kill often lands between a request
            // and its effect, leaving orders and fills only the exchange knows of.
            let harness = try await LiveHarness.start(faults: try FaultPlan(parsing: "request-delay=150"), backgroundFlow: false)
            defer { Task { await harness.stop() } }
            let location = JournalBackends.location(backend, harness: harness)
            let session = JournalBackends.uniqueSession()
            var settings = LiveHarness.Settings(journal: location, session: session)
            settings.cooldown = "0.1"
            let config = try harness.writeConfig(settings)
            let liquidity = harness.provideLiquidity(on: await harness.nearestStrikes(2))
            defer { liquidity.cancel() }
            let seed = UInt64(ProcessInfo.processInfo.environment["KALSHI_KILL_SEED"] ?? "") ?? UInt64.random(in: 1...UInt64.max)
            var random = SeededRandom(seed: seed)
            let arguments = ["live", "--config", config]

            for point in 0..<KillRestartTests.points {
                let process = try LiveProcess(arguments, directory: harness.directory, label: "run-\(point)")
                // A random point of the run. Every other run is killed after its start
                // reconciliation, so that however slow the machine, half the kills land while it
                // trades; the others land anywhere in start-up, replay or trading.
                let delayMs = Int64.random(in: 250...3_000, using: &random)
                if point % 2 == 1 {
                    #expect(
                        await process.printed("reconciled (start)", within: 60),
                        "run \(point) never finished its start reconciliation: \(process.stderr)")
                    try await Task.sleep(for: .milliseconds(delayMs / 2))
                } else {
                    try await Task.sleep(for: .milliseconds(delayMs))
                }
                await process.killNine()
                #expect(!process.stderr.contains("journal write failed"), "run \(point) failed on its journal: \(process.stderr)")
                let audit = try await LiveAudit.gather(harness, location: location, session: session)
                #expect(
                    audit.reusedClientOrderIds.isEmpty,
                    "seed \(seed), kill \(point): ids used twice \(audit.reusedClientOrderIds)")
                #expect(
                    audit.unjournaledOrders.isEmpty,
                    "seed \(seed), kill \(point): sent without an intent \(audit.unjournaledOrders)")
                #expect(audit.ordersUnlikeTheirIntent.isEmpty, "seed \(seed), kill \(point)")
                #expect(audit.phantomFills.isEmpty, "seed \(seed), kill \(point): \(audit.phantomFills)")
            }

            // A last run: its start reconciliation books whatever the kills left unjournaled; it
            // trades a little, then SIGTERM stops it cleanly.
            let leftByKills = try await harness.exchangeFills()
            let fillsBefore = leftByKills.count
            let runsBefore =
                try await LiveAudit.gather(harness, location: location, session: session).entries.map(\.runId).max() ?? 0
            let last = try LiveProcess(arguments, directory: harness.directory, label: "final")
            #expect(await last.printed("reconciled (start)", within: 30), "\(last.stdout)\n\(last.stderr)")
            // Read once the run's start reconciliation is in the journal: its fills are committed
            // with it, in one transaction, possibly after the line above was printed. And the fills
            // the kills left, not the final run's own: it trades from its reconciliation on, and
            // one of its fills can be on the exchange and not yet journaled when this reads.
            var afterKills = try await LiveAudit.gather(harness, location: location, session: session)
            let reconciled = try await eventually(30) {
                afterKills = try await LiveAudit.gather(harness, location: location, session: session)
                return afterKills.entries.contains { entry in
                    guard entry.runId > runsBefore, case .reconciliation(let reconciliation) = entry.record else { return false }
                    return reconciliation.trigger == "start"
                }
            }
            #expect(reconciled, "seed \(seed): the final run's start reconciliation never reached the journal")
            let unrecovered = Set(afterKills.lostFills).intersection(leftByKills.map { $0.tradeId ?? $0.fillId })
            #expect(unrecovered.isEmpty, "seed \(seed): the restart did not recover \(unrecovered.sorted())")
            // Enough trading for the checks below to prove something, however much the kills allowed.
            #expect(
                try await eventually(120) {
                    let fills = try await harness.exchangeFills().count
                    return fills >= fillsBefore + 2 && fills >= 10
                }, "the final run trades")
            liquidity.cancel()
            last.send(SIGTERM)
            #expect(await last.exitStatus(within: 90) == 0, "\(last.stdout.suffix(2_000))\n\(last.stderr)")

            let audit = try await LiveAudit.gather(harness, location: location, session: session)
            #expect(audit.exchangeFills.count >= 10, "seed \(seed): too little trading to prove anything: \(audit.summary)")
            #expect(audit.lostFills.isEmpty, "seed \(seed): lost fills \(audit.lostFills)")
            #expect(audit.phantomFills.isEmpty && audit.mismatchedFills.isEmpty, "seed \(seed)")
            #expect(audit.reusedClientOrderIds.isEmpty && audit.unjournaledOrders.isEmpty, "seed \(seed)")
            #expect(audit.largestPosition <= Quantity(contracts: 4), "seed \(seed): max_inventory exceeded")
            // Client order ids kept counting up across every restart: one intent per number.
            let sequences = audit.intents.values.compactMap(\.sequence).sorted()
            #expect(Set(sequences).count == sequences.count)
            let runs = Set(audit.entries.map(\.runId))
            #expect(runs.count >= 2, "seed \(seed): only \(runs.count) run(s) journaled anything")
            // The kills did land inside the windows that matter: orders left in doubt, fills only the
            // exchange knew, or state the restarts had to correct.
            let recovered =
                audit.events(.unknown).count + audit.journalFills.values.filter { $0.source == "rest" }.count
                + audit.entries.reduce(0) { if case .reconciliation(let r) = $1.record { $0 + r.corrections } else { $0 } }
            #expect(recovered > 0, "seed \(seed): no kill landed between a request and its journaled answer")
            // Replayed as a restart would, the journal leaves no order in doubt and holds the exchange's positions.
            let books = await ReplayedBooks(audit, harness: harness)
            #expect(books.ordersInDoubt.isEmpty, "left in doubt: \(books.ordersInDoubt)")
            for ticker in await harness.exchange.listedTickers {
                #expect(books.position(ticker) == (await harness.exchangePosition(ticker)), "\(ticker)")
            }
            // The exchange's positions are the journal's.
            for ticker in Set(audit.journalFills.values.map(\.ticker)) {
                let journaled = audit.journalFills.values.filter { $0.ticker == ticker }.reduce(Int64(0)) {
                    $0 + ($1.side == .bid ? $1.count.units : -$1.count.units)
                }
                #expect(Quantity(units: journaled) == (await harness.exchangePosition(ticker)), "seed \(seed): \(ticker)")
            }
        }
    }
}

/// SplitMix64: kill points reproducible from the seed printed on failure.
struct SeededRandom: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
