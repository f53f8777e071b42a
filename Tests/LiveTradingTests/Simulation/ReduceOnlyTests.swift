import KalshiAPI
import KalshiCore
import Testing
import TradingEngine

@testable import LiveTrading

/// Closing orders go out `reduce_only`: an immediate-or-cancel order that only takes off (part
/// of) the position held, and no other.
@Suite struct ReduceOnlyTests {
    @Test func onlyImmediateOrdersThatTakeOffThePositionAreReduceOnly() throws {
        var engine = TradingEngine(
            strategy: LiveCoreTests.BuyOnce(), startingBalance: Money(cents: 100_000), limits: RiskLimits(minimumBalance: .zero),
            sessionPrefix: "t")
        let market = LiveCoreTests.market
        let id = engine.addMarket(market, asset: nil)
        let price = try Price(cents: 40)
        engine.restoreOrder(
            OrderSpec(
                clientOrderId: "t-1", market: id, ticker: market.ticker, side: .bid, price: price, count: Quantity(contracts: 5),
                timeInForce: .immediateOrCancel), timeMs: 1)
        engine.restoreReport(
            .fill(
                ExecutionFill(
                    clientOrderId: "t-1", tradeId: "x-1", side: .bid, yesPrice: price, count: Quantity(contracts: 5), fee: .zero,
                    isTaker: true)), timeMs: 2)
        #expect(engine.state.portfolio.position(market.ticker) == Quantity(contracts: 5))

        func spec(_ side: BookSide, _ contracts: Int, _ timeInForce: TimeInForce) -> OrderSpec {
            OrderSpec(
                clientOrderId: "t-x", market: id, ticker: market.ticker, side: side, price: price, count: Quantity(contracts: contracts),
                timeInForce: timeInForce)
        }
        #expect(engine.closesPosition(spec(.ask, 3, .immediateOrCancel)))
        #expect(engine.closesPosition(spec(.ask, 5, .immediateOrCancel)))
        #expect(!engine.closesPosition(spec(.ask, 6, .immediateOrCancel)), "would cross through zero")
        #expect(!engine.closesPosition(spec(.ask, 3, .goodTillCanceled)), "the exchange takes reduce_only with IOC only")
        #expect(!engine.closesPosition(spec(.bid, 1, .immediateOrCancel)), "adds to the position")

        // The flag reaches the wire.
        var closing = spec(.ask, 3, .immediateOrCancel)
        closing.reduceOnly = true
        #expect(LiveVenue.request(closing).reduceOnly == true)
        #expect(LiveVenue.request(spec(.bid, 1, .immediateOrCancel)).reduceOnly == nil)
    }
}
