import FakeVenues
import Foundation
import KalshiCore
import LiveTrading
import Storage
import Testing

extension LiveSerial {
    /// A trading pause in the middle of a live session: the exchange cancels the session's
    /// resting orders (sent with `cancel_order_on_pause`), the session sends nothing once it knows
    /// though the book tempts it, and it trades again once the exchange resumes.
    @Suite(.serialized) struct LivePauseTests {
        @Test func aPauseStopsOrdersAndTradingResumesAfterIt() async throws {
            let harness = try await LiveHarness.start(backgroundFlow: false)
            defer { Task { await harness.stop() } }
            let location = harness.path("journal.sqlite")
            let sessionName = JournalBackends.uniqueSession()
            var settings = LiveHarness.Settings(journal: location, session: sessionName)
            settings.maxInventory = "20"
            let configuration = try LiveConfigurationLoader.parse(harness.yaml(settings))
            var overrides = LiveOverrides()
            overrides.trapSignals = false
            let stop = LiveStopRequest()
            overrides.stopRequest = stop
            overrides.runtimeSeconds = 900
            let output = CollectedOutput()
            let strikes = await harness.nearestStrikes(2)
            let liquidity = harness.provideLiquidity(on: strikes)
            defer { liquidity.cancel() }
            let session = Task { try await LiveLauncher.run(configuration: configuration, overrides: overrides, console: output) }
            let exchange = harness.exchange

            // Trading before the pause.
            let traded = try await eventually(120) { try await harness.exchangeFills().count >= 2 }
            try #require(traded, "the session should trade before the pause: \(output.all.suffix(30).joined(separator: "\n"))")
            liquidity.cancel()
            _ = await liquidity.value
            // A cheap ask that stays: the strategy wants it all through the pause.
            for ticker in strikes {
                for order in await exchange.engine(ticker)?.restingOrders(owner: "harness") ?? [] {
                    await exchange.cancel(orderId: order.id, ticker: ticker)
                }
            }
            await exchange.submit(
                OrderRequest(owner: "harness", side: .ask, price: Price(uncheckedTicks: 500), count: Quantity(contracts: 500)),
                ticker: strikes[0])

            await exchange.pauseTrading()
            let pausedFrom = output.all.count
            func sincePause(_ text: String) -> Bool { output.all.dropFirst(pausedFrom).contains { $0.contains(text) } }
            #expect(await eventually(30) { sincePause("trading paused by the exchange") }, "\(output.all.suffix(20))")
            // The exchange canceled what the session had resting.
            for ticker in strikes {
                #expect(await exchange.engine(ticker)?.restingOrders(owner: harness.keyId).isEmpty == true, "\(ticker)")
            }
            // The strategy tried, the risk engine refused, and the exchange heard nothing; the
            // session also learned of the pause from GET /exchange/status.
            #expect(await eventually(60) { sincePause("market_paused") }, "no order refused for the pause")
            #expect(await eventually(60) { sincePause("EXCHANGE TRADING PAUSED") }, "\(output.all.suffix(20))")
            #expect(await eventually(60) { sincePause("reconciled (") })
            let fillsBeforeResume = try await harness.exchangeFills().count

            await exchange.resumeTrading()
            #expect(
                try await eventually(120) { try await harness.exchangeFills().count > fillsBeforeResume },
                "trading resumed: \(output.all.suffix(30).joined(separator: "\n"))")
            #expect(output.contains("exchange trading resumed"))
            stop.stop()
            let outcome = try await session.value
            #expect(outcome.reason == "runtime reached")
            #expect(outcome.clean, "\(output.all.filter { $0.contains("anomaly") || $0.contains("HALT") })")
            let audit = try await LiveAudit.gather(harness, location: location, session: sessionName)
            #expect(audit.lostFills.isEmpty && audit.phantomFills.isEmpty && audit.mismatchedFills.isEmpty, "\(audit.summary)")
            #expect(audit.risks("market_paused").count >= 1 && audit.risks("exchange_paused").count == 1)
            // A create the exchange refused for the pause was sent before the session knew of it:
            // its intent precedes the journaled pause (an order in flight when the pause began).
            for cid in await exchange.createsRefusedWhilePaused {
                let sent = audit.entries.enumerated().first { if case .intent(let intent) = $0.element.record { intent.clientOrderId == cid } else { false } }
                guard let sent, case .intent(let intent) = sent.element.record else {
                    Issue.record("\(cid) reached the exchange without an intent")
                    continue
                }
                let knewAt = audit.entries.firstIndex {
                    if case .risk(let risk) = $0.record { risk.kind == "market_paused" && risk.ticker == intent.ticker } else { false }
                }
                #expect(knewAt.map { sent.offset < $0 } == true, "\(cid) was sent while the session knew trading was paused")
            }
        }
    }
}
