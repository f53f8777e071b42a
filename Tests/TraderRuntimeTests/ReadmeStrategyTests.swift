import KalshiCore
import Testing
import TradingEngine

/// The strategy example of the README, compiled and run: writing a strategy is one type.
struct CheapYes: Strategy {
    let name = "cheap-yes"

    mutating func onMarketUpdate(_ market: MarketID, state: EngineState, actions: inout StrategyActions) {
        guard let ask = state.market(market).book.bestYesAsk, ask.price <= (try! Price(parsing: "0.10")) else { return }
        actions.buy(market, price: ask.price, count: Quantity(contracts: 1))
    }
}

struct ReadmeStrategyTests {
    @Test func theReadmeStrategyTradesThroughTheSimulatedExchange() throws {
        let engine = TradingEngine(strategy: CheapYes(), startingBalance: Money(cents: 100_000), limits: RiskLimits(), sessionPrefix: "t")
        var runner = SimulationRunner(engine: engine, exchange: SimulatedExchange())
        let market = MarketMetadata(
            ticker: "KXETHD-T", eventTicker: "KXETHD", strikeType: .greater, floorStrike: Money(cents: 300_000), openTimeMs: 0,
            closeTimeMs: 3_600_000)
        let id = runner.addMarket(market, asset: nil)
        // YES ask 0.08 (a NO bid at 0.92): cheap enough.
        runner.feed(
            TimedEvent(
                timeMs: 1_000,
                .bookSnapshot(id, yes: [BookLevel(price: try Price(parsing: "0.05"), size: Quantity(contracts: 10))], no: [BookLevel(price: try Price(parsing: "0.92"), size: Quantity(contracts: 10))])))
        runner.feed(TimedEvent(timeMs: 2_000, .timer))
        #expect(runner.engine.state.portfolio.position("KXETHD-T") == Quantity(contracts: 1))
        // 0.08 premium and a ceil4(0.07 × 0.08 × 0.92) = 0.0052 taker fee.
        #expect(runner.engine.state.portfolio.cash == Money(micros: 1_000_000_000 - 80_000 - 5_200))
    }
}
