import FakeVenues
import Foundation
import KalshiAPI
import KalshiCore
import LiveTrading
import Storage
import Testing
import TradingEngine

extension LiveSerial {
    /// Orders asked for in one step go out as one batch (create and cancel), and the journal
    /// still holds every intent before the batch leaves.
    @Suite struct LiveBatchTests {
        @Test func ordersOfOneStepAreBatched() async throws {
            let harness = try await LiveHarness.start(backgroundFlow: false)
            defer { Task { await harness.stop() } }
            let ticker = await harness.thresholdMarkets()[2].ticker
            let location = harness.path("journal.sqlite")
            var settings = LiveHarness.Settings(journal: location, session: "batch")
            settings.markets = "  asset: ETH\n  ticker: \(ticker)"
            settings.staleness = "600"
            settings.maxInventory = "20"
            let configuration = try LiveConfigurationLoader.parse(harness.yaml(settings))
            var overrides = LiveOverrides()
            overrides.trapSignals = false
            let output = CollectedOutput()
            let session = Task {
                try await LiveLauncher.run(
                    strategy: LadderStrategy(ticker: ticker), configuration: configuration, overrides: overrides, console: output)
            }
            // Three bids placed in one step rest together; the strategy then cancels them in one step.
            let ladder = await eventually(20) { (await harness.exchange.engine(ticker)?.knownOrderCount ?? 0) == 3 }
            #expect(ladder, "\(output.all)")
            let canceled = try await eventually(20) {
                try await harness.exchangeOrders().filter { $0.status == "canceled" }.count == 3
            }
            #expect(canceled, "\(output.all)")
            await harness.exchange.settle(
                ticker: ticker, outcome: .no, value: Money(cents: 290_000), now: harness.exchange.clock.nowMs())
            let outcome = try await session.value
            #expect(outcome.ordersSent == 3 && outcome.clean)

            let audit = try await LiveAudit.gather(harness, location: location, session: "batch")
            #expect(audit.intents.count == 3 && audit.unjournaledOrders.isEmpty)
            #expect(audit.events(.cancelSent).count == 3)
            #expect(audit.events(.accepted).count == 3)
            // One transaction held all three intents: they share a time and have consecutive places.
            let intentEntries = audit.entries.filter { if case .intent = $0.record { true } else { false } }
            #expect(Set(intentEntries.map(\.timeMs)).count == 1)
            #expect(intentEntries.map(\.seq) == Array(intentEntries[0].seq...(intentEntries[0].seq + 2)))
        }
    }
}

/// Places three resting bids at once, and cancels them all at once when all three are acknowledged.
struct LadderStrategy: Strategy {
    let name = "ladder"
    let ticker: String
    var phase = 0

    init(ticker: String) { self.ticker = ticker }

    mutating func onTimer(state: EngineState, actions: inout StrategyActions) {
        guard let id = state.id(of: ticker) else { return }
        if phase == 0, state.market(id).book.isTradable, state.asset("ETH")?.spot != nil {
            for cents in [10, 11, 12] {
                actions.place(
                    id, side: .bid, price: try! Price(cents: cents), count: Quantity(contracts: 2), timeInForce: .goodTillCanceled
                )
            }
            phase = 1
        } else if phase == 1, state.orders.activeOrders(in: id).count == 3,
            state.orders.activeOrders(in: id).allSatisfy({ $0.status == .open })
        {
            actions.cancelAll(id)
            phase = 2
        }
    }
}
