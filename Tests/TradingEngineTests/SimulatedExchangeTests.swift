import KalshiCore
import Testing

@testable import TradingEngine

/// The simulated exchange: matching against displayed depth, fees, queue positions, latency,
/// amend/cancel and the close.
/// The one market of these tests.
private let m = MarketID(0)

struct SimulatedExchangeTests {

    /// An exchange with one market and no latency, so report times equal action times.
    static func exchange(
        model: SimulatedExchangeConfiguration.QueueModel = .conservative, fees: FeeSchedule = FeeSchedule(),
        yes: [BookLevel] = bids([("0.49", 5), ("0.48", 5), ("0.47", 5)]),
        no: [BookLevel] = asks([("0.50", 3), ("0.52", 4), ("0.55", 10)])
    ) -> SimulatedExchange {
        var exchange = SimulatedExchange(
            configuration: SimulatedExchangeConfiguration(entryLatencyMs: 0, acknowledgementLatencyMs: 0, queueModel: model))
        exchange.addMarket(m, metadata: ethMarket("M", fees: fees), asset: "ETH")
        _ = exchange.observe(TimedEvent(timeMs: t0, .bookSnapshot(m, yes: yes, no: no)))
        return exchange
    }

    static func spec(
        _ id: String, _ side: BookSide, _ priceText: String, _ count: Int, _ tif: TimeInForce = .immediateOrCancel,
        postOnly: Bool = false
    ) -> OrderSpec {
        OrderSpec(
            clientOrderId: id, market: m, ticker: "M", side: side, price: price(priceText), count: qty(count), timeInForce: tif,
            postOnly: postOnly)
    }

    static func reports(_ events: [TimedEvent]) -> [ExecutionReport] {
        events.compactMap { if case .execution(let report) = $0.event { report } else { nil } }
    }

    static func fills(_ events: [TimedEvent]) -> [ExecutionFill] {
        reports(events).compactMap { if case .fill(let fill) = $0 { fill } else { nil } }
    }

    /// (YES price, count, fee, taker) of each fill, for compact comparisons.
    static func summary(_ events: [TimedEvent]) -> [String] {
        fills(events).map { "\($0.yesPrice)×\($0.count) fee \($0.fee)\($0.isTaker ? " taker" : " maker")" }
    }

    static func place(_ exchange: inout SimulatedExchange, _ spec: OrderSpec, at timeMs: Int64 = t0 + 1) -> [TimedEvent] {
        exchange.arrive(.place(spec), atMs: timeMs)
    }

    static func delta(_ side: OutcomeSide, _ priceText: String, _ change: Int) -> EngineEvent {
        .bookDelta(m, BookDelta(side: side, price: price(priceText), delta: qty(change)))
    }

    static func trade(_ priceText: String, _ count: Int, taker: BookSide?) -> EngineEvent {
        .publicTrade(m, yesPrice: price(priceText), count: qty(count), takerSide: taker)
    }

    // MARK: Taking liquidity

    @Test func marketableBuyWalksTheAsksLevelByLevel() {
        var exchange = Self.exchange()
        let events = Self.place(&exchange, Self.spec("A", .bid, "0.53", 10))
        // 3 at 0.50 (fee ceil(0.07 × 3 × 0.25) = 0.0525), 4 at 0.52 (0.07 × 4 × 0.52 × 0.48 = 0.069888 → 0.0699);
        // 0.55 is beyond the limit, so the last 3 are canceled (IOC).
        #expect(Self.summary(events) == ["0.5000×3.00 fee 0.0525 taker", "0.5200×4.00 fee 0.0699 taker"])
        #expect(takerFeeByHand(cents: 50, contracts: 3) == dollars("0.0525"))
        #expect(takerFeeByHand(cents: 52, contracts: 4) == dollars("0.0699"))
        let reports = Self.reports(events)
        #expect(reports.first == .accepted(clientOrderId: "A", orderId: "sim-1"))
        #expect(reports.last == .canceled(clientOrderId: "A", canceledCount: qty(3), reason: "immediate_or_cancel"))
        #expect(Set(Self.fills(events).map(\.tradeId)).count == 2)
        #expect(events.allSatisfy { $0.timeMs == t0 + 1 })
    }

    @Test func marketableSellWalksTheBidsLevelByLevel() {
        var exchange = Self.exchange()
        let events = Self.place(&exchange, Self.spec("S", .ask, "0.47", 12))
        // 0.07 × 5 × 0.49 × 0.51 = 0.087465 → 0.0875; × 0.48 × 0.52 = 0.08736 → 0.0874; 2 × 0.47 × 0.53 × 0.07 = 0.034874 → 0.0349.
        #expect(
            Self.summary(events) == [
                "0.4900×5.00 fee 0.0875 taker", "0.4800×5.00 fee 0.0874 taker", "0.4700×2.00 fee 0.0349 taker",
            ])
        #expect(Self.fills(events).allSatisfy { $0.side == .ask })
        #expect(Self.reports(events).count == 4)  // accepted + three fills, nothing left to cancel
    }

    @Test func takenLiquidityIsNotUsedTwice() {
        var exchange = Self.exchange()
        _ = Self.place(&exchange, Self.spec("A", .bid, "0.53", 10))
        // Same book, same order: everything up to 0.53 was ours already.
        let second = Self.place(&exchange, Self.spec("B", .bid, "0.53", 10))
        #expect(Self.fills(second).isEmpty)
        #expect(Self.reports(second).last == .canceled(clientOrderId: "B", canceledCount: qty(10), reason: "immediate_or_cancel"))
        // The feed reports our trade at 0.50 (−3), then a newcomer adds 2 there: only those 2 are new.
        _ = exchange.observe(TimedEvent(timeMs: t0 + 2, Self.delta(.no, "0.50", -3)))
        _ = exchange.observe(TimedEvent(timeMs: t0 + 3, Self.delta(.no, "0.50", 2)))
        let third = Self.place(&exchange, Self.spec("C", .bid, "0.53", 10), at: t0 + 4)
        #expect(Self.summary(third) == ["0.5000×2.00 fee 0.0350 taker"])
        // A snapshot is the whole truth again: the 4 at 0.52 it still shows are available.
        _ = exchange.observe(TimedEvent(timeMs: t0 + 5, .bookSnapshot(m, yes: bids([("0.49", 5)]), no: asks([("0.52", 4)]))))
        let fourth = Self.place(&exchange, Self.spec("D", .bid, "0.53", 10), at: t0 + 6)
        #expect(Self.summary(fourth) == ["0.5200×4.00 fee 0.0699 taker"])
    }

    @Test func fillOrKillIsAllOrNothing() {
        var exchange = Self.exchange()
        let killed = Self.place(&exchange, Self.spec("K", .bid, "0.53", 10, .fillOrKill))
        #expect(
            Self.reports(killed) == [
                .accepted(clientOrderId: "K", orderId: "sim-1"),
                .canceled(clientOrderId: "K", canceledCount: qty(10), reason: "fill_or_kill"),
            ])
        // Nothing was consumed by the killed order: 7 are there for the next one.
        let filled = Self.place(&exchange, Self.spec("F", .bid, "0.53", 7, .fillOrKill))
        #expect(Self.summary(filled) == ["0.5000×3.00 fee 0.0525 taker", "0.5200×4.00 fee 0.0699 taker"])
        #expect(Self.reports(filled).count == 3)
    }

    @Test func postOnlyThatWouldCrossIsRejected() {
        var exchange = Self.exchange()
        let crossing = Self.place(&exchange, Self.spec("P1", .bid, "0.50", 5, .goodTillCanceled, postOnly: true))
        #expect(Self.reports(crossing) == [.rejected(clientOrderId: "P1", reason: "post only cross")])
        let sellCrossing = Self.place(&exchange, Self.spec("P2", .ask, "0.49", 5, .goodTillCanceled, postOnly: true))
        #expect(Self.reports(sellCrossing) == [.rejected(clientOrderId: "P2", reason: "post only cross")])
        let resting = Self.place(&exchange, Self.spec("P3", .bid, "0.49", 5, .goodTillCanceled, postOnly: true))
        #expect(Self.reports(resting) == [.accepted(clientOrderId: "P3", orderId: "sim-3")])
    }

    @Test func invalidOrdersAreRejected() {
        var exchange = Self.exchange()
        #expect(
            Self.reports(Self.place(&exchange, Self.spec("X1", .bid, "0.505", 1))) == [
                .rejected(clientOrderId: "X1", reason: "invalid_price")
            ])
        #expect(
            Self.reports(Self.place(&exchange, Self.spec("X2", .bid, "0.53", 0))) == [
                .rejected(clientOrderId: "X2", reason: "invalid_order_size")
            ])
        _ = Self.place(&exchange, Self.spec("X3", .bid, "0.40", 1, .goodTillCanceled))
        #expect(
            Self.reports(Self.place(&exchange, Self.spec("X3", .bid, "0.40", 1))) == [
                .rejected(clientOrderId: "X3", reason: "order_already_exists")
            ])
        let late = exchange.arrive(.place(Self.spec("X4", .bid, "0.40", 1)), atMs: t0 + 3_600_000)
        #expect(Self.reports(late) == [.rejected(clientOrderId: "X4", reason: "market_closed")])
    }

    // MARK: Resting orders and the queue

    @Test func conservativeQueueAdvancesOnTradesAndCancelsWithoutDoubleCounting() {
        let makerFees = FeeSchedule(type: .quadraticWithMakerFees)
        var exchange = Self.exchange(fees: makerFees, yes: bids([("0.49", 10)]), no: asks([("0.51", 10)]))
        let placed = Self.place(&exchange, Self.spec("Q", .bid, "0.49", 5, .goodTillCanceled))
        #expect(Self.reports(placed) == [.accepted(clientOrderId: "Q", orderId: "sim-1")])  // behind 10 displayed
        var t = t0 + 10
        func feed(_ event: EngineEvent) -> [TimedEvent] {
            t += 1
            return exchange.observe(TimedEvent(timeMs: t, event))
        }
        // A buyer's trade cannot reach our bid; it changes nothing.
        #expect(feed(Self.trade("0.49", 10, taker: .bid)).isEmpty)
        // A seller takes 4 at our price: 6 still ahead. The feed then reports those 4 leaving the level.
        #expect(feed(Self.trade("0.49", 4, taker: .ask)).isEmpty)
        #expect(feed(Self.delta(.yes, "0.49", -4)).isEmpty)
        // Someone ahead cancels 2: 4 ahead.
        #expect(feed(Self.delta(.yes, "0.49", -2)).isEmpty)
        // A seller takes 6: 4 go to the queue ahead, 2 to us (maker fee 0.0175 × 2 × 0.49 × 0.51 = 0.0087465 → 0.0088).
        let filled = feed(Self.trade("0.49", 6, taker: .ask))
        #expect(Self.summary(filled) == ["0.4900×2.00 fee 0.0088 maker"])
        #expect(makerFees.tradeFee(price: price("0.49"), count: qty(2), role: .maker) == dollars("0.0088"))
        // We are at the front now: the next seller fills us directly.
        #expect(Self.summary(feed(Self.trade("0.49", 1, taker: nil))) == ["0.4900×1.00 fee 0.0044 maker"])
        // The feed reports the 4 displayed contracts those trades took: nothing more moves.
        #expect(feed(Self.delta(.yes, "0.49", -4)).isEmpty)
        // 2 left: a cancel asks for them back.
        let canceled = exchange.arrive(.cancel(clientOrderId: "Q", market: m), atMs: t + 1)
        #expect(Self.reports(canceled) == [.canceled(clientOrderId: "Q", canceledCount: qty(2), reason: "requested")])
        let again = exchange.arrive(.cancel(clientOrderId: "Q", market: m), atMs: t + 2)
        #expect(Self.reports(again) == [.rejected(clientOrderId: "Q", reason: "order_not_found")])
    }

    /// Someone joins behind us, then size leaves the level: the conservative model assumes it all
    /// left from behind us (the level still holds the 10 ahead of us); the probabilistic one that
    /// its share of it was ahead of us, so it advances us.
    @Test(arguments: [
        (SimulatedExchangeConfiguration.QueueModel.conservative, [0, 0]),
        (SimulatedExchangeConfiguration.QueueModel.probabilistic, [0, 5]),
    ])
    func conservativeQueueAdvancesLeastOnCancellations(model: SimulatedExchangeConfiguration.QueueModel, expected: [Int]) {
        var exchange = Self.exchange(model: model, yes: bids([("0.49", 10)]), no: asks([("0.51", 10)]))
        _ = Self.place(&exchange, Self.spec("Q", .bid, "0.49", 5, .goodTillCanceled))
        _ = exchange.observe(TimedEvent(timeMs: t0 + 10, Self.delta(.yes, "0.49", 10)))  // behind us: 20 displayed
        _ = exchange.observe(TimedEvent(timeMs: t0 + 11, Self.delta(.yes, "0.49", -10)))  // 10 cancel somewhere
        // Conservative: still 10 ahead. Probabilistic: 10 × (10 ahead / 20) = 5 of them were ahead, 5 remain.
        let first = Self.fills(exchange.observe(TimedEvent(timeMs: t0 + 12, Self.trade("0.49", 5, taker: .ask))))
        let second = Self.fills(exchange.observe(TimedEvent(timeMs: t0 + 13, Self.trade("0.49", 5, taker: .ask))))
        #expect([first, second].map { $0.reduce(0) { $0 + Int($1.count.units / 100) } } == expected)
    }

    @Test func tradesThroughOurPriceFillUsAtOurPrice() {
        var exchange = Self.exchange(yes: bids([("0.49", 10)]), no: asks([("0.52", 10)]))
        _ = Self.place(&exchange, Self.spec("B", .bid, "0.49", 5, .goodTillCanceled))
        _ = Self.place(&exchange, Self.spec("S", .ask, "0.51", 5, .goodTillCanceled))
        // A sale at 0.47 went through our 0.49 bid: we would have been hit first, at 0.49.
        let through = exchange.observe(TimedEvent(timeMs: t0 + 10, Self.trade("0.47", 3, taker: .ask)))
        #expect(Self.fills(through).map(\.clientOrderId) == ["B"])
        #expect(Self.summary(through) == ["0.4900×3.00 fee 0.0000 maker"])
        // A purchase at 0.53 went through our 0.51 offer.
        let up = exchange.observe(TimedEvent(timeMs: t0 + 11, Self.trade("0.53", 9, taker: .bid)))
        #expect(Self.summary(up) == ["0.5100×5.00 fee 0.0000 maker"])
        #expect(Self.fills(up).map(\.side) == [.ask])
        // A displayed offer at or below our bid would have met it: filled as maker at our price.
        _ = Self.place(&exchange, Self.spec("B2", .bid, "0.50", 4, .goodTillCanceled))
        let crossed = exchange.observe(
            TimedEvent(timeMs: t0 + 12, .bookDelta(m, BookDelta(side: .no, price: price("0.50"), delta: qty(3)))))
        #expect(Self.summary(crossed) == ["0.5000×3.00 fee 0.0000 maker"])
        #expect(Self.fills(crossed).map(\.clientOrderId) == ["B2"])
    }

    // MARK: Amend and cancel

    @Test func amendKeepsOrLosesPriority() {
        var exchange = Self.exchange(yes: bids([("0.49", 10), ("0.48", 10)]), no: asks([("0.51", 10)]))
        _ = Self.place(&exchange, Self.spec("A", .bid, "0.49", 10, .goodTillCanceled))
        // Smaller at the same price keeps the place behind 10.
        let smaller = exchange.arrive(
            .amend(clientOrderId: "A", market: m, price: price("0.49"), totalCount: qty(6)), atMs: t0 + 2)
        #expect(Self.reports(smaller) == [.amended(clientOrderId: "A", price: price("0.49"), totalCount: qty(6))])
        _ = exchange.observe(TimedEvent(timeMs: t0 + 3, Self.delta(.yes, "0.49", 5)))  // joins behind us
        #expect(
            Self.summary(exchange.observe(TimedEvent(timeMs: t0 + 4, Self.trade("0.49", 12, taker: .ask)))) == [
                "0.4900×2.00 fee 0.0000 maker"
            ])
        // A new price goes to the back of the new level (10 at 0.48 ahead).
        _ = exchange.arrive(.amend(clientOrderId: "A", market: m, price: price("0.48"), totalCount: qty(6)), atMs: t0 + 5)
        #expect(Self.fills(exchange.observe(TimedEvent(timeMs: t0 + 6, Self.trade("0.48", 10, taker: .ask)))).isEmpty)
        #expect(
            Self.summary(exchange.observe(TimedEvent(timeMs: t0 + 7, Self.trade("0.48", 10, taker: .ask)))) == [
                "0.4800×4.00 fee 0.0000 maker"
            ])
        // Amending to no more than what filled is refused; the order is gone now anyway.
        let refused = exchange.arrive(
            .amend(clientOrderId: "A", market: m, price: price("0.48"), totalCount: qty(6)), atMs: t0 + 8)
        #expect(Self.reports(refused) == [.rejected(clientOrderId: "A", reason: "order_not_found")])
    }

    @Test func amendAfterAPartialTakerFillKeepsTheFilledPart() {
        var exchange = Self.exchange(yes: bids([("0.45", 10)]), no: asks([("0.50", 3), ("0.55", 10)]))
        // Takes 3 at 0.50, rests 7 at 0.50.
        let placed = Self.place(&exchange, Self.spec("A", .bid, "0.50", 10, .goodTillCanceled))
        #expect(Self.summary(placed) == ["0.5000×3.00 fee 0.0525 taker"])
        // Same total (10), lower price: 7 still open, not 10.
        let amended = exchange.arrive(
            .amend(clientOrderId: "A", market: m, price: price("0.48"), totalCount: qty(10)), atMs: t0 + 2)
        #expect(Self.reports(amended) == [.amended(clientOrderId: "A", price: price("0.48"), totalCount: qty(10))])
        let through = exchange.observe(TimedEvent(timeMs: t0 + 3, Self.trade("0.40", 50, taker: .ask)))
        #expect(Self.summary(through) == ["0.4800×7.00 fee 0.0000 maker"])
        // Down to 5 in total when 3 filled: 2 open.
        var other = Self.exchange(yes: bids([("0.45", 10)]), no: asks([("0.50", 3), ("0.55", 10)]))
        _ = Self.place(&other, Self.spec("B", .bid, "0.50", 10, .goodTillCanceled))
        _ = other.arrive(.amend(clientOrderId: "B", market: m, price: price("0.50"), totalCount: qty(5)), atMs: t0 + 2)
        let rest = other.arrive(.cancel(clientOrderId: "B", market: m), atMs: t0 + 3)
        #expect(Self.reports(rest) == [.canceled(clientOrderId: "B", canceledCount: qty(2), reason: "requested")])
        // An amend to no more than what filled is refused and leaves the order as it was.
        _ = Self.place(&other, Self.spec("C", .bid, "0.40", 10, .goodTillCanceled))
        let refused = other.arrive(.amend(clientOrderId: "C", market: m, price: price("0.40"), totalCount: qty(0)), atMs: t0 + 4)
        #expect(Self.reports(refused) == [.rejected(clientOrderId: "C", reason: "invalid_order")])
        let offGrid = other.arrive(
            .amend(clientOrderId: "C", market: m, price: price("0.405"), totalCount: qty(10)), atMs: t0 + 5)
        #expect(Self.reports(offGrid) == [.rejected(clientOrderId: "C", reason: "invalid_order")])
        let canceled = other.arrive(.cancel(clientOrderId: "C", market: m), atMs: t0 + 6)
        #expect(Self.reports(canceled) == [.canceled(clientOrderId: "C", canceledCount: qty(10), reason: "requested")])
    }

    // MARK: The close

    @Test func restingOrdersAreCanceledAtTheClose() {
        var exchange = Self.exchange(yes: bids([("0.49", 10)]), no: asks([("0.52", 10)]))
        _ = Self.place(&exchange, Self.spec("R", .bid, "0.49", 5, .goodTillCanceled))
        let close = t0 + 3_600_000
        #expect(exchange.settleDue(nowMs: close - 1).isEmpty)
        let atClose = exchange.settleDue(nowMs: close)
        #expect(Self.reports(atClose) == [.canceled(clientOrderId: "R", canceledCount: qty(5), reason: "market_closed")])
        // Nothing can trade after the close.
        #expect(exchange.observe(TimedEvent(timeMs: close + 10, Self.trade("0.40", 10, taker: .ask))).isEmpty)
    }
}
