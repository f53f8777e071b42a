import Foundation
import KalshiCore
import Testing

@testable import TradingEngine

/// `SimulationRunner` lets the simulated exchange's books lapse while nothing of ours is in a
/// market and takes the engine's book up again when it needs one. That must change nothing:
/// seeded streams of market data (deltas, some invalid; trades; snapshots; lost sequences;
/// pauses and resumes) and a strategy placing, amending and canceling takers and resting
/// orders at random go through a runner sharing books and one that does not, and every
/// record and order must come out the same. One seed replays with
/// `KALSHI_SHARED_BOOK_SEED=<seed> swift test --filter SharedBookSimulation`.
struct SharedBookSimulationTests {
    /// Random requests on every timer, from its own seeded generator.
    struct RandomTrader: Strategy {
        let name = "random-trader"
        var random: SplitMix64

        mutating func onTimer(state: EngineState, actions: inout StrategyActions) {
            for index in state.markets.indices {
                let market = state.markets[index].id
                let roll = random.next() % 10
                let cents = Int64(40 + random.next() % 21)
                let price = Price(uncheckedTicks: cents * 100)
                let count = Quantity(contracts: 1 + Int(random.next() % 8))
                let side: BookSide = random.next() % 2 == 0 ? .bid : .ask
                let active = state.orders.activeOrders(in: market)
                switch roll {
                case 0, 1: actions.place(market, side: side, price: price, count: count, timeInForce: .immediateOrCancel)
                case 2, 3: actions.place(market, side: side, price: price, count: count, timeInForce: .goodTillCanceled)
                case 4: actions.place(market, side: side, price: price, count: count, timeInForce: .goodTillCanceled, postOnly: true)
                case 5 where !active.isEmpty:
                    actions.cancel(active[Int(random.next() % UInt64(active.count))].clientOrderId)
                case 6 where !active.isEmpty:
                    let order = active[Int(random.next() % UInt64(active.count))]
                    actions.amend(order.clientOrderId, price: price, totalCount: Quantity(contracts: 2 + Int(random.next() % 10)))
                default: break
                }
            }
        }
    }

    static func events(seed: UInt64, count: Int) -> [TimedEvent] {
        var random = SplitMix64(seed: seed)
        var events: [TimedEvent] = []
        var time = t0 + 1_000
        func snapshot(_ market: MarketID) -> EngineEvent {
            var yes: [BookLevel] = []
            var no: [BookLevel] = []
            for cents in 40...47 { yes.append(level("0.\(cents)", 1 + Int(random.next() % 20))) }
            for cents in 44...51 where random.next() % 4 != 0 { no.append(level("0.\(cents)", 1 + Int(random.next() % 20))) }
            return .bookSnapshot(market, yes: yes, no: no)
        }
        for index in 0..<2 { events.append(TimedEvent(timeMs: time, snapshot(MarketID(index)))) }
        events.append(TimedEvent(timeMs: time, spot("3000", atMs: time)))
        while events.count < count {
            time += Int64(1 + random.next() % 10)
            let market = MarketID(Int(random.next() % 2))
            let roll = random.next() % 1_000
            let event: EngineEvent
            switch roll {
            case 0..<700:
                // Mostly valid changes near the touch; now and then one that drives a level
                // negative or crosses the book (the book faults until its next snapshot).
                let side: OutcomeSide = random.next() % 2 == 0 ? .yes : .no
                let cents = Int64(38 + random.next() % 16)
                let change = Int(random.next() % 9) - 4
                event = .bookDelta(market, BookDelta(side: side, price: Price(uncheckedTicks: cents * 100), delta: qty(change)))
            case 700..<800:
                let cents = Int64(42 + random.next() % 12)
                event = .publicTrade(
                    market, yesPrice: Price(uncheckedTicks: cents * 100), count: qty(1 + Int(random.next() % 6)),
                    takerSide: random.next() % 2 == 0 ? .bid : .ask)
            case 800..<810: event = snapshot(market)
            case 810..<840: event = .bookUntrusted(market)
            case 840..<848: event = .tradingPaused(market, random.next() % 2 == 0)
            case 848..<900: event = spot("3000", atMs: time)
            default: event = .timer
            }
            events.append(TimedEvent(timeMs: time, event))
        }
        return events
    }

    static func run(seed: UInt64, sharing: Bool, events: [TimedEvent]) -> (records: [String], orders: [String], lapses: Int) {
        let engine = TradingEngine(
            strategy: RandomTrader(random: SplitMix64(seed: seed &+ 1)), startingBalance: dollars("100000"),
            limits: looseLimits(maxInventory: 100_000, maxInventoryDev: 100_000, staleness: 100_000), sessionPrefix: "S")
        var runner = SimulationRunner(
            engine: engine,
            exchange: SimulatedExchange(
                configuration: SimulatedExchangeConfiguration(
                    entryLatencyMs: 300, acknowledgementLatencyMs: 10, queueModel: seed % 2 == 0 ? .conservative : .probabilistic)),
            sharingBooks: sharing)
        runner.addMarket(ethMarket("A", closeMs: t0 + 100_000_000), asset: "ETH")
        runner.addMarket(ethMarket("B", strike: "3020", closeMs: t0 + 100_000_000), asset: "ETH")
        for event in events { runner.feed(event) }
        runner.finish()
        let orders = runner.engine.state.orders.orders.values
            .map { "\($0.clientOrderId) \($0.status) \($0.filled) \($0.price)" }.sorted()
        return (runner.drainRecords().map { "\($0)" }, orders, runner.exchange.lapses)
    }

    static var seeds: [UInt64] {
        if let text = ProcessInfo.processInfo.environment["KALSHI_SHARED_BOOK_SEED"], let seed = UInt64(text) { return [seed] }
        return Array(1...24)
    }

    @Test(arguments: seeds)
    func sharingTheEngineBooksChangesNothing(seed: UInt64) {
        let events = Self.events(seed: seed, count: 8_000)
        let shared = Self.run(seed: seed, sharing: true, events: events)
        let own = Self.run(seed: seed, sharing: false, events: events)
        #expect(own.lapses == 0)
        // The comparison means something only if books lapsed and orders traded.
        #expect(shared.lapses > 20, "seed \(seed)")
        #expect(shared.records.contains { $0.contains("fill(") }, "seed \(seed)")
        #expect(shared.records.count == own.records.count, "seed \(seed)")
        if let first = zip(shared.records, own.records).enumerated().first(where: { $0.element.0 != $0.element.1 })?.offset {
            Issue.record("seed \(seed): record \(first) differs:\n\(shared.records[first])\n\(own.records[first])")
        }
        #expect(shared.orders == own.orders, "seed \(seed)")
    }
}
