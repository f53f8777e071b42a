import PropertyBased
import Testing

@testable import KalshiCore

/// Several accounts trading against each other through `ExchangeCore`: money is neither made
/// nor lost except as fees, collateral always covers what resting orders could cost, and
/// settlement pays exactly the open interest.
struct ExchangeCoreTests {
    static let owners = ["alice", "bob", "carol", "dave"]
    static let tickers = ["KX-A", "KX-B"]

    static func exchange() -> ExchangeCore {
        var exchange = ExchangeCore()
        // Both engines use the same id namespace on purpose: order ids then repeat across
        // markets, and the accounts must still keep their orders apart.
        exchange.list(MatchingEngine(ticker: "KX-A", grid: .linearCent, fees: FeeSchedule()))
        exchange.list(
            MatchingEngine(
                ticker: "KX-B", grid: try! PriceGrid(structure: "tapered_deci_cent"),
                fees: FeeSchedule(type: .quadraticWithMakerFees)))
        for (index, owner) in owners.enumerated() {
            exchange.deposit(Money(micros: Int64(index + 1) * 30_000_000 + 123), to: owner)
        }
        return exchange
    }

    /// Contracts of one market held long YES across accounts, as dollars at settlement.
    static func openInterest(_ exchange: ExchangeCore, _ ticker: String) -> Money {
        let yes = exchange.accounts.ledgers.values.reduce(Quantity.zero) {
            $0 + ($1.positions[ticker]?.yesContracts ?? .zero)
        }
        return Money.notional(price: .one, count: yes)
    }

    /// Problems with the money identities; empty when everything adds up.
    static func moneyProblems(_ exchange: ExchangeCore, feesCharged: Money) -> [String] {
        var problems: [String] = []
        let accounts = exchange.accounts
        for ticker in tickers {
            let net = accounts.ledgers.values.reduce(Quantity.zero) { $0 + $1.position(in: ticker) }
            if !net.isZero { problems.append("\(ticker): YES and NO held differ by \(net)") }
        }
        let interest = tickers.reduce(Money.zero) { $0 + openInterest(exchange, $1) }
        if accounts.totalCash + interest != accounts.totalDeposited - accounts.totalFeesPaid {
            problems.append(
                "cash \(accounts.totalCash) + open interest \(interest) != "
                    + "deposits \(accounts.totalDeposited) − fees \(accounts.totalFeesPaid)")
        }
        if accounts.totalFeesPaid != feesCharged {
            problems.append("accounts paid \(accounts.totalFeesPaid) but trades charged \(feesCharged)")
        }
        for ledger in accounts.ledgers.values {
            if ledger.cash + ledger.positionCost != ledger.deposited + ledger.realizedPnL - ledger.feesPaid {
                problems.append("\(ledger.owner): cash + cost != deposits + realized − fees")
            }
            if ledger.reserved < .zero || ledger.cash < ledger.reserved {
                problems.append("\(ledger.owner): cash \(ledger.cash) below reserved \(ledger.reserved)")
            }
            let resting = tickers.flatMap { exchange.market($0)!.restingOrders(owner: ledger.owner) }
            let reservedByOrders = resting.reduce(Money.zero) {
                $0 + ledger.reservation(ticker: $1.ticker, orderId: $1.id)
            }
            if reservedByOrders != ledger.reserved || ledger.restingOrderCount != resting.count {
                problems.append("\(ledger.owner): reservations do not match the resting orders")
            }
        }
        return problems
    }

    static func step(_ code: Int, exchange: inout ExchangeCore, nowMs: Int64) -> Result<[MatchingResult], ExchangeError> {
        var choice = ChoiceReader(code)
        let owner = owners[choice.take(owners.count)]
        let ticker = tickers[choice.take(tickers.count)]
        let resting = exchange.market(ticker)!.restingOrders()
        do throws(ExchangeError) {
            switch choice.take(16) {
            case 0...10:
                var request = MatchingEnginePropertyTests.randomRequest(owner: owner, &choice, nowMs: nowMs)
                // Mostly well-formed requests here: the engine tests cover refusals.
                if request.timeInForce != .goodTillCanceled && !choice.chance(10) {
                    request.expirationMs = nil
                    request.postOnly = false
                }
                if !choice.chance(8) { request.clientOrderId = nil }
                return .success([try exchange.submit(request, ticker: ticker, nowMs: nowMs)])
            case 11:
                guard let order = resting.element(choosing: &choice) else { return .success([]) }
                return .success([try exchange.cancel(orderId: order.id, ticker: ticker, owner: order.owner, nowMs: nowMs)])
            case 12, 13:
                guard let order = resting.element(choosing: &choice) else { return .success([]) }
                let ticks = order.price.ticks + Int64(choice.take(9) - 4) * 100
                let total = order.filledCount + Quantity(units: Int64(1 + choice.take(3_000)))
                return .success([
                    try exchange.amend(
                        orderId: order.id, ticker: ticker, owner: order.owner, price: Price(uncheckedTicks: ticks),
                        totalCount: total, nowMs: nowMs)
                ])
            case 14:
                guard let order = resting.element(choosing: &choice) else { return .success([]) }
                let reduction = OrderReduction.by(Quantity(units: Int64(1 + choice.take(500))))
                return .success([
                    try exchange.decrease(orderId: order.id, ticker: ticker, owner: order.owner, reduction, nowMs: nowMs)
                ])
            default:
                return .success(choice.chance(2) ? exchange.cancelAll(owner: owner, nowMs: nowMs) : exchange.expire(nowMs: nowMs))
            }
        } catch {
            return .failure(error)
        }
    }

    @Test func moneyIsConservedAndCollateralHoldsUnderRandomTrading() async {
        await propertyCheck(
            count: 100, input: Gen.int(in: 0...Int.max).array(of: 1...300), Gen.bool, Gen.bool
        ) { codes, yesWinsA, yesWinsB in
            var exchange = Self.exchange()
            var feesCharged = Money.zero
            var nowMs: Int64 = 5_000
            for code in codes {
                nowMs += Int64(code % 500)
                let before = exchange
                switch Self.step(code, exchange: &exchange, nowMs: nowMs) {
                case .failure:
                    #expect(exchange == before, "a refused request changed the exchange")
                case .success(let results):
                    for trade in results.flatMap(\.trades) { feesCharged = feesCharged + trade.makerFee + trade.takerFee }
                }
                let problems = Self.moneyProblems(exchange, feesCharged: feesCharged)
                #expect(problems.isEmpty, "\(problems)")
                if !problems.isEmpty { return }
            }
            // Settlement pays exactly the open interest and leaves deposits − fees in cash.
            for (ticker, yesWins) in zip(Self.tickers, [yesWinsA, yesWinsB]) {
                let openInterest = Self.openInterest(exchange, ticker)
                let settled = try! exchange.settle(ticker: ticker, result: yesWins ? .yes : .no, nowMs: nowMs)
                #expect(settled.payouts.reduce(Money.zero) { $0 + $1.payout } == openInterest)
                #expect(throws: ExchangeError.marketClosed(ticker: ticker)) {
                    try exchange.settle(ticker: ticker, result: .yes, nowMs: nowMs)
                }
            }
            let accounts = exchange.accounts
            #expect(accounts.totalCash == accounts.totalDeposited - feesCharged)
            for ledger in accounts.ledgers.values {
                #expect(ledger.reserved == .zero)
                #expect(ledger.positionCost == .zero)
                #expect(ledger.cash == ledger.deposited + ledger.realizedPnL - ledger.feesPaid)
                #expect(ledger.positions.values.allSatisfy { $0.position.isZero })
            }
        }
    }

    /// One long deterministic stream reaches trades, refusals for balance, netting and flips.
    @Test func randomTradingReachesEveryPath() {
        var exchange = Self.exchange()
        var seen: [String: Int] = [:]
        var state: UInt64 = 7
        for index in 0..<3_000 {
            state &+= 0x9E37_79B9_7F4A_7C15
            let code = Int(truncatingIfNeeded: (state ^ (state >> 29)) & 0x7FFF_FFFF_FFFF_FFFF)
            let positionsBefore = exchange.accounts.ledgers.mapValues { $0.positions.mapValues(\.position) }
            switch Self.step(code, exchange: &exchange, nowMs: Int64(index) * 250) {
            case .failure(let error): seen[error.code, default: 0] += 1
            case .success(let results):
                if results.contains(where: { !$0.trades.isEmpty }) { seen["trade", default: 0] += 1 }
            }
            for (owner, ledger) in exchange.accounts.ledgers {
                for (ticker, state) in ledger.positions {
                    let old = positionsBefore[owner]?[ticker] ?? .zero
                    if old.units > 0 && state.position.units < 0 || old.units < 0 && state.position.units > 0 {
                        seen["flip", default: 0] += 1
                    } else if state.position.magnitude < old.magnitude {
                        seen["netting", default: 0] += 1
                    }
                }
            }
        }
        for path in ["trade", "insufficient_balance", "flip", "netting"] {
            #expect(seen[path, default: 0] > 0, "no \(path) in \(seen)")
        }
    }

    @Test func ordersTheAccountCannotAffordAreRefusedWithoutChanges() throws {
        var exchange = ExchangeCore()
        exchange.list(MatchingEngine(ticker: "KX", grid: .linearCent))
        exchange.deposit(dollars("5"), to: "alice")
        let before = exchange
        #expect(throws: ExchangeError.insufficientBalance(required: dollars("6.20"), available: dollars("5"))) {
            try exchange.submit(.bid("alice", "0.60", "10"), ticker: "KX", nowMs: 0)
        }
        #expect(exchange == before)
        // Validation errors come before the balance check, as on Kalshi.
        #expect(throws: ExchangeError.invalidPrice(price("0.605"))) {
            try exchange.submit(.bid("alice", "0.605", "1000"), ticker: "KX", nowMs: 0)
        }
        #expect(throws: ExchangeError.marketNotFound(ticker: "NOPE")) {
            try exchange.submit(.bid("alice", "0.60", "1"), ticker: "NOPE", nowMs: 0)
        }
        #expect(throws: ExchangeError.insufficientBalance(required: dollars("0.52"), available: .zero)) {
            try exchange.submit(.bid("nobody", "0.50", "1"), ticker: "KX", nowMs: 0)
        }
    }

    /// An exchange run again with another namespace base hands out none of the ids of the run
    /// before: a fake venue restarted must not repeat a trade id a kept journal has booked.
    @Test func aNamespaceBaseKeepsTheIdsOfTwoRunsApart() throws {
        func firstIds(base: UInt32) throws -> (order: String?, trade: String?) {
            var exchange = ExchangeCore(idNamespaceBase: base)
            exchange.list(
                MarketMetadata(
                    ticker: "KX", eventTicker: "KXE", strikeType: .greater, floorStrike: Money(cents: 299_999), capStrike: nil,
                    openTimeMs: 0, closeTimeMs: 10_000_000, fees: FeeSchedule()))
            exchange.deposit(dollars("100"), to: "alice")
            exchange.deposit(dollars("100"), to: "bob")
            let resting = try exchange.submit(.ask("bob", "0.30", "1"), ticker: "KX", nowMs: 0)
            let taken = try exchange.submit(.bid("alice", "0.35", "1"), ticker: "KX", nowMs: 1)
            return (resting.order?.id, taken.trades.first?.tradeId)
        }
        let first = try firstIds(base: 0)
        let again = try firstIds(base: 0)
        let restarted = try firstIds(base: 0x0001_0000)
        #expect(first.order != nil && first.trade != nil)
        #expect(first.order == again.order && first.trade == again.trade, "the same base: the same ids")
        #expect(restarted.order != first.order && restarted.trade != first.trade)
        #expect(restarted.order?.hasPrefix("00010001-") == true, "\(restarted.order ?? "none")")
    }

    @Test func aRoundTripThroughTheExchange() throws {
        var exchange = ExchangeCore()
        exchange.list(MatchingEngine(ticker: "KX", grid: .linearCent))
        exchange.deposit(dollars("100"), to: "alice")
        exchange.deposit(dollars("100"), to: "bob")
        let resting = try exchange.submit(.ask("bob", "0.30", "10"), ticker: "KX", nowMs: 0)
        // Bob buys NO at 0.70: 7.00 + 1,000 × fee bound at 0.50 (0.0002).
        #expect(exchange.accounts["bob"]?.reserved == dollars("7.20"))
        let taken = try exchange.submit(.bid("alice", "0.35", "10"), ticker: "KX", nowMs: 1)
        #expect(taken.trades.map(\.yesPrice) == [price("0.30")])
        #expect(exchange.accounts["alice"]?.cash == dollars("100") - dollars("3") - dollars("0.147"))
        #expect(exchange.accounts["bob"]?.cash == dollars("93"))
        #expect(exchange.accounts["bob"]?.reserved == .zero)
        #expect(exchange.market("KX")?.order(id: resting.order!.id)?.status == .executed)
        let settled = try exchange.settle(ticker: "KX", result: .yes, nowMs: 2)
        #expect(
            settled.payouts == [
                SettlementPayout(owner: "alice", ticker: "KX", position: count("10"), result: .yes, payout: dollars("10")),
                SettlementPayout(owner: "bob", ticker: "KX", position: count("-10"), result: .yes, payout: .zero),
            ])
        #expect(exchange.accounts["alice"]?.cash == dollars("106.853"))
        #expect(exchange.accounts.totalCash == dollars("200") - dollars("0.147"))
        #expect(throws: ExchangeError.marketClosed(ticker: "KX")) {
            try exchange.submit(.bid("alice", "0.35", "10"), ticker: "KX", nowMs: 3)
        }
    }
}

extension Array {
    /// A deterministic pick driven by a `ChoiceReader`, so property inputs replay exactly.
    func element(choosing choice: inout ChoiceReader) -> Element? {
        isEmpty ? nil : self[choice.take(count)]
    }
}
