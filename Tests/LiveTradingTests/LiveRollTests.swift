import FakeVenues
import Foundation
import KalshiCore
import LiveTrading
import Storage
import Testing

extension LiveSerial {
    /// A live session that rolls: against one-minute events it trades three consecutive events in
    /// one run, books each settlement, and stays one journal session whose fills equal the
    /// exchange's record.
    @Suite(.serialized) struct LiveRollTests {
        /// The event part of a market ticker (`KXETHD-27JAN150302-T2999.99` → `KXETHD-27JAN150302`).
        static func event(_ ticker: String) -> String { ticker.split(separator: "-").prefix(2).joined(separator: "-") }

        @Test func aSessionTradesThreeConsecutiveEventsAndBooksTheirSettlements() async throws {
            // The first event closes 50 s after the start, then one every minute.
            let harness = try await LiveHarness.start(eventMinutes: 1, firstCloseInSeconds: 50)
            defer { Task { await harness.stop() } }
            let location = harness.path("journal.sqlite")
            let sessionName = JournalBackends.uniqueSession()
            var settings = LiveHarness.Settings(journal: location, session: sessionName)
            settings.markets = "  asset: ETH\n  strikes: nearest\n  nearest_count: 2\n  roll: true"
            settings.terminalExit = "15"
            let configuration = try LiveConfigurationLoader.parse(harness.yaml(settings))
            var overrides = LiveOverrides()
            overrides.trapSignals = false
            let stop = LiveStopRequest()
            overrides.stopRequest = stop
            overrides.runtimeSeconds = 900
            let output = CollectedOutput()
            // Mispriced liquidity on the two strikes nearest the spot of whichever event is open.
            let liquidity = harness.provideLiquidity(following: { [harness] in await harness.openNearestStrikes(2, tradableFor: 16) })
            defer { liquidity.cancel() }
            let session = Task { try await LiveLauncher.run(configuration: configuration, overrides: overrides, console: output) }

            func audit() async throws -> LiveAudit { try await LiveAudit.gather(harness, location: location, session: sessionName) }
            /// Events with a fill of ours whose markets all have their settlement journaled.
            func tradedAndSettled() async throws -> Set<String> {
                let audit = try await audit()
                let traded = Set(audit.journalFills.values.map { Self.event($0.ticker) })
                let settled = Set(audit.settlements.map { Self.event($0.ticker) })
                return traded.intersection(settled)
            }
            let three = try await eventually(300) { try await tradedAndSettled().count >= 3 }
            #expect(three, "three events traded and settled: \(output.all.suffix(40).joined(separator: "\n"))")
            stop.stop()
            let outcome = try await session.value
            liquidity.cancel()
            #expect(outcome.reason == "runtime reached", "\(output.all.suffix(20))")
            #expect(outcome.clean, "\(output.all.filter { $0.contains("anomaly") || $0.contains("HALT") })")

            let final = try await audit()
            // The events were consecutive: each closes a minute after the one before.
            let events = Set(final.journalFills.values.map { Self.event($0.ticker) }).sorted()
            #expect(events.count >= 3)
            #expect(final.risks("roll").count >= 2, "each roll journaled")
            // One journal session, one run, and the journal equals the exchange's record.
            #expect(final.lostFills.isEmpty && final.phantomFills.isEmpty && final.mismatchedFills.isEmpty, "\(final.summary)")
            #expect(final.unjournaledOrders.isEmpty)
            #expect(await harness.exchange.ordersWithoutExchangeIndex == 0, "the rolled markets' orders went to their shard")
            // Every settlement the exchange paid is in the journal, at the same amount.
            let paid = try await harness.rest.settlements().settlements
            for settlement in paid {
                let journaled = final.settlements.first { $0.ticker == settlement.ticker }
                #expect(journaled?.payout == Money(cents: settlement.revenue), "\(settlement.ticker)")
            }
            // The exchange's cash is the journal's last balance.
            let balance = try await harness.rest.balance().exactBalance
            let last = final.entries.compactMap { if case .balance(let b) = $0.record { b.local } else { nil } }.last
            #expect(last == balance)
        }
    }
}
