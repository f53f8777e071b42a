import KalshiCore
import Strategies
import Testing

@testable import TradingEngine

/// `order_style: make`: one post-only order resting at the touch while its edge lasts.
struct BinaryEdgeMakerTests {
    typealias B = BinaryEdgeStrategyTests

    static func engine() -> TradingEngine<BinaryEdgeStrategy> {
        var configuration = B.configuration()
        configuration.orderStyle = .make
        return B.engine([ethMarket("T3000", strike: "3000", closeMs: B.close)], configuration: configuration)
    }

    @Test func joinsTheBidFollowsTheTouchAndPullsWhenTheEdgeGoes() throws {
        var engine = Self.engine()
        let id = MarketID(0)
        let fair = B.fair(spot: 3000, strike: 3000)
        // Fair ≈ 0.499 against a 0.40 bid (maker fee 0 on the quadratic schedule): worth joining.
        #expect(fair - 0.40 > B.minimumEdge)
        _ = B.book(&engine, id, bid: 40, ask: 60, at: B.now - 500)
        _ = engine.process(TimedEvent(timeMs: B.now - 500, .volatility(asset: "ETH", sigma: B.sigma)))
        let first = engine.process(TimedEvent(timeMs: B.now, spot("3000", atMs: B.now)))
        let quote = try #require(first.compactMap(\.placed).first)
        #expect(first.count == 1)
        #expect(quote.side == .bid && quote.price == Price(uncheckedTicks: 4_000))
        #expect(quote.timeInForce == .goodTillCanceled && quote.postOnly)
        _ = engine.process(TimedEvent(timeMs: B.now + 100, .execution(.accepted(clientOrderId: quote.clientOrderId, orderId: "x1"))))
        // The same touch: the order keeps resting.
        #expect(engine.process(TimedEvent(timeMs: B.now + 3_000, spot("3000", atMs: B.now + 3_000))).isEmpty)
        // The bid moves up: the old quote is canceled and a new one joins the new touch.
        let moved = B.book(&engine, id, bid: 42, ask: 60, at: B.now + 3_100)
        #expect(moved.compactMap(\.canceledId) == [quote.clientOrderId])
        let second = try #require(moved.compactMap(\.placed).first)
        #expect(second.price == Price(uncheckedTicks: 4_200) && second.postOnly)
        _ = engine.process(TimedEvent(timeMs: B.now + 3_300, .execution(.accepted(clientOrderId: second.clientOrderId, orderId: "x2"))))
        // The book tightens around fair value: no side has the edge any more, so the quote is pulled.
        let pulled = B.book(&engine, id, bid: 48, ask: 51, at: B.now + 3_400)
        #expect(pulled.compactMap(\.canceledId) == [second.clientOrderId])
        #expect(pulled.compactMap(\.placed).isEmpty)
        let actions = engine.drainRecords().decisions.map(\.action)
        #expect(actions.first == "quote_buy" && actions.contains("resting") && actions.last == "pull")
    }

    @Test func sellsAtTheAskWhenFairValueIsBelowIt() throws {
        var engine = Self.engine()
        let id = MarketID(0)
        _ = B.book(&engine, id, bid: 30, ask: 60, at: B.now - 500)
        _ = engine.process(TimedEvent(timeMs: B.now - 500, .volatility(asset: "ETH", sigma: B.sigma)))
        // Spot well below the strike: fair ≈ 0.3, so the 0.30 bid is not worth joining and the 0.60 ask is.
        let fair = B.fair(spot: 2960, strike: 3000)
        #expect(0.60 - fair > B.minimumEdge && fair - 0.30 < B.minimumEdge)
        let commands = engine.process(TimedEvent(timeMs: B.now, spot("2960", atMs: B.now)))
        let quote = try #require(commands.compactMap(\.placed).first)
        #expect(quote.side == .ask && quote.price == Price(uncheckedTicks: 6_000) && quote.postOnly)
    }

    @Test func anOlderQuoteStillPendingWhenTheTouchMovedIsCanceledOnceAcknowledged() throws {
        var engine = Self.engine()
        let id = MarketID(0)
        _ = B.book(&engine, id, bid: 40, ask: 60, at: B.now - 500)
        _ = engine.process(TimedEvent(timeMs: B.now - 500, .volatility(asset: "ETH", sigma: B.sigma)))
        let first = try #require(engine.process(TimedEvent(timeMs: B.now, spot("3000", atMs: B.now))).compactMap(\.placed).first)
        // The touch moves after the cooldown while the first quote is still unacknowledged: a
        // second quote joins the new touch and the pending one cannot be canceled yet.
        let moved = B.book(&engine, id, bid: 42, ask: 60, at: B.now + 2_500)
        #expect(moved.compactMap(\.canceledId).isEmpty)
        let second = try #require(moved.compactMap(\.placed).first)
        #expect(second.price == Price(uncheckedTicks: 4_200))
        // Both are acknowledged; the next evaluation keeps the 0.42 quote and cancels the 0.40 one.
        _ = engine.process(TimedEvent(timeMs: B.now + 2_600, .execution(.accepted(clientOrderId: first.clientOrderId, orderId: "x1"))))
        _ = engine.process(TimedEvent(timeMs: B.now + 2_600, .execution(.accepted(clientOrderId: second.clientOrderId, orderId: "x2"))))
        let next = engine.process(TimedEvent(timeMs: B.now + 2_700, spot("3000", atMs: B.now + 2_700)))
        #expect(next.compactMap(\.canceledId) == [first.clientOrderId])
        #expect(next.compactMap(\.placed).isEmpty)
    }
}
