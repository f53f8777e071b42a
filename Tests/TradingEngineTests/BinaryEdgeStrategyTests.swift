import KalshiCore
import Pricing
import Strategies
import Testing

@testable import TradingEngine

/// BinaryEdgeStrategy through the engine: books, spot and volatility built so that each branch
/// happens, with the fair value computed here from Pricing.BinaryOption (the edge logic is
/// checked under plain N(d2); `SettlementModelStrategyTests` checks the default model).
struct BinaryEdgeStrategyTests {
    static let close = t0 + 3_600_000
    /// Half an hour before the close.
    static let now = close - 1_800_000
    static let sigma = 0.5
    static let minimumEdge = 0.03

    static func configuration(strikes: BinaryEdgeConfiguration.StrikeSelection = .nearest, nearest: Int = 3)
        -> BinaryEdgeConfiguration
    {
        BinaryEdgeConfiguration(
            tradeSize: qty(5), minimumEdge: dollars("0.03"), strikes: strikes, nearestStrikes: nearest, cooldownSeconds: 2,
            orderTimeoutSeconds: 10, model: .blackScholes)
    }

    static func engine(
        _ markets: [MarketMetadata], configuration: BinaryEdgeConfiguration = configuration()
    ) -> TradingEngine<BinaryEdgeStrategy> {
        var engine = TradingEngine(
            strategy: BinaryEdgeStrategy(configuration: configuration), startingBalance: dollars("1000"), limits: looseLimits(),
            sessionPrefix: "B")
        for market in markets { engine.addMarket(market, asset: "ETH") }
        return engine
    }

    /// P(ETH above `strike` at the close), as the strategy should see it.
    static func fair(spot: Double, strike: Double, atMs: Int64 = now) -> Double {
        try! BinaryOption.yesProbability(
            spot: spot, strike: strike, volatility: sigma,
            yearsToExpiry: BinaryOption.years(fromSeconds: Double(close - atMs) / 1_000))
    }

    static func feeDollars(cents: Int64) -> Double { Double(takerFeeByHand(cents: cents, contracts: 1).micros) / 1e6 }
    static func buyEdge(fair: Double, askCents: Int64) -> Double {
        fair - Double(askCents * 100) / 10_000 - feeDollars(cents: askCents)
    }
    static func sellEdge(fair: Double, bidCents: Int64) -> Double {
        Double(bidCents * 100) / 10_000 - fair - feeDollars(cents: bidCents)
    }

    static func book(_ engine: inout TradingEngine<BinaryEdgeStrategy>, _ id: MarketID, bid: Int64, ask: Int64, at timeMs: Int64)
        -> [VenueCommand]
    {
        engine.process(
            TimedEvent(
                timeMs: timeMs,
                .bookSnapshot(
                    id, yes: [BookLevel(price: Price(uncheckedTicks: bid * 100), size: qty(20))],
                    no: [BookLevel(price: Price(uncheckedTicks: (100 - ask) * 100), size: qty(20))])))
    }

    enum Branch: String, CaseIterable, Sendable { case buy, sell, holdBelowBuy, holdAboveSell }

    @Test(arguments: Branch.allCases)
    func tradesOnlyWhenTheEdgeBeatsTheMinimumPlusTheFee(branch: Branch) throws {
        let fair = Self.fair(spot: 3000, strike: 3000)
        // The highest ask worth buying and the lowest bid worth selling into, found here.
        let askCents = try #require((1...99).reversed().first { Self.buyEdge(fair: fair, askCents: $0) > Self.minimumEdge })
        let bidCents = try #require((1...99).first { Self.sellEdge(fair: fair, bidCents: $0) > Self.minimumEdge })
        #expect(askCents < 50 && bidCents > 50)  // fair ≈ 0.499, fee ≈ 0.017
        let (bid, ask): (Int64, Int64) =
            switch branch {
            case .buy: (askCents - 5, askCents)
            case .holdBelowBuy: (askCents - 5, askCents + 1)
            case .sell: (bidCents, bidCents + 5)
            case .holdAboveSell: (bidCents - 1, bidCents + 5)
            }
        var engine = Self.engine([ethMarket("T3000", strike: "3000", closeMs: Self.close)])
        let id = MarketID(0)
        _ = Self.book(&engine, id, bid: bid, ask: ask, at: Self.now - 500)
        _ = engine.process(TimedEvent(timeMs: Self.now - 500, .volatility(asset: "ETH", sigma: Self.sigma)))
        let commands = engine.process(TimedEvent(timeMs: Self.now, spot("3000", atMs: Self.now)))
        let decisions = engine.drainRecords().decisions
        let buyEdge = Self.buyEdge(fair: fair, askCents: ask)
        let sellEdge = Self.sellEdge(fair: fair, bidCents: bid)
        let (action, edge): (String, Double) =
            switch branch {
            case .buy: ("buy", buyEdge)
            case .sell: ("sell", sellEdge)
            case .holdBelowBuy, .holdAboveSell: ("hold", max(buyEdge, sellEdge))
            }
        let expected = Decision(
            timeMs: Self.now, ticker: "T3000", spot: dollars("3000"), volatility: Self.sigma, secondsToClose: 1_800, fair: fair,
            bid: Price(uncheckedTicks: bid * 100), ask: Price(uncheckedTicks: ask * 100), edge: edge, action: action)
        #expect(decisions == [expected])
        let expectedCommands: [VenueCommand] =
            switch branch {
            case .buy:
                [
                    .place(
                        OrderSpec(
                            clientOrderId: "B-1", market: id, ticker: "T3000", side: .bid,
                            price: Price(uncheckedTicks: ask * 100), count: qty(5), timeInForce: .immediateOrCancel))
                ]
            case .sell:
                [
                    .place(
                        OrderSpec(
                            clientOrderId: "B-1", market: id, ticker: "T3000", side: .ask,
                            price: Price(uncheckedTicks: bid * 100), count: qty(5), timeInForce: .immediateOrCancel))
                ]
            case .holdBelowBuy, .holdAboveSell: []
            }
        #expect(commands == expectedCommands)
    }

    @Test func fairValueFollowsTheStrikeType() throws {
        let spot = dollars("3000")
        let market = { (metadata: MarketMetadata) in MarketState(id: MarketID(0), metadata: metadata, asset: "ETH") }
        func strategyFair(_ metadata: MarketMetadata) throws -> Double {
            try #require(
                BinaryEdgeStrategy.fairValue(of: market(metadata), spot: spot, volatility: Self.sigma, nowMs: Self.now, rate: 0))
        }
        #expect(try strategyFair(ethMarket("G", strike: "3010", closeMs: Self.close)) == Self.fair(spot: 3000, strike: 3010))
        let less = ethMarket("L", strike: "0", strikeType: .less, cap: "2990", closeMs: Self.close)
        #expect(try strategyFair(less) == 1 - Self.fair(spot: 3000, strike: 2990))
        let between = ethMarket("B", strike: "2990", strikeType: .between, cap: "3010", closeMs: Self.close)
        let expected = Self.fair(spot: 3000, strike: 2990) - Self.fair(spot: 3000, strike: 3010)
        #expect(abs(try strategyFair(between) - expected) < 1e-15)
        #expect(expected > 0.1 && expected < 0.9)
        let custom = ethMarket("C", strikeType: .custom, closeMs: Self.close)
        #expect(
            BinaryEdgeStrategy.fairValue(of: market(custom), spot: spot, volatility: Self.sigma, nowMs: Self.now, rate: 0) == nil)
    }

    static let ladder = ["2900", "2950", "3000", "3050", "3100"].map { ethMarket("T\($0)", strike: $0, closeMs: close) }

    static func evaluatedTickers(_ engine: inout TradingEngine<BinaryEdgeStrategy>, spot value: String, at timeMs: Int64)
        -> [String]
    {
        _ = engine.drainRecords()
        _ = engine.process(TimedEvent(timeMs: timeMs, spot(value, atMs: timeMs)))
        return engine.drainRecords().decisions.map(\.ticker)
    }

    @Test func tradesTheStrikesNearestTheSpot() {
        var engine = Self.engine(Self.ladder)
        for id in 0..<Self.ladder.count { _ = Self.book(&engine, MarketID(id), bid: 40, ask: 60, at: Self.now - 500) }
        _ = engine.process(TimedEvent(timeMs: Self.now - 500, .volatility(asset: "ETH", sigma: Self.sigma)))
        // Distances from 3010: 110, 60, 10, 40, 90.
        #expect(Self.evaluatedTickers(&engine, spot: "3010", at: Self.now) == ["T2950", "T3000", "T3050"])
        // From 3090: 190, 140, 90, 40, 10.
        #expect(Self.evaluatedTickers(&engine, spot: "3090", at: Self.now + 1_000) == ["T3000", "T3050", "T3100"])
        // A book update of an unselected market is not valued.
        _ = engine.drainRecords()
        _ = Self.book(&engine, MarketID(0), bid: 41, ask: 60, at: Self.now + 1_100)
        #expect(engine.drainRecords().decisions.isEmpty)
        _ = Self.book(&engine, MarketID(4), bid: 41, ask: 60, at: Self.now + 1_200)
        #expect(engine.drainRecords().decisions.map(\.ticker) == ["T3100"])

        var everything = Self.engine(Self.ladder, configuration: Self.configuration(strikes: .all))
        #expect(Self.evaluatedTickers(&everything, spot: "3010", at: Self.now) == Self.ladder.map(\.ticker))
    }

    @Test func firstSpotRightAfterTheBookSelectsMarkets() {
        var engine = Self.engine(Self.ladder)
        for id in 0..<Self.ladder.count { _ = Self.book(&engine, MarketID(id), bid: 40, ask: 60, at: Self.now - 100) }
        _ = engine.process(TimedEvent(timeMs: Self.now - 100, .volatility(asset: "ETH", sigma: Self.sigma)))
        // The books came 100 ms before the first spot: the spot must still pick the strikes.
        #expect(Self.evaluatedTickers(&engine, spot: "3010", at: Self.now) == ["T2950", "T3000", "T3050"])
    }

    @Test func cooldownThenCancelOwnOrdersBeforeRequoting() {
        let fair = Self.fair(spot: 3000, strike: 3000)
        let ask = (1...99).reversed().first { Self.buyEdge(fair: fair, askCents: $0) > 0.05 }!
        var engine = Self.engine([ethMarket("T3000", strike: "3000", closeMs: Self.close)])
        let id = MarketID(0)
        _ = Self.book(&engine, id, bid: ask - 5, ask: ask, at: Self.now - 500)
        _ = engine.process(TimedEvent(timeMs: Self.now - 500, .volatility(asset: "ETH", sigma: Self.sigma)))
        let first = engine.process(TimedEvent(timeMs: Self.now, spot("3000", atMs: Self.now)))
        #expect(first.compactMap(\.placed).map(\.clientOrderId) == ["B-1"])
        _ = engine.process(TimedEvent(timeMs: Self.now + 100, .execution(.accepted(clientOrderId: "B-1", orderId: "x1"))))
        // 1.999 s later: still cooling down.
        #expect(engine.process(TimedEvent(timeMs: Self.now + 1_999, spot("3000", atMs: Self.now + 1_999))).isEmpty)
        // 2 s later: the open B-1 is canceled before B-2 goes out.
        let second = engine.process(TimedEvent(timeMs: Self.now + 2_000, spot("3000", atMs: Self.now + 2_000)))
        #expect(second.map(\.canceledId) == ["B-1", nil])
        #expect(second.compactMap(\.placed).map(\.clientOrderId) == ["B-2"])
        #expect(engine.drainRecords().decisions.map(\.action) == ["buy", "cooldown", "buy"])
        // The timer cancels orders older than the order timeout (10 s), and only those.
        _ = engine.process(TimedEvent(timeMs: Self.now + 2_100, .execution(.accepted(clientOrderId: "B-2", orderId: "x2"))))
        #expect(engine.process(TimedEvent(timeMs: Self.now + 11_999, .timer)).isEmpty)
        #expect(engine.process(TimedEvent(timeMs: Self.now + 12_000, .timer)).compactMap(\.canceledId) == ["B-2"])
    }

    @Test func missingInputsAndUntradableBooksAreRecordedNotTraded() {
        let fair = Self.fair(spot: 3000, strike: 3000)
        let ask = (1...99).reversed().first { Self.buyEdge(fair: fair, askCents: $0) > 0.05 }!
        var engine = Self.engine([ethMarket("T3000", strike: "3000", closeMs: Self.close)])
        let id = MarketID(0)
        _ = Self.book(&engine, id, bid: ask - 5, ask: ask, at: Self.now - 500)
        // No volatility yet: no valuation.
        #expect(engine.process(TimedEvent(timeMs: Self.now, spot("3000", atMs: Self.now))).isEmpty)
        let noValuation = engine.drainRecords().decisions
        #expect(noValuation.map(\.action) == ["no_valuation"])
        #expect(noValuation.first?.fair == nil)
        #expect(noValuation.first?.spot == dollars("3000"))
        _ = engine.process(TimedEvent(timeMs: Self.now + 100, .volatility(asset: "ETH", sigma: Self.sigma)))
        // The feed loses the book: an edge on a book we cannot trust is not traded.
        #expect(engine.process(TimedEvent(timeMs: Self.now + 200, .bookUntrusted(id))).isEmpty)
        let untradable = engine.drainRecords().decisions
        #expect(untradable.map(\.action) == ["book_untradable"])
        #expect(untradable.first?.fair != nil)
    }
}
