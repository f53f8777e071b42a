import FakeVenues
import Foundation
import KalshiCore
import LiveTrading
import Storage
import Testing

extension LiveSerial {
    /// The live trader against an exchange that drops answers, fails with 5xx and 429, delays acks
    /// past the request timeout, disconnects the WebSocket and sends fills twice: no fill is lost,
    /// no order is doubled, no risk limit is exceeded, and the journal still equals the record.
    @Suite(.serialized) struct LiveFaultTests {
        @Test(arguments: JournalBackends.names)
        func faultsLoseNoFillDoubleNoOrderAndBreakNoLimit(backend: String) async throws {
            var faults = try FaultPlan(parsing: "429=0.15,5xx=0.1,lost=0.15,duplicate-fill=1,disconnect=300,seed=11")
            let harness = try await LiveHarness.start(faults: faults, backgroundFlow: false)
            defer { Task { await harness.stop() } }
            let location = JournalBackends.location(backend, harness: harness)
            let sessionName = JournalBackends.uniqueSession()
            var settings = LiveHarness.Settings(journal: location, session: sessionName)
            settings.requestTimeout = "1"
            let configuration = try LiveConfigurationLoader.parse(harness.yaml(settings))
            var overrides = LiveOverrides()
            overrides.trapSignals = false
            // Each phase lasts until what it waits for has happened, then the test ends the
            // session; the runtime is only a backstop.
            let stop = LiveStopRequest()
            overrides.stopRequest = stop
            overrides.runtimeSeconds = 900
            let output = CollectedOutput()
            let liquidity = harness.provideLiquidity(on: await harness.nearestStrikes(2))
            defer { liquidity.cancel() }
            let session = Task { try await LiveLauncher.run(configuration: configuration, overrides: overrides, console: output) }

            // Phase 1: lost answers, 5xx, 429, disconnects, duplicated fills, until enough fills happened.
            let traded = try await eventually(180) { try await harness.exchangeFills().count >= 8 }
            try #require(traded, "the session should trade on the mispriced liquidity: \(output.all.joined(separator: "\n"))")
            // Phase 2: every order's acknowledgement comes after the request timeout (disconnect between send and ack).
            faults.ackDelayMs = 1_500
            await harness.exchange.setFaults(faults)
            let fillsBefore = try await harness.exchangeFills().count
            #expect(
                try await eventually(120) { try await harness.exchangeFills().count > fillsBefore + 2 },
                "fills while every acknowledgement is late: \(output.all.suffix(60).joined(separator: "\n"))")
            // Phase 3: every request fails (503 before processing): orders sent now end in doubt and
            // block their market until a reconciliation (itself failing until the exchange recovers) settles them.
            await harness.exchange.setFaults(try FaultPlan(parsing: "5xx=1"))
            _ = await eventually(10) { output.contains("in doubt") }
            // Phase 4: a clean exchange until a reconciliation has run on it, then the end.
            await harness.exchange.setFaults(FaultPlan())
            let cleanFrom = output.all.count
            #expect(
                await eventually(120) { output.all.dropFirst(cleanFrom).contains { $0.contains("reconciled (") } },
                "a reconciliation on the recovered exchange")
            stop.stop()
            let outcome = try await session.value
            liquidity.cancel()
            #expect(outcome.reason == "runtime reached", "\(output.all.suffix(30))")
            #expect(outcome.clean, "the session halted: \(output.all.filter { $0.contains("anomaly") || $0.contains("halt") })")

            let audit = try await LiveAudit.gather(harness, location: location, session: sessionName)
            #expect(audit.exchangeFills.count >= 8, "\(audit.summary)")
            #expect(audit.lostFills.isEmpty, "lost fills: \(audit.lostFills)")
            #expect(audit.phantomFills.isEmpty, "phantom fills: \(audit.phantomFills)")
            #expect(audit.mismatchedFills.isEmpty, "\(audit.mismatchedFills)")
            #expect(audit.reusedClientOrderIds.isEmpty, "client order ids used twice: \(audit.reusedClientOrderIds)")
            #expect(audit.unjournaledOrders.isEmpty, "orders sent without an intent: \(audit.unjournaledOrders)")
            #expect(audit.ordersUnlikeTheirIntent.isEmpty)
            #expect(audit.largestPosition <= Quantity(contracts: 4), "max_inventory 4 exceeded: \(audit.largestPosition)")
            // The faults did happen: duplicated fills (every fill is sent twice) were dropped, and
            // answers were lost or late.
            #expect(outcome.duplicateFillsDropped > 0)
            let doubted = Set(audit.events(.unknown).map(\.clientOrderId))
            #expect(!doubted.isEmpty, "no order was ever in doubt")
            // Every order in doubt was settled: refused (it never reached the exchange), acknowledged,
            // or filled (the exchange's fill stream settles it too).
            for cid in doubted {
                let settled = audit.entries.drop { entry in
                    if case .orderEvent(let event) = entry.record {
                        return !(event.clientOrderId == cid && event.kind == .unknown)
                    }
                    return true
                }.contains { entry in
                    switch entry.record {
                    case .orderEvent(let event):
                        return event.clientOrderId == cid && (event.kind == .rejected || event.kind == .accepted)
                    case .fill(let fill): return fill.clientOrderId == cid
                    default: return false
                    }
                }
                #expect(settled, "order \(cid) stayed in doubt")
            }
            // Replayed as a restart would, the journal leaves no order in doubt and holds the exchange's positions.
            let books = await ReplayedBooks(audit, harness: harness)
            #expect(books.ordersInDoubt.isEmpty, "left in doubt: \(books.ordersInDoubt)")
            for ticker in await harness.exchange.listedTickers {
                #expect(books.position(ticker) == (await harness.exchangePosition(ticker)), "\(ticker)")
            }
            // Positions end where the exchange has them.
            for ticker in Set(audit.journalFills.values.map(\.ticker)) {
                let journaled = audit.journalFills.values.filter { $0.ticker == ticker }.reduce(Int64(0)) {
                    $0 + ($1.side == .bid ? $1.count.units : -$1.count.units)
                }
                #expect(Quantity(units: journaled) == (await harness.exchangePosition(ticker)), "\(ticker)")
            }
        }
    }
}
