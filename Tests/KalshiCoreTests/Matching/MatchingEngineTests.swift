import Testing

@testable import KalshiCore

struct MatchingEngineTests {
    let t0: Int64 = 1_787_000_000_000

    func engine(fees: FeeSchedule = FeeSchedule()) -> MatchingEngine {
        MatchingEngine(ticker: "KXBTCD-TEST", grid: .linearCent, fees: fees, idNamespace: 7)
    }

    @Test func restingOrdersPublishInTheFeedConvention() throws {
        var engine = engine()
        let bid = try engine.submit(.bid("alice", "0.40", "10"), nowMs: t0)
        #expect(bid.trades.isEmpty)
        #expect(bid.bookDeltas == [delta(.yes, "0.40", "10")])
        #expect(bid.order?.status == .resting)
        #expect(bid.orderUpdates.map(\.orderId) == [bid.order!.id])
        // An ask at 0.60 is a NO bid at 0.40.
        let ask = try engine.submit(.ask("bob", "0.60", "5.5"), nowMs: t0)
        #expect(ask.bookDeltas == [delta(.no, "0.40", "5.5")])
        let snapshot = engine.snapshot()
        #expect(snapshot.yes == [level("0.40", "10")])
        #expect(snapshot.no == [level("0.40", "5.5")])
        #expect(engine.bestBid == level("0.40", "10"))
        #expect(engine.bestAsk == level("0.60", "5.5"))
    }

    @Test func snapshotLevelsAscendOnBothLegs() throws {
        var engine = engine()
        for text in ["0.30", "0.35", "0.32"] { _ = try engine.submit(.bid("a", text, "1"), nowMs: t0) }
        for text in ["0.70", "0.61", "0.65"] { _ = try engine.submit(.ask("b", text, "2"), nowMs: t0) }
        let snapshot = engine.snapshot()
        #expect(snapshot.yes.map(\.price) == [price("0.30"), price("0.32"), price("0.35")])
        #expect(snapshot.no.map(\.price) == [price("0.30"), price("0.35"), price("0.39")])
    }

    @Test func incomingBidTakesLowestAsksFirstAndFifoWithinALevel() throws {
        var engine = engine()
        let first = try engine.submit(.ask("alice", "0.55", "3"), nowMs: t0).order!
        let second = try engine.submit(.ask("bob", "0.55", "4"), nowMs: t0 + 1).order!
        let cheapest = try engine.submit(.ask("carol", "0.52", "2"), nowMs: t0 + 2).order!
        let result = try engine.submit(.bid("dave", "0.56", "8"), nowMs: t0 + 3)
        #expect(result.trades.map(\.makerOrderId) == [cheapest.id, first.id, second.id])
        #expect(result.trades.map(\.yesPrice) == [price("0.52"), price("0.55"), price("0.55")])
        #expect(result.trades.map(\.count) == [count("2"), count("3"), count("3")])
        #expect(result.trades.allSatisfy { $0.takerSide == .bid && $0.takerOwner == "dave" })
        #expect(result.order?.status == .executed)
        #expect(result.order?.filledCount == count("8"))
        #expect(result.order?.filledYesNotional == dollars("4.34"))
        #expect(result.bookDeltas == [delta(.no, "0.48", "-2"), delta(.no, "0.45", "-6")])
        #expect(engine.order(id: second.id)?.remainingCount == count("1"))
        #expect(engine.order(id: first.id)?.status == .executed)
        let statuses = result.orderUpdates.map { "\($0.owner):\($0.status.rawValue)" }
        #expect(statuses == ["dave:executed", "carol:executed", "alice:executed", "bob:resting"])
        #expect(engine.consistencyProblems().isEmpty)
    }

    @Test func incomingAskHitsHighestBidsAtTheirPrices() throws {
        var engine = engine()
        _ = try engine.submit(.bid("alice", "0.45", "5"), nowMs: t0)
        _ = try engine.submit(.bid("bob", "0.47", "5"), nowMs: t0)
        let result = try engine.submit(.ask("carol", "0.44", "7"), nowMs: t0)
        #expect(result.trades.map(\.yesPrice) == [price("0.47"), price("0.45")])
        #expect(result.trades.map(\.count) == [count("5"), count("2")])
        #expect(result.trades.first?.takerOutcomeSide == OutcomeSide.no)
        #expect(result.trades.first?.yesBuyer == "bob")
        #expect(result.trades.first?.yesSeller == "carol")
        // The ask paid the NO price: 5 × 0.53 + 2 × 0.55.
        #expect(result.order?.takerFillCost == dollars("3.75"))
        #expect(result.bookDeltas == [delta(.yes, "0.47", "-5"), delta(.yes, "0.45", "-2")])
    }

    @Test func goodTillCanceledRemainderRestsAfterPartialFill() throws {
        var engine = engine()
        _ = try engine.submit(.ask("alice", "0.50", "3"), nowMs: t0)
        let result = try engine.submit(.bid("bob", "0.51", "10"), nowMs: t0)
        #expect(result.tradedCount == count("3"))
        #expect(result.order?.status == .resting)
        #expect(result.order?.remainingCount == count("7"))
        #expect(result.bookDeltas == [delta(.no, "0.50", "-3"), delta(.yes, "0.51", "7")])
        #expect(engine.snapshot().yes == [level("0.51", "7")])
        #expect(engine.snapshot().no.isEmpty)
    }

    @Test func immediateOrCancelRemainderIsCanceled() throws {
        var engine = engine()
        _ = try engine.submit(.ask("alice", "0.50", "3"), nowMs: t0)
        let result = try engine.submit(.bid("bob", "0.50", "10", tif: .immediateOrCancel), nowMs: t0)
        #expect(result.tradedCount == count("3"))
        #expect(result.order?.status == .canceled)
        #expect(result.order?.canceledCount == count("7"))
        #expect(result.order?.remainingCount == .zero)
        #expect(result.orderUpdates.first?.cancelReason == .immediateOrCancel)
        // Only resting contracts count as reduced.
        #expect(result.reducedBy == .zero)
        #expect(engine.snapshot().yes.isEmpty && engine.snapshot().no.isEmpty)
    }

    @Test func fillOrKillFillsEntirelyOrDoesNothing() throws {
        var engine = engine()
        _ = try engine.submit(.ask("alice", "0.50", "3"), nowMs: t0)
        _ = try engine.submit(.ask("bob", "0.52", "3"), nowMs: t0)
        let before = engine
        let killed = try engine.submit(.bid("carol", "0.52", "7", tif: .fillOrKill), nowMs: t0)
        #expect(killed.trades.isEmpty && killed.bookDeltas.isEmpty)
        #expect(killed.order?.status == .canceled)
        #expect(killed.order?.canceledCount == count("7"))
        #expect(killed.orderUpdates.map(\.cancelReason) == [.fillOrKill])
        #expect(engine.snapshot() == before.snapshot())
        let filled = try engine.submit(.bid("carol", "0.52", "6", tif: .fillOrKill), nowMs: t0)
        #expect(filled.tradedCount == count("6"))
        #expect(filled.order?.status == .executed)
    }

    @Test func fillOrKillDoesNotCountTheOwnersOrders() throws {
        var engine = engine()
        _ = try engine.submit(.ask("alice", "0.50", "5"), nowMs: t0)
        _ = try engine.submit(.ask("carol", "0.50", "5"), nowMs: t0)
        let killed = try engine.submit(.bid("carol", "0.50", "6", tif: .fillOrKill, stp: .maker), nowMs: t0)
        #expect(killed.trades.isEmpty)
        #expect(killed.order?.status == .canceled)
        // Carol's resting ask survives a killed order.
        #expect(engine.restingOrders(owner: "carol").count == 1)
    }

    @Test func fillOrKillMeetingItsOwnerBehavesLikeImmediateOrCancel() throws {
        var engine = engine()
        _ = try engine.submit(.ask("alice", "0.50", "2"), nowMs: t0)
        _ = try engine.submit(.ask("carol", "0.50", "5"), nowMs: t0)
        _ = try engine.submit(.ask("bob", "0.50", "5"), nowMs: t0)
        let result = try engine.submit(.bid("carol", "0.50", "7", tif: .fillOrKill), nowMs: t0)
        #expect(result.tradedCount == count("2"))
        #expect(result.order?.status == .canceled)
        #expect(result.orderUpdates.first?.cancelReason == .selfTradePrevention)
    }

    @Test func postOnlyThatWouldCrossIsRefusedWithoutChanges() throws {
        var engine = engine()
        _ = try engine.submit(.ask("alice", "0.50", "3"), nowMs: t0)
        let before = engine
        #expect(throws: ExchangeError.postOnlyCross(side: .bid, price: price("0.50"))) {
            try engine.submit(.bid("bob", "0.50", "1", postOnly: true), nowMs: t0)
        }
        #expect(engine == before)
        let error = ExchangeError.postOnlyCross(side: .bid, price: price("0.50"))
        #expect(error.code == "invalid_order")
        #expect(error.details == "post only cross")
        #expect(error.httpStatus == 400)
        let rests = try engine.submit(.bid("bob", "0.49", "1", postOnly: true), nowMs: t0)
        #expect(rests.order?.status == .resting)
    }

    @Test func selfTradePreventionTakerAtCrossKeepsEarlierFills() throws {
        var engine = engine()
        _ = try engine.submit(.ask("bob", "0.50", "2"), nowMs: t0)
        let own = try engine.submit(.ask("alice", "0.50", "5"), nowMs: t0).order!
        _ = try engine.submit(.ask("carol", "0.50", "5"), nowMs: t0)
        let result = try engine.submit(.bid("alice", "0.50", "10", stp: .takerAtCross), nowMs: t0)
        #expect(result.trades.map(\.makerOwner) == ["bob"])
        #expect(result.order?.filledCount == count("2"))
        #expect(result.order?.canceledCount == count("8"))
        #expect(result.order?.status == .canceled)
        #expect(result.orderUpdates.first?.cancelReason == .selfTradePrevention)
        #expect(engine.order(id: own.id)?.status == .resting)
        #expect(engine.snapshot().no == [level("0.50", "10")])
    }

    @Test func selfTradePreventionMakerCancelsTheRestingOrderAndContinues() throws {
        var engine = engine()
        _ = try engine.submit(.ask("bob", "0.50", "2"), nowMs: t0)
        let own = try engine.submit(.ask("alice", "0.50", "5"), nowMs: t0).order!
        _ = try engine.submit(.ask("carol", "0.50", "5"), nowMs: t0)
        let result = try engine.submit(.bid("alice", "0.50", "10", stp: .maker), nowMs: t0)
        #expect(result.trades.map(\.makerOwner) == ["bob", "carol"])
        #expect(engine.order(id: own.id)?.status == .canceled)
        let ownUpdate = result.orderUpdates.first { $0.orderId == own.id }
        #expect(ownUpdate?.cancelReason == .selfTradePrevention)
        #expect(result.reducedBy == count("5"))
        #expect(result.order?.remainingCount == count("3"))
        #expect(engine.snapshot().yes == [level("0.50", "3")])
        #expect(engine.snapshot().no.isEmpty)
        #expect(result.bookDeltas == [delta(.no, "0.50", "-12"), delta(.yes, "0.50", "3")])
    }

    @Test func feesFollowTheScheduleForBothRoles() throws {
        var plain = engine()
        _ = try plain.submit(.ask("alice", "0.50", "10"), nowMs: t0)
        let trade = try plain.submit(.bid("bob", "0.50", "10"), nowMs: t0).trades[0]
        #expect(trade.takerFee == dollars("0.175"))
        #expect(trade.makerFee == .zero)
        #expect(trade.fee(of: "bob") == dollars("0.175"))

        var withMakerFees = engine(fees: FeeSchedule(type: .quadraticWithMakerFees))
        _ = try withMakerFees.submit(.ask("alice", "0.30", "10"), nowMs: t0)
        let makerTrade = try withMakerFees.submit(.bid("bob", "0.40", "10"), nowMs: t0).trades[0]
        #expect(makerTrade.yesPrice == price("0.30"))
        // 0.07 × 10 × 0.3 × 0.7 = 0.147; 0.0175 × 10 × 0.21 = 0.03675 → 0.0368.
        #expect(makerTrade.takerFee == dollars("0.147"))
        #expect(makerTrade.makerFee == dollars("0.0368"))
        let maker = withMakerFees.order(id: makerTrade.makerOrderId)!
        #expect(maker.makerFees == dollars("0.0368"))
        #expect(maker.makerFillCost == dollars("7.00"))
    }

    @Test(arguments: ["0.555", "0.00", "1.00"])
    func pricesOffTheGridOrAtTheBoundsAreRefused(text: String) {
        var engine = engine()
        #expect(throws: ExchangeError.invalidPrice(price(text))) {
            try engine.submit(.bid("alice", text, "1"), nowMs: t0)
        }
        #expect(ExchangeError.invalidPrice(price(text)).description.contains(price(text).description))
    }

    @Test func subPennyPricesWorkOnFinerGrids() throws {
        var engine = MatchingEngine(ticker: "X", grid: try PriceGrid(structure: "tapered_deci_cent"))
        _ = try engine.submit(.bid("alice", "0.055", "1"), nowMs: t0)
        #expect(throws: ExchangeError.invalidPrice(price("0.505"))) {
            try engine.submit(.bid("alice", "0.505", "1"), nowMs: t0)
        }
    }

    @Test func countsMustBePositiveAndWholeWhereTheMarketSaysSo() throws {
        var engine = engine()
        #expect(throws: ExchangeError.invalidOrderSize(.zero, reason: "must be positive")) {
            try engine.submit(.bid("alice", "0.50", "0"), nowMs: t0)
        }
        _ = try engine.submit(.bid("alice", "0.50", "0.01"), nowMs: t0)
        engine.allowsFractionalCounts = false
        #expect(throws: ExchangeError.invalidOrderSize(count("1.50"), reason: "must be whole contracts on this market")) {
            try engine.submit(.bid("alice", "0.50", "1.5"), nowMs: t0)
        }
        #expect(ExchangeError.invalidOrderSize(count("1.50"), reason: "x").code == "invalid_order_size")
    }

    @Test func expirationRules() throws {
        var engine = engine()
        #expect(throws: ExchangeError.self) {
            try engine.submit(.bid("alice", "0.50", "1", tif: .immediateOrCancel, expirationMs: t0 + 10), nowMs: t0)
        }
        do {
            _ = try engine.submit(.bid("alice", "0.50", "1", expirationMs: t0), nowMs: t0)
            Issue.record("an expiration that already passed was accepted")
        } catch {
            #expect(error.code == "invalid_order")
        }
        #expect(throws: ExchangeError.invalidOrder(details: "post_only requires good_till_canceled, not fill_or_kill")) {
            try engine.submit(.bid("alice", "0.50", "1", tif: .fillOrKill, postOnly: true), nowMs: t0)
        }
    }

    @Test func duplicateClientOrderIdIsAConflictPerOwner() throws {
        var engine = engine()
        let first = try engine.submit(.bid("alice", "0.40", "1", clientOrderId: "c-1"), nowMs: t0)
        #expect(throws: ExchangeError.orderAlreadyExists(clientOrderId: "c-1")) {
            try engine.submit(.bid("alice", "0.41", "1", clientOrderId: "c-1"), nowMs: t0)
        }
        #expect(ExchangeError.orderAlreadyExists(clientOrderId: "c-1").httpStatus == 409)
        let other = try engine.submit(.bid("bob", "0.41", "1", clientOrderId: "c-1"), nowMs: t0)
        #expect(engine.order(owner: "alice", clientOrderId: "c-1")?.id == first.order?.id)
        #expect(engine.order(owner: "bob", clientOrderId: "c-1")?.id == other.order?.id)
        #expect(engine.order(owner: "carol", clientOrderId: "c-1") == nil)

        // Known while finished; reusable once the engine forgets finished orders.
        _ = try engine.cancel(orderId: first.order!.id, nowMs: t0)
        #expect(throws: ExchangeError.orderAlreadyExists(clientOrderId: "c-1")) {
            try engine.submit(.bid("alice", "0.41", "1", clientOrderId: "c-1"), nowMs: t0)
        }
        engine.forgetFinishedOrders()
        #expect(engine.order(id: first.order!.id) == nil)
        _ = try engine.submit(.bid("alice", "0.41", "1", clientOrderId: "c-1"), nowMs: t0)
    }

    @Test func closedMarketRefusesEveryOrderOperation() throws {
        var engine = engine()
        let resting = try engine.submit(.bid("alice", "0.40", "3"), nowMs: t0).order!
        let closing = engine.close(nowMs: t0 + 1)
        #expect(closing.orderUpdates.map(\.cancelReason) == [.marketClosed])
        #expect(closing.bookDeltas == [delta(.yes, "0.40", "-3")])
        #expect(closing.reducedBy == count("3"))
        #expect(throws: ExchangeError.marketClosed(ticker: "KXBTCD-TEST")) {
            try engine.submit(.bid("alice", "0.40", "1"), nowMs: t0 + 2)
        }
        #expect(throws: ExchangeError.marketClosed(ticker: "KXBTCD-TEST")) {
            try engine.cancel(orderId: resting.id, nowMs: t0 + 2)
        }
        #expect(ExchangeError.marketClosed(ticker: "X").httpStatus == 409)
        engine.reopen()
        _ = try engine.submit(.bid("alice", "0.40", "1"), nowMs: t0 + 3)
    }

    @Test func idsAreDeterministicAndShapedLikeUuids() throws {
        var first = engine()
        var second = engine()
        _ = try first.submit(.ask("alice", "0.50", "1"), nowMs: t0)
        _ = try second.submit(.ask("alice", "0.50", "1"), nowMs: t0)
        let a = try first.submit(.bid("bob", "0.50", "1"), nowMs: t0)
        let b = try second.submit(.bid("bob", "0.50", "1"), nowMs: t0)
        #expect(a == b)
        #expect(a.order?.id == "00000007-0000-4000-8000-000000000002")
        #expect(a.trades.first?.tradeId == "00000007-0001-4000-8000-000000000001")
    }

    @Test(arguments: [
        (ExchangeError.invalidPrice(Price(uncheckedTicks: 5_050)), "invalid_price", 400, "0.5050"),
        (.invalidOrderSize(Quantity(units: 0), reason: "must be positive"), "invalid_order_size", 400, "0.00"),
        (.insufficientBalance(required: Money(micros: 1_500_000), available: .zero), "insufficient_balance", 400, "1.5000"),
        (.orderNotFound(orderId: "abc"), "order_not_found", 404, "abc"),
        (.orderNotResting(orderId: "abc", status: .executed), "invalid_order", 400, "executed"),
        (.orderAlreadyExists(clientOrderId: "k-9"), "order_already_exists", 409, "k-9"),
        (.marketClosed(ticker: "KX-1"), "market_closed", 409, "KX-1"),
        (.marketNotFound(ticker: "KX-2"), "market_not_found", 404, "KX-2"),
        (.invalidOrder(details: "odd request"), "invalid_order", 400, "odd request"),
    ])
    func errorsCarryKalshiCodesStatusesAndTheValue(error: ExchangeError, code: String, status: Int, named: String) {
        #expect(error.code == code)
        #expect(error.httpStatus == status)
        #expect(!error.message.isEmpty)
        #expect(error.description.hasPrefix(code))
        #expect(error.description.contains(named))
    }
}
