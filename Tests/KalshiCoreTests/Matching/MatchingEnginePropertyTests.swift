import PropertyBased
import Testing

@testable import KalshiCore

/// Random streams of submits, cancels, amends, decreases, cancel-alls and expiries. After every
/// step: the public deltas rebuild the engine's snapshot on a real `OrderBook`, the book is not
/// crossed, a refused request changed nothing, every order's counts add up, and each order's
/// filled count equals the trades it took part in.
struct MatchingEnginePropertyTests {
    static let owners = ["alice", "bob", "carol"]

    /// One random operation against `engine`; nil when the step has nothing to act on.
    static func step(
        _ code: Int, engine: inout MatchingEngine, knownOrderIds: [String], nowMs: Int64
    ) -> Result<MatchingResult, ExchangeError>? {
        var choice = ChoiceReader(code)
        let owner = owners[choice.take(owners.count)]
        let resting = engine.restingOrders()
        do throws(ExchangeError) {
            switch choice.take(20) {
            case 0...11:
                return .success(try engine.submit(randomRequest(owner: owner, &choice, nowMs: nowMs), nowMs: nowMs))
            case 12, 13:
                guard !knownOrderIds.isEmpty else { return nil }
                let id = knownOrderIds[choice.take(knownOrderIds.count)]
                let asOwner = choice.chance(4) ? owner : engine.order(id: id)?.owner
                return .success(try engine.cancel(orderId: id, owner: asOwner, nowMs: nowMs))
            case 14, 15:
                guard !resting.isEmpty else { return nil }
                let order = resting[choice.take(resting.count)]
                let ticks = order.price.ticks + Int64(choice.take(7) - 3) * 100
                let total = order.filledCount + Quantity(units: Int64(choice.take(1_500)) + (choice.chance(5) ? 0 : 1))
                return .success(
                    try engine.amend(
                        orderId: order.id, owner: order.owner, price: Price(uncheckedTicks: ticks), totalCount: total,
                        nowMs: nowMs))
            case 16:
                guard !resting.isEmpty else { return nil }
                let order = resting[choice.take(resting.count)]
                let amount = Quantity(units: Int64(choice.take(Int(order.remainingCount.units) + 100)))
                let reduction: OrderReduction = choice.chance(2) ? .by(amount) : .to(amount)
                return .success(try engine.decrease(orderId: order.id, owner: order.owner, reduction, nowMs: nowMs))
            case 17:
                return .success(try engine.cancelAll(owner: owner, nowMs: nowMs))
            default:
                return .success(engine.expire(nowMs: nowMs))
            }
        } catch {
            return .failure(error)
        }
    }

    /// Prices cluster around 0.50 so that orders cross often; sizes mix whole and fractional.
    static func randomRequest(owner: String, _ choice: inout ChoiceReader, nowMs: Int64) -> OrderRequest {
        let side: BookSide = choice.chance(2) ? .bid : .ask
        let cents = choice.chance(10) ? choice.take(101) : 44 + choice.take(13)
        let units = choice.chance(3) ? Int64(choice.take(1_000)) : Int64(choice.take(20)) * 100
        let timeInForce: TimeInForce = [
            .goodTillCanceled, .goodTillCanceled, .goodTillCanceled, .immediateOrCancel,
            .fillOrKill,
        ][choice.take(5)]
        let expiration = choice.chance(5) ? nowMs + Int64(choice.take(5_000)) : nil
        return OrderRequest(
            owner: owner, clientOrderId: choice.chance(3) ? "c\(choice.take(30))" : nil, side: side,
            price: Price(uncheckedTicks: Int64(cents) * 100), count: Quantity(units: units), timeInForce: timeInForce,
            postOnly: choice.chance(6), selfTradePrevention: choice.chance(2) ? .takerAtCross : .maker,
            expirationMs: expiration)
    }

    @Test func deltasRebuildTheSnapshotAndOrdersStayConsistent() async {
        await propertyCheck(count: 200, input: Gen.int(in: 0...Int.max).array(of: 1...250)) { codes in
            var engine = MatchingEngine(ticker: "KX", grid: .linearCent)
            var mirror = FeedMirror(engine: engine)
            var knownOrderIds: [String] = []
            var filledByTrades: [String: Int64] = [:]
            var nowMs: Int64 = 1_000_000
            for code in codes {
                nowMs += Int64(code % 700)
                let before = engine
                guard let outcome = Self.step(code, engine: &engine, knownOrderIds: knownOrderIds, nowMs: nowMs) else {
                    continue
                }
                switch outcome {
                case .failure:
                    #expect(engine == before, "a refused request changed the engine")
                case .success(let result):
                    let problems = mirror.apply(result, engine: engine) + engine.consistencyProblems()
                    #expect(problems.isEmpty, "\(problems)")
                    for trade in result.trades {
                        #expect(trade.count.units > 0)
                        #expect(trade.makerOwner != trade.takerOwner)
                        filledByTrades[trade.makerOrderId, default: 0] += trade.count.units
                        filledByTrades[trade.takerOrderId, default: 0] += trade.count.units
                        let maker = engine.order(id: trade.makerOrderId)!
                        let taker = engine.order(id: trade.takerOrderId)!
                        #expect(maker.price == trade.yesPrice)
                        #expect(maker.side == trade.makerSide && taker.side == trade.takerSide)
                        // The taker never pays more than its limit.
                        #expect(taker.side == .bid ? trade.yesPrice <= taker.price : trade.yesPrice >= taker.price)
                    }
                    for update in result.orderUpdates {
                        #expect(update.order == engine.order(id: update.orderId))
                        #expect(filledByTrades[update.orderId, default: 0] == update.filledCount.units)
                        if !knownOrderIds.contains(update.orderId) { knownOrderIds.append(update.orderId) }
                    }
                    if let bid = engine.bestBid, let ask = engine.bestAsk {
                        #expect(bid.price < ask.price, "crossed: \(bid) / \(ask)")
                    }
                }
            }
        }
    }

    @Test func sameInputsGiveTheSameResults() async {
        await propertyCheck(count: 30, input: Gen.int(in: 0...Int.max).array(of: 1...150)) { codes in
            func run() -> [String] {
                var engine = MatchingEngine(ticker: "KX", grid: .linearCent)
                var known: [String] = []
                var log: [String] = []
                for (index, code) in codes.enumerated() {
                    let outcome = Self.step(code, engine: &engine, knownOrderIds: known, nowMs: Int64(index) * 97)
                    if case .success(let result) = outcome {
                        known += result.orderUpdates.map(\.orderId).filter { !known.contains($0) }
                    }
                    log.append(String(describing: outcome))
                }
                return log
            }
            #expect(run() == run())
        }
    }

    /// The random streams above are only worth something if they reach the interesting paths;
    /// one long deterministic stream shows that they do.
    @Test func randomStreamsReachEveryPath() {
        var engine = MatchingEngine(ticker: "KX", grid: .linearCent)
        var known: [String] = []
        var seen: [String: Int] = [:]
        var state: UInt64 = 42
        for index in 0..<4_000 {
            state &+= 0x9E37_79B9_7F4A_7C15
            let code = Int(truncatingIfNeeded: (state ^ (state >> 31)) & 0x7FFF_FFFF_FFFF_FFFF)
            switch Self.step(code, engine: &engine, knownOrderIds: known, nowMs: Int64(index) * 300) {
            case .failure(let error): seen[error.code, default: 0] += 1
            case .success(let result):
                if !result.trades.isEmpty { seen["trade", default: 0] += 1 }
                for update in result.orderUpdates {
                    if let reason = update.cancelReason { seen[reason.rawValue, default: 0] += 1 }
                    if !known.contains(update.orderId) { known.append(update.orderId) }
                }
            case nil: break
            }
        }
        for path in [
            "trade", "invalid_order", "invalid_price", "invalid_order_size", "order_already_exists", "requested",
            "decreased", "immediateOrCancel", "fillOrKill", "selfTradePrevention", "expired",
        ] {
            #expect(seen[path, default: 0] > 0, "no \(path) in \(seen)")
        }
    }
}
