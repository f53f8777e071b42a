import FakeVenues
import Foundation
import KalshiAPI
import KalshiCore
import LiveTrading
import Storage
import Testing
import TradingEngine

extension LiveSerial {
    /// A whole live session in-process against the fake exchange: an order placed, partially filled,
    /// amended up, filled again, decreased, canceled, and the market settled; the journal then
    /// matches the exchange's record exactly.
    @Suite(.serialized) struct LiveSessionTests {
        @Test(arguments: JournalBackends.names)
        func aFullSessionLeavesAJournalEqualToTheExchangesRecord(backend: String) async throws {
            let harness = try await LiveHarness.start(backgroundFlow: false)
            defer { Task { await harness.stop() } }
            let ticker = await harness.thresholdMarkets()[2].ticker
            let location = JournalBackends.location(backend, harness: harness)
            let sessionName = JournalBackends.uniqueSession()
            var settings = LiveHarness.Settings(journal: location, session: sessionName)
            settings.markets = "  asset: ETH\n  ticker: \(ticker)"
            settings.staleness = "600"
            settings.maxInventory = "20"
            let configuration = try LiveConfigurationLoader.parse(harness.yaml(settings))
            var overrides = LiveOverrides()
            overrides.trapSignals = false
            let output = CollectedOutput()
            let session = Task {
                try await LiveLauncher.run(
                    strategy: LifecycleStrategy(ticker: ticker), configuration: configuration, overrides: overrides,
                    console: output)
            }
            let exchange = harness.exchange
            func ourOrder() async -> ExchangeOrder? {
                await exchange.engine(ticker)?.restingOrders(owner: harness.keyId).first
            }
            func counterparty(_ cents: Int, _ contracts: Int) async {
                await exchange.submit(
                    OrderRequest(
                        owner: "counterparty", side: .ask, price: try! Price(cents: cents), count: Quantity(contracts: contracts),
                        timeInForce: .immediateOrCancel), ticker: ticker)
            }

            // Placed: a post-only bid for 10 at 0.40 rests.
            #expect(await eventually(20) { await ourOrder()?.remainingCount == Quantity(contracts: 10) }, "\(output.all)")
            // Partially filled (4), then amended by the strategy to 0.41 for the same total.
            await counterparty(40, 4)
            #expect(await eventually(10) { await ourOrder()?.price == (try! Price(cents: 41)) })
            // The session has booked the amend's answer before the next fill arrives.
            #expect(
                try await eventually(10) {
                    try await LiveAudit.gather(harness, location: location, session: sessionName).events(.amended).count == 1
                })
            // Filled again (2), then decreased to a total of 8 at the same price, then canceled.
            await counterparty(41, 2)
            let canceled = await eventually(10) {
                guard await ourOrder() == nil else { return false }
                return (await exchange.engine(ticker)?.knownOrderCount ?? 0) > 0
            }
            #expect(canceled)
            #expect(await harness.exchangePosition(ticker) == Quantity(contracts: 6))
            // Settled: YES wins, the 6 contracts pay 6 dollars, and the session ends by itself.
            await exchange.settle(ticker: ticker, outcome: .yes, value: Money(cents: 310_000), now: exchange.clock.nowMs())
            let outcome = try await session.value
            #expect(outcome.reason == "all markets settled")
            #expect(outcome.clean)

            let audit = try await LiveAudit.gather(harness, location: location, session: sessionName)
            #expect(audit.lostFills.isEmpty && audit.phantomFills.isEmpty && audit.mismatchedFills.isEmpty, "\(audit.summary)")
            #expect(audit.journalFills.count == 2)
            #expect(audit.exchangeOrders.count == 1 && audit.intents.count == 1)
            #expect(audit.unjournaledOrders.isEmpty && audit.reusedClientOrderIds.isEmpty)
            #expect(audit.events(.accepted).count >= 1)
            #expect(audit.events(.amended).map(\.price) == [try Price(cents: 41)])
            // The decrease took 2 off, the cancel the remaining 2.
            #expect(audit.events(.canceled).reduce(Quantity.zero) { $0 + ($1.count ?? .zero) } == Quantity(contracts: 4))
            #expect(audit.events(.cancelSent).count == 1)
            // Every order went to its market's shard rather than auto-routing.
            #expect(await exchange.ordersWithoutExchangeIndex == 0)
            #expect(audit.settlements == [SettlementEntry(ticker: ticker, result: .yes, payout: Money(cents: 600))])
            let order = try #require(audit.exchangeOrders.first)
            #expect(order.fillCountFp == Quantity(contracts: 6) && order.status == "canceled")
            // The exchange-side safety nets: cancel on a pause, and an expiry on the resting order
            // (order_timeout_seconds 300 + request_timeout_seconds 10 after it was sent: long, so
            // that no loaded machine sees it expire mid-test).
            let sent = try #require(await exchange.receivedCreates[order.clientOrderId ?? ""])
            #expect(sent.cancelOrderOnPause == true)
            // In the session's order group (the exchange-side fill limit), journaled at the start.
            #expect(sent.orderGroupId != nil && sent.orderGroupId == audit.risks("order_group").first.flatMap { $0.detail.split(separator: ":").first.map(String.init) })
            #expect(sent.selfTradePreventionType == .takerAtCross)
            let expiry = try #require(sent.expirationTime)
            let createdSeconds = try #require(order.createdTime.flatMap(RFC3339.parse)) / 1_000
            #expect((createdSeconds + 300)...(createdSeconds + 312) ~= expiry, "expiry \(expiry), created \(createdSeconds)")
            // The exchange's balance is the journal's last balance snapshot.
            let balance = try await harness.rest.balance().exactBalance
            let lastBalance = audit.entries.compactMap { if case .balance(let b) = $0.record { b.local } else { nil } }.last
            #expect(lastBalance == balance)
            #expect(
                balance == Money(cents: 100_000) - Money(cents: 160 + 82)
                    - audit.journalFills.values.reduce(.zero) { $0 + $1.fee } + Money(cents: 600))
        }
    }
}

/// Rests a bid, amends it after the first fill, decreases it after the second, and cancels it
/// once the decrease shows: every order operation of the venue, driven by real fills.
struct LifecycleStrategy: Strategy {
    let name = "lifecycle"
    let ticker: String
    var phase = 0

    init(ticker: String) { self.ticker = ticker }

    mutating func onTimer(state: EngineState, actions: inout StrategyActions) {
        guard phase == 0, let id = state.id(of: ticker), state.market(id).book.isTradable, state.asset("ETH")?.spot != nil else {
            return
        }
        actions.place(
            id, side: .bid, price: try! Price(cents: 40), count: Quantity(contracts: 10), timeInForce: .goodTillCanceled,
            postOnly: true)
        phase = 1
    }

    mutating func onFill(_ fill: ExecutionFill, order: ManagedOrder, state: EngineState, actions: inout StrategyActions) {
        if phase == 1, order.filled == Quantity(contracts: 4) {
            actions.amend(order.clientOrderId, price: try! Price(cents: 41), totalCount: Quantity(contracts: 10))
            phase = 2
        } else if phase == 2, order.filled == Quantity(contracts: 6) {
            actions.amend(order.clientOrderId, price: try! Price(cents: 41), totalCount: Quantity(contracts: 8))
            phase = 3
        }
    }

    mutating func onOrderUpdate(_ order: ManagedOrder, state: EngineState, actions: inout StrategyActions) {
        if phase == 3, order.canceled == Quantity(contracts: 2) {
            actions.cancel(order.clientOrderId)
            phase = 4
        }
    }
}
