import KalshiClient
import KalshiCore
import Testing

@testable import TradingEngine

/// A long randomized session: random books, deltas, trades, spot and timers through the engine
/// and the simulated exchange, a strategy that places, amends and cancels at random, and random
/// settlements. The accounting identities are checked inside every strategy callback (right
/// after the engine booked the event) and after every fed event, and the final balance is
/// recomputed here from the fills the strategy saw.
struct AccountingInvariantTests {
    /// Trades at random and checks the books on every callback.
    struct RandomTrader: Strategy {
        let name = "random"
        var rng: SplitMix64
        private(set) var fills: [(timeMs: Int64, ticker: String, fill: ExecutionFill)] = []
        private(set) var violations: [String] = []
        private(set) var checks = 0
        private(set) var requests: [String: Int] = [:]

        init(seed: UInt64) { rng = SplitMix64(seed: seed) }

        mutating func onMarketUpdate(_ market: MarketID, state: EngineState, actions: inout StrategyActions) {
            check(state)
            act(state, &actions, market: market)
        }
        mutating func onSignal(asset: String, state: EngineState, actions: inout StrategyActions) {
            check(state)
            act(state, &actions, market: MarketID(Int.random(in: 0..<state.markets.count, using: &rng)))
        }
        mutating func onFill(_ fill: ExecutionFill, order: ManagedOrder, state: EngineState, actions: inout StrategyActions) {
            fills.append((state.nowMs, order.ticker, fill))
            check(state)
            if Int.random(in: 0..<4, using: &rng) == 0 { act(state, &actions, market: order.market) }
        }
        mutating func onOrderUpdate(_ order: ManagedOrder, state: EngineState, actions: inout StrategyActions) {
            check(state)
            if Int.random(in: 0..<4, using: &rng) == 0 { act(state, &actions, market: order.market) }
        }
        mutating func onTimer(state: EngineState, actions: inout StrategyActions) {
            check(state)
            act(state, &actions, market: MarketID(Int.random(in: 0..<state.markets.count, using: &rng)))
        }

        mutating func act(_ state: EngineState, _ actions: inout StrategyActions, market id: MarketID) {
            let market = state.market(id)
            let active = state.orders.activeOrders(in: id)
            for _ in 0..<Int.random(in: 0...2, using: &rng) {
                switch Int.random(in: 0..<10, using: &rng) {
                case 0..<5:
                    guard let bid = market.book.bestYesBid?.price.ticks, let ask = market.book.bestYesAsk?.price.ticks else {
                        continue
                    }
                    let side: BookSide = Bool.random(using: &rng) ? .bid : .ask
                    // Around the touch: sometimes marketable, sometimes resting, sometimes through.
                    let reference = side == .bid ? ask : bid
                    let ticks = min(
                        9_900, max(100, reference + Int64.random(in: -4...2, using: &rng) * (side == .bid ? 100 : -100)))
                    let tif: TimeInForce = [.goodTillCanceled, .goodTillCanceled, .immediateOrCancel, .fillOrKill].randomElement(
                        using: &rng)!
                    let count = Quantity(units: Int64.random(in: 1...12, using: &rng) * (Bool.random(using: &rng) ? 100 : 25))
                    actions.place(
                        id, side: side, price: Price(uncheckedTicks: ticks), count: count, timeInForce: tif,
                        postOnly: tif == .goodTillCanceled && Int.random(in: 0..<5, using: &rng) == 0)
                    requests["place", default: 0] += 1
                case 5..<7:
                    guard let order = active.randomElement(using: &rng) else { continue }
                    actions.cancel(order.clientOrderId)
                    requests["cancel", default: 0] += 1
                case 7..<9:
                    guard let order = active.randomElement(using: &rng) else { continue }
                    let ticks = min(9_900, max(100, order.price.ticks + Int64.random(in: -2...2, using: &rng) * 100))
                    // Mostly valid totals; now and then one at or below what filled (refused by the venue).
                    let total = Quantity(units: max(0, order.filled.units + Int64.random(in: -100...800, using: &rng)))
                    actions.amend(order.clientOrderId, price: Price(uncheckedTicks: ticks), totalCount: total)
                    requests["amend", default: 0] += 1
                default:
                    actions.cancelAll(id)
                    requests["cancelAll", default: 0] += 1
                }
            }
        }

        /// The identities that must hold after every event.
        mutating func check(_ state: EngineState) {
            checks += 1
            let portfolio = state.portfolio
            if !portfolio.isConsistent { violations.append("\(state.nowMs): portfolio inconsistent") }
            var signed: [String: Int64] = [:]
            for (_, ticker, fill) in fills {
                signed[ticker, default: 0] += fill.side == .bid ? fill.count.units : -fill.count.units
            }
            for market in state.markets {
                // Settled markets were paid out and closed.
                let expected = market.settlement == nil ? signed[market.ticker, default: 0] : 0
                if portfolio.position(market.ticker).units != expected {
                    violations.append(
                        "\(state.nowMs): \(market.ticker) position \(portfolio.position(market.ticker)) ≠ fills \(expected)")
                }
            }
            for order in state.orders.orders.values {
                if order.filled.units + order.canceled.units > order.count.units || order.filled.units < 0 {
                    violations.append(
                        "\(state.nowMs): \(order.clientOrderId) filled \(order.filled) + canceled \(order.canceled) > \(order.count)"
                    )
                }
            }
            if state.orders.anomalies > 0 || state.risk.halted != nil {
                violations.append(
                    "\(state.nowMs): anomalies \(state.orders.anomalies) halted \(String(describing: state.risk.halted))")
            }
        }
    }

    /// The displayed book of one market, in cents and 1/100 contracts, kept valid (never crossed).
    struct BookModel {
        var yes: [Int64: Int64] = [:]
        var no: [Int64: Int64] = [:]
        var bestYes: Int64 { yes.filter { $0.value > 0 }.keys.max() ?? 0 }
        var bestNo: Int64 { no.filter { $0.value > 0 }.keys.max() ?? 0 }

        static func random(_ rng: inout SplitMix64) -> BookModel {
            var model = BookModel()
            let bid = Int64.random(in: 5...85, using: &rng)
            let ask = bid + Int64.random(in: 1...5, using: &rng)
            for step in 0..<Int64.random(in: 1...4, using: &rng) where bid - step >= 1 {
                model.yes[bid - step] = Int64.random(in: 1...4_000, using: &rng)
            }
            for step in 0..<Int64.random(in: 1...4, using: &rng) where 100 - ask - step >= 1 {
                model.no[100 - ask - step] = Int64.random(in: 1...4_000, using: &rng)
            }
            return model
        }

        func levels(_ side: [Int64: Int64]) -> [BookLevel] {
            side.filter { $0.value > 0 }.sorted { $0.key < $1.key }.map {
                BookLevel(price: Price(uncheckedTicks: $0.key * 100), size: Quantity(units: $0.value))
            }
        }

        /// A random valid change, or nil.
        mutating func randomDelta(_ rng: inout SplitMix64) -> BookDelta? {
            let leg: OutcomeSide = Bool.random(using: &rng) ? .yes : .no
            let best = leg == .yes ? bestYes : bestNo
            let other = leg == .yes ? bestNo : bestYes
            let cents = Int64.random(in: max(1, best - 4)...max(1, min(99, 99 - other)), using: &rng)
            guard cents + other < 100 else { return nil }
            let current = (leg == .yes ? yes[cents] : no[cents]) ?? 0
            let change = Int64.random(in: -current...2_000, using: &rng)
            guard change != 0 else { return nil }
            if leg == .yes { yes[cents] = current + change } else { no[cents] = current + change }
            return BookDelta(side: leg, price: Price(uncheckedTicks: cents * 100), delta: Quantity(units: change))
        }
    }

    struct Session {
        var runner: SimulationRunner<RandomTrader>
        var markets: [MarketMetadata]
        var events = 0
        var feedChecks: [String] = []
    }

    static let start = t0
    static let closeA = t0 + 30 * 60_000
    static let closeB = t0 + 45 * 60_000

    static func runSession(seed: UInt64, steps: Int) -> Session {
        var rng = SplitMix64(seed: seed)
        let markets = [
            ethMarket("A-2990", strike: "2990", event: "A", closeMs: closeA),
            ethMarket("A-3000", strike: "3000", event: "A", closeMs: closeA),
            ethMarket("A-3010", strike: "3010", event: "A", strikeType: .greaterOrEqual, closeMs: closeA),
            ethMarket("B-RANGE", strike: "2995", event: "B", strikeType: .between, cap: "3005", closeMs: closeB),
            ethMarket("B-BELOW", strike: "0", event: "B", strikeType: .less, cap: "3000", closeMs: closeB),
        ]
        let limits = RiskLimits(
            maxInventory: qty(200), maxInventoryDev: qty(1_000), minimumBalance: .zero, maxBalanceDev: dollars("1000000"),
            terminalExitTime: 30, maximumOrderbookStaleness: 10, maxOrderSize: qty(50), maxOpenOrders: 40, maxOrdersPerSecond: 50)
        let engine = TradingEngine(
            strategy: RandomTrader(seed: seed &+ 1), startingBalance: dollars("10000"), limits: limits, sessionPrefix: "X",
            recording: false)
        var session = Session(
            runner: SimulationRunner(
                engine: engine,
                exchange: SimulatedExchange(
                    configuration: SimulatedExchangeConfiguration(
                        entryLatencyMs: Int64.random(in: 0...80, using: &rng),
                        acknowledgementLatencyMs: Int64.random(in: 0...80, using: &rng),
                        queueModel: Bool.random(using: &rng) ? .conservative : .probabilistic, settlementDelayMs: 1_000))),
            markets: markets)
        for market in markets { session.runner.addMarket(market, asset: "ETH") }
        var books = markets.map { _ in BookModel.random(&rng) }
        var spotValue: Int64 = 3_000_000_000  // micro-dollars
        var time = start
        func feed(_ event: EngineEvent) {
            session.runner.feed(TimedEvent(timeMs: time, event))
            session.events += 1
            // The same checks on the state after everything this event led to.
            var strategy = session.runner.engine.strategy
            let before = strategy.violations.count
            strategy.check(session.runner.engine.state)
            if strategy.violations.count > before, session.feedChecks.count < 5 {
                session.feedChecks += strategy.violations[before...]
            }
        }
        feed(.volatility(asset: "ETH", sigma: 0.6))
        for (index, book) in books.enumerated() {
            feed(.bookSnapshot(MarketID(index), yes: book.levels(book.yes), no: book.levels(book.no)))
        }
        for _ in 0..<steps {
            time += Int64.random(in: 1...900, using: &rng)
            let index = Int.random(in: 0..<markets.count, using: &rng)
            let id = MarketID(index)
            switch Int.random(in: 0..<100, using: &rng) {
            case 0..<6:
                books[index] = BookModel.random(&rng)
                feed(.bookSnapshot(id, yes: books[index].levels(books[index].yes), no: books[index].levels(books[index].no)))
            case 6..<50:
                if let delta = books[index].randomDelta(&rng) { feed(.bookDelta(id, delta)) }
            case 50..<62:
                // A trade at the touch, then the delta that reports it.
                let sellerHits = Bool.random(using: &rng)
                let leg: OutcomeSide = sellerHits ? .yes : .no
                let cents = sellerHits ? books[index].bestYes : books[index].bestNo
                let size = (sellerHits ? books[index].yes[cents] : books[index].no[cents]) ?? 0
                guard cents > 0, size > 0 else { continue }
                let traded = Int64.random(in: 1...size, using: &rng)
                let yesPrice = Price(uncheckedTicks: (sellerHits ? cents : 100 - cents) * 100)
                feed(.publicTrade(id, yesPrice: yesPrice, count: Quantity(units: traded), takerSide: sellerHits ? .ask : .bid))
                if leg == .yes { books[index].yes[cents] = size - traded } else { books[index].no[cents] = size - traded }
                feed(
                    .bookDelta(
                        id, BookDelta(side: leg, price: Price(uncheckedTicks: cents * 100), delta: Quantity(units: -traded))))
            case 62..<85:
                spotValue += Int64.random(in: -3_000_000...3_000_000, using: &rng)
                feed(
                    spot(
                        Money(micros: spotValue).formatted(decimals: 6), atMs: time,
                        stale: Int.random(in: 0..<50, using: &rng) == 0))
            case 85..<87:
                feed(.bookUntrusted(id))
            default:
                feed(.timer)
            }
        }
        // Past both closes: the exchange settles on the next events.
        time = max(time, closeB) + 2_000
        feed(.timer)
        time += 1_000
        feed(.timer)
        session.runner.finish()
        return session
    }

    @Test(arguments: [11, 12, 13] as [UInt64])
    func accountingHoldsAfterEveryEvent(seed: UInt64) async throws {
        // Seconds of computation, on a thread of its own rather than one of the cooperative
        // pool's (one per core), which the suite's network tests and demos need meanwhile.
        let session = await OwnThread.run { Handed(Self.runSession(seed: seed, steps: 6_000)) }.value
        let state = session.runner.engine.state
        let trader = session.runner.engine.strategy
        #expect(trader.violations.isEmpty, "\(trader.violations.prefix(5))")
        #expect(session.feedChecks.isEmpty, "\(session.feedChecks)")
        #expect(session.events > 6_000)
        #expect(trader.checks > 2_000)
        #expect(trader.fills.count > 100)
        #expect(trader.requests["amend", default: 0] > 50 && trader.requests["cancel", default: 0] > 50)

        // Recompute the balance from the fills alone.
        var positions: [String: Int64] = [:]
        var premium = Money.zero, redemptions = Money.zero, fees = Money.zero
        var boughtNotional = Money.zero, soldNotional = Money.zero
        for (timeMs, ticker, fill) in trader.fills {
            let close = session.markets.first { $0.ticker == ticker }!.closeTimeMs
            #expect(timeMs <= close + session.runner.exchange.configuration.acknowledgementLatencyMs, "fill after the close")
            let held = positions[ticker, default: 0]
            let units = fill.count.units
            // Ticks × units = micro-dollars.
            if fill.side == .bid {
                premium = premium + Money(micros: fill.yesPrice.ticks * units)
                boughtNotional = boughtNotional + Money(micros: fill.yesPrice.ticks * units)
                redemptions = redemptions + Money(micros: 10_000 * min(units, max(0, -held)))
                positions[ticker] = held + units
            } else {
                premium = premium + Money(micros: (10_000 - fill.yesPrice.ticks) * units)
                soldNotional = soldNotional + Money(micros: fill.yesPrice.ticks * units)
                redemptions = redemptions + Money(micros: 10_000 * min(units, max(0, held)))
                positions[ticker] = held - units
            }
            fees = fees + fill.fee
        }
        var payouts = Money.zero, signedSettlement = Money.zero
        var settled = 0
        for (index, market) in session.markets.enumerated() {
            let value = try #require(session.runner.exchange.settlementValue(MarketID(index)), "\(market.ticker) did not settle")
            settled += 1
            // The outcome, decided here from the strikes.
            let floor = market.floorStrike!.micros, cap = market.capStrike?.micros ?? 0, v = value.micros
            let yes: Bool =
                switch market.strikeType {
                case .greater: v > floor
                case .greaterOrEqual: v >= floor
                case .less: v < cap
                case .between: v >= floor && v <= cap
                default: false
                }
            let position = positions[market.ticker, default: 0]
            payouts = payouts + Money(micros: 10_000 * (yes ? max(0, position) : max(0, -position)))
            signedSettlement = signedSettlement + Money(micros: yes ? 10_000 * position : 0)
            #expect(state.market(MarketID(index)).settlement?.result == (yes ? .yes : .no))
            #expect(state.portfolio.position(market.ticker) == .zero)
        }
        #expect(settled == 5)
        let start = dollars("10000")
        #expect(state.portfolio.fees == fees)
        #expect(state.portfolio.premiumPaid == premium)
        #expect(state.portfolio.redemptions == redemptions)
        #expect(state.portfolio.totalSettlementPayouts == payouts)
        #expect(state.portfolio.cash == start - premium + redemptions - fees + payouts)
        // The same, as bought and sold YES notional with signed settlement (short YES pays $1 if YES wins).
        #expect(state.portfolio.cash == start - boughtNotional + soldNotional - fees + signedSettlement)
        #expect(state.portfolio.isConsistent)
        #expect(state.orders.activeOrderCount == 0)
        #expect(state.orders.orders.values.allSatisfy { $0.filled.units + $0.canceled.units <= $0.count.units })
    }

    @Test func aRandomSessionReplaysIdentically() {
        let first = Self.runSession(seed: 7, steps: 1_500)
        let second = Self.runSession(seed: 7, steps: 1_500)
        #expect(first.runner.engine.strategy.fills.map(\.fill) == second.runner.engine.strategy.fills.map(\.fill))
        #expect(first.runner.engine.state.portfolio.cash == second.runner.engine.state.portfolio.cash)
        #expect(first.runner.processedEvents == second.runner.processedEvents)
        #expect(!first.runner.engine.strategy.fills.isEmpty)
    }
}
