import KalshiAPI
import KalshiCore
import Strategies
import TradingEngine

enum EngineBenchmarks {
    static let eventCount = 1_000_000

    /// Events through engine + BinaryEdgeStrategy + simulated exchange from an in-memory array:
    /// book deltas near the touch, public trades, spot ticks and timers on three markets.
    static func events() -> Benchmark {
        let (runner, events) = SyntheticSession.make(events: eventCount, seed: 7)
        return Benchmark(name: "engine.events", operations: events.count) {
            var session = runner
            for event in events { session.feed(event) }
            return Int64(session.processedEvents) &+ session.engine.state.portfolio.cash.micros &+ Int64(session.engine.state.orders.nextSequence)
        }
    }

    /// One decision → risk check → order encoded as the REST body (no signature): a spot tick
    /// makes the strategy buy; the engine checks risk and registers the order; the command is
    /// encoded. Each operation also retires the order (a cancel report) so the book of open
    /// orders stays the same size from one operation to the next.
    static func orderPath() -> Benchmark {
        let operations = 20_000
        var engine = TradingEngine(
            strategy: BinaryEdgeStrategy(configuration: BinaryEdgeConfiguration(tradeSize: Quantity(contracts: 1), cooldownSeconds: 0)),
            startingBalance: Money(cents: 100_000_000_00), limits: SyntheticSession.looseLimits, sessionPrefix: "bench", recording: false)
        let market = SyntheticSession.markets(closeMs: 3_600_000)[1]
        let id = engine.addMarket(market, asset: "ETH")
        _ = engine.process(TimedEvent(timeMs: 0, .volatility(asset: "ETH", sigma: 0.6)))
        _ = engine.process(TimedEvent(timeMs: 0, .bookSnapshot(id, yes: [BookLevel(price: .cents(20), size: Quantity(contracts: 500))], no: [BookLevel(price: .cents(70), size: Quantity(contracts: 500))])))
        return Benchmark(name: "engine.order_path", operations: operations) {
            var session = engine
            var checksum: Int64 = 0
            for index in 0..<operations {
                let time = Int64(1_000 + index)
                let spot = Money(micros: (3_050 + Int64(index % 2)) * 1_000_000)
                let commands = session.process(TimedEvent(timeMs: time, .spot(SpotObservation(asset: "ETH", price: spot, venue: "bench", exchangeTimeMs: time))))
                guard case .place(let spec) = commands.first else { preconditionFailure("the strategy must trade on every tick") }
                let body = CreateOrderRequest(
                    ticker: spec.ticker, clientOrderId: spec.clientOrderId, side: spec.side, count: spec.count, price: spec.price,
                    timeInForce: spec.timeInForce
                ).jsonBytes
                checksum &+= Int64(body.count)
                _ = session.process(TimedEvent(timeMs: time, .execution(.canceled(clientOrderId: spec.clientOrderId, canceledCount: spec.count, reason: "bench"))))
            }
            return checksum
        }
    }
}

/// A reproducible synthetic session for benchmarks: three ETH threshold markets and a valid
/// stream of market data around them.
enum SyntheticSession {
    static let looseLimits = RiskLimits(
        maxInventory: Quantity(contracts: 1_000_000_000), maxInventoryDev: Quantity(contracts: 1_000_000_000), minimumBalance: .zero,
        maxBalanceDev: Money(cents: 100_000_000_00), terminalExitTime: 0, maximumOrderbookStaleness: 1e9,
        minimumEdge: Money(cents: 3), maxOrderSize: Quantity(contracts: 1_000), maxOpenOrders: 1_000_000, maxOrdersPerSecond: 1_000_000_000)

    static func markets(closeMs: Int64) -> [MarketMetadata] {
        [2_980, 3_000, 3_020].map { strike in
            MarketMetadata(
                ticker: "KXETHD-BENCH-T\(strike - 1).99", eventTicker: "KXETHD-BENCH", seriesTicker: "KXETHD", strikeType: .greater,
                floorStrike: Money(cents: Int64(strike) * 100 - 1), openTimeMs: 0, closeTimeMs: closeMs)
        }
    }

    static func make(events count: Int, seed: UInt64) -> (SimulationRunner<BinaryEdgeStrategy>, [TimedEvent]) {
        let closeMs = Int64(count) + 10_000_000
        var engine = TradingEngine(
            strategy: BinaryEdgeStrategy(configuration: BinaryEdgeConfiguration(tradeSize: Quantity(contracts: 1))),
            startingBalance: Money(cents: 10_000_000), limits: looseLimits, sessionPrefix: "bench", recording: false)
        engine.recording = false
        var runner = SimulationRunner(engine: engine, exchange: SimulatedExchange())
        let ids = markets(closeMs: closeMs).map { runner.addMarket($0, asset: "ETH") }
        var random = SplitMix64(seed: seed)
        var sizes: [[[Int64]]] = Array(repeating: [Array(repeating: 0, count: 101), Array(repeating: 0, count: 101)], count: ids.count)
        var events: [TimedEvent] = []
        events.reserveCapacity(count + 16)
        events.append(TimedEvent(timeMs: 0, .volatility(asset: "ETH", sigma: 0.6)))
        for (index, id) in ids.enumerated() {
            var yes: [BookLevel] = []
            var no: [BookLevel] = []
            for cents in 35...47 {
                sizes[index][0][cents] = Int64(random.next(upTo: 300) + 1) * 100
                sizes[index][1][cents] = Int64(random.next(upTo: 300) + 1) * 100
                yes.append(BookLevel(price: .cents(cents), size: Quantity(units: sizes[index][0][cents])))
                no.append(BookLevel(price: .cents(cents), size: Quantity(units: sizes[index][1][cents])))
            }
            events.append(TimedEvent(timeMs: 0, .bookSnapshot(id, yes: yes, no: no)))
        }
        var spot: Int64 = 3_000_000_000
        var time: Int64 = 1
        while events.count < count {
            time += 1
            let roll = random.next(upTo: 100)
            if roll < 75 {
                let market = Int(random.next(upTo: UInt64(ids.count)))
                let leg = Int(random.next(upTo: 2))
                let cents = 47 - Int(min(random.next(upTo: 13), random.next(upTo: 13)))
                let current = sizes[market][leg][cents]
                let change: Int64 = random.next(upTo: 2) == 0 ? Int64(random.next(upTo: 200) + 1) * 100 : -min(current, Int64(random.next(upTo: 200) + 1) * 100)
                sizes[market][leg][cents] += change
                events.append(
                    TimedEvent(timeMs: time, .bookDelta(ids[market], BookDelta(side: leg == 0 ? .yes : .no, price: .cents(cents), delta: Quantity(units: change)))))
            } else if roll < 85 {
                let market = Int(random.next(upTo: UInt64(ids.count)))
                events.append(
                    TimedEvent(
                        timeMs: time, .publicTrade(ids[market], yesPrice: .cents(45 + Int(random.next(upTo: 8))), count: Quantity(contracts: 1 + Int(random.next(upTo: 20))), takerSide: random.next(upTo: 2) == 0 ? .bid : .ask)))
            } else if roll < 98 {
                spot += Int64(random.next(upTo: 2_000_001)) - 1_000_000
                events.append(TimedEvent(timeMs: time, .spot(SpotObservation(asset: "ETH", price: Money(micros: spot), venue: "bench", exchangeTimeMs: time))))
            } else {
                events.append(TimedEvent(timeMs: time, .timer))
            }
        }
        return (runner, events)
    }
}

extension Price {
    static func cents(_ value: Int) -> Price { Price(uncheckedTicks: Int64(value) * 100) }
}
