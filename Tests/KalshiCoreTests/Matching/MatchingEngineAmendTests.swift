import Testing

@testable import KalshiCore

/// Amend, decrease, cancel, cancel-all and expiry: what keeps queue priority and what does not.
struct MatchingEngineAmendTests {
    let t0: Int64 = 1_787_000_000_000

    /// Two bids at 0.40 (alice first, then bob), 10 each.
    func twoBids() throws -> (MatchingEngine, alice: String, bob: String) {
        var engine = MatchingEngine(ticker: "KX", grid: .linearCent)
        let alice = try engine.submit(.bid("alice", "0.40", "10"), nowMs: t0).order!.id
        let bob = try engine.submit(.bid("bob", "0.40", "10"), nowMs: t0).order!.id
        return (engine, alice, bob)
    }

    @Test func sizeDecreaseKeepsQueuePriority() throws {
        var (engine, alice, _) = try twoBids()
        let amended = try engine.amend(orderId: alice, owner: "alice", price: price("0.40"), totalCount: count("5"), nowMs: t0)
        #expect(amended.bookDeltas == [delta(.yes, "0.40", "-5")])
        #expect(amended.order?.remainingCount == count("5"))
        #expect(amended.order?.initialCount == count("5"))
        #expect(amended.trades.isEmpty)
        let hit = try engine.submit(.ask("carol", "0.40", "5"), nowMs: t0)
        #expect(hit.trades.map(\.makerOrderId) == [alice])
    }

    @Test func sizeIncreaseGoesToTheBackOfTheQueue() throws {
        var (engine, alice, bob) = try twoBids()
        let amended = try engine.amend(orderId: alice, price: price("0.40"), totalCount: count("15"), nowMs: t0)
        #expect(amended.bookDeltas == [delta(.yes, "0.40", "5")])
        let hit = try engine.submit(.ask("carol", "0.40", "12"), nowMs: t0)
        #expect(hit.trades.map(\.makerOrderId) == [bob, alice])
        #expect(hit.trades.map(\.count) == [count("10"), count("2")])
    }

    @Test func priceChangeRequeuesAndMayTrade() throws {
        var engine = MatchingEngine(ticker: "KX", grid: .linearCent)
        _ = try engine.submit(.ask("bob", "0.45", "4"), nowMs: t0)
        let order = try engine.submit(.bid("alice", "0.40", "10"), nowMs: t0).order!
        // Total 10 at 0.46: it takes bob's 4 at 0.45 and rests 6 at 0.46.
        let amended = try engine.amend(orderId: order.id, price: price("0.46"), totalCount: count("10"), nowMs: t0 + 5)
        #expect(amended.trades.map(\.yesPrice) == [price("0.45")])
        #expect(amended.trades.first?.takerOrderId == order.id)
        #expect(amended.order?.filledCount == count("4"))
        #expect(amended.order?.remainingCount == count("6"))
        #expect(amended.order?.price == price("0.46"))
        #expect(amended.order?.lastUpdatedMs == t0 + 5)
        #expect(
            amended.bookDeltas == [delta(.yes, "0.40", "-10"), delta(.no, "0.55", "-4"), delta(.yes, "0.46", "6")])
        // Total is filled + resting: amending to 9 leaves 5 resting.
        let smaller = try engine.amend(orderId: order.id, price: price("0.46"), totalCount: count("9"), nowMs: t0)
        #expect(smaller.order?.remainingCount == count("5"))
        #expect(throws: ExchangeError.invalidOrderSize(count("4"), reason: "must exceed the 4.00 contracts already filled")) {
            try engine.amend(orderId: order.id, price: price("0.46"), totalCount: count("4"), nowMs: t0)
        }
        #expect(engine.consistencyProblems().isEmpty)
    }

    @Test func amendOfAPostOnlyOrderThatWouldCrossIsRefused() throws {
        var engine = MatchingEngine(ticker: "KX", grid: .linearCent)
        _ = try engine.submit(.ask("bob", "0.45", "4"), nowMs: t0)
        let order = try engine.submit(.bid("alice", "0.40", "10", postOnly: true), nowMs: t0).order!
        let before = engine
        #expect(throws: ExchangeError.postOnlyCross(side: .bid, price: price("0.45"))) {
            try engine.amend(orderId: order.id, price: price("0.45"), totalCount: count("10"), nowMs: t0)
        }
        #expect(engine == before)
    }

    @Test func amendCanRenameTheClientOrderId() throws {
        var engine = MatchingEngine(ticker: "KX", grid: .linearCent)
        let order = try engine.submit(.bid("alice", "0.40", "10", clientOrderId: "a"), nowMs: t0).order!
        _ = try engine.submit(.bid("alice", "0.41", "1", clientOrderId: "b"), nowMs: t0)
        #expect(throws: ExchangeError.orderAlreadyExists(clientOrderId: "b")) {
            try engine.amend(
                orderId: order.id, price: price("0.40"), totalCount: count("10"), updatedClientOrderId: "b", nowMs: t0)
        }
        let renamed = try engine.amend(
            orderId: order.id, price: price("0.40"), totalCount: count("10"), updatedClientOrderId: "c", nowMs: t0)
        #expect(renamed.order?.clientOrderId == "c")
        #expect(renamed.bookDeltas.isEmpty)
        #expect(engine.order(owner: "alice", clientOrderId: "c")?.id == order.id)
        #expect(engine.order(owner: "alice", clientOrderId: "a") == nil)
    }

    @Test func decreaseKeepsPriorityAndCancelsAtZero() throws {
        var (engine, alice, bob) = try twoBids()
        let by = try engine.decrease(orderId: alice, owner: "alice", .by(count("3")), nowMs: t0)
        #expect(by.reducedBy == count("3"))
        #expect(by.order?.remainingCount == count("7"))
        #expect(by.order?.canceledCount == count("3"))
        #expect(by.orderUpdates.first?.cancelReason == .decreased)
        #expect(by.bookDeltas == [delta(.yes, "0.40", "-3")])
        let to = try engine.decrease(orderId: alice, .to(count("2")), nowMs: t0)
        #expect(to.reducedBy == count("5"))
        #expect(to.order?.remainingCount == count("2"))
        let hit = try engine.submit(.ask("carol", "0.40", "3"), nowMs: t0)
        #expect(hit.trades.map(\.makerOrderId) == [alice, bob])
        #expect(throws: ExchangeError.invalidOrderSize(count("20"), reason: "reduce_to must be between 0 and the remaining 9.00"))
        {
            try engine.decrease(orderId: bob, .to(count("20")), nowMs: t0)
        }
        let all = try engine.decrease(orderId: bob, .by(count("50")), nowMs: t0)
        #expect(all.reducedBy == count("9"))
        #expect(all.order?.status == .canceled)
        #expect(engine.snapshot().yes.isEmpty)
    }

    @Test func cancelReportsReducedByAndRefusesTwice() throws {
        var (engine, alice, _) = try twoBids()
        _ = try engine.submit(.ask("carol", "0.40", "4"), nowMs: t0)
        let canceled = try engine.cancel(orderId: alice, owner: "alice", nowMs: t0)
        #expect(canceled.reducedBy == count("6"))
        #expect(canceled.order?.status == .canceled)
        #expect(canceled.order?.filledCount == count("4"))
        #expect(throws: ExchangeError.orderNotResting(orderId: alice, status: .canceled)) {
            try engine.cancel(orderId: alice, nowMs: t0)
        }
        #expect(throws: ExchangeError.orderNotFound(orderId: "nope")) {
            try engine.cancel(orderId: "nope", nowMs: t0)
        }
    }

    @Test func anotherOwnersOrderIsNotFound() throws {
        var (engine, alice, _) = try twoBids()
        #expect(throws: ExchangeError.orderNotFound(orderId: alice)) {
            try engine.cancel(orderId: alice, owner: "mallory", nowMs: t0)
        }
        #expect(throws: ExchangeError.orderNotFound(orderId: alice)) {
            try engine.amend(orderId: alice, owner: "mallory", price: price("0.40"), totalCount: count("1"), nowMs: t0)
        }
    }

    @Test func cancelAllTouchesOnlyTheOwner() throws {
        var engine = MatchingEngine(ticker: "KX", grid: .linearCent)
        _ = try engine.submit(.bid("alice", "0.40", "1"), nowMs: t0)
        _ = try engine.submit(.bid("bob", "0.41", "2"), nowMs: t0)
        _ = try engine.submit(.ask("alice", "0.60", "3"), nowMs: t0)
        let result = try engine.cancelAll(owner: "alice", nowMs: t0)
        #expect(result.reducedBy == count("4"))
        #expect(result.order == nil)
        #expect(result.orderUpdates.count == 2)
        #expect(result.bookDeltas == [delta(.yes, "0.40", "-1"), delta(.no, "0.40", "-3")])
        #expect(engine.restingOrders().map(\.owner) == ["bob"])
    }

    @Test func goodTillTimeOrdersExpireBeforeAnyLaterOperation() throws {
        var engine = MatchingEngine(ticker: "KX", grid: .linearCent)
        let expiring = try engine.submit(.ask("alice", "0.50", "5", expirationMs: t0 + 1_000), nowMs: t0).order!
        _ = try engine.submit(.ask("bob", "0.55", "5"), nowMs: t0)
        #expect(engine.expire(nowMs: t0 + 999).isEmpty)
        // The bid arrives after alice's expiry: it must not trade with her.
        let result = try engine.submit(.bid("carol", "0.55", "5"), nowMs: t0 + 1_000)
        #expect(result.trades.map(\.makerOwner) == ["bob"])
        let expiredUpdate = result.orderUpdates.first { $0.orderId == expiring.id }
        #expect(expiredUpdate?.cancelReason == .expired)
        #expect(expiredUpdate?.status == .canceled)
        #expect(result.bookDeltas == [delta(.no, "0.50", "-5"), delta(.no, "0.45", "-5")])
    }

    @Test func aRefusedRequestLeavesDueExpiriesForLater() throws {
        var engine = MatchingEngine(ticker: "KX", grid: .linearCent)
        _ = try engine.submit(.ask("alice", "0.50", "5", expirationMs: t0 + 1_000), nowMs: t0)
        let before = engine
        #expect(throws: ExchangeError.self) {
            try engine.submit(.bid("carol", "0.505", "5"), nowMs: t0 + 2_000)
        }
        #expect(engine == before)
        // A post-only bid at 0.50 does not cross an order that has expired.
        let result = try engine.submit(.bid("carol", "0.50", "1", postOnly: true), nowMs: t0 + 2_000)
        #expect(result.order?.status == .resting)
        #expect(engine.expire(nowMs: t0 + 3_000).isEmpty)
    }

    @Test func expireCancelsDueOrdersInPriorityOrder() throws {
        var engine = MatchingEngine(ticker: "KX", grid: .linearCent)
        _ = try engine.submit(.bid("a", "0.40", "1", expirationMs: t0 + 10), nowMs: t0)
        _ = try engine.submit(.bid("b", "0.42", "1", expirationMs: t0 + 20), nowMs: t0)
        _ = try engine.submit(.bid("c", "0.41", "1", expirationMs: t0 + 30), nowMs: t0)
        let first = engine.expire(nowMs: t0 + 25)
        #expect(first.orderUpdates.map(\.owner) == ["b", "a"])
        #expect(first.orderUpdates.allSatisfy { $0.cancelReason == .expired })
        #expect(engine.restingOrders().map(\.owner) == ["c"])
        #expect(engine.expire(nowMs: t0 + 30).orderUpdates.map(\.owner) == ["c"])
    }
}
