import Testing

@testable import KalshiCore

struct AccountLedgerTests {
    let ticker = "KXETHD-TEST"

    /// cash + open cost == deposits + realized − fees, the ledger's bookkeeping identity.
    func expectBalanced(_ ledger: AccountLedger, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(
            ledger.cash + ledger.positionCost == ledger.deposited + ledger.realizedPnL - ledger.feesPaid,
            sourceLocation: sourceLocation)
    }

    @Test func buyingThenSellingYesNetsThePosition() {
        var ledger = AccountLedger(owner: "alice", cash: dollars("100"))
        let buy = ledger.recordFill(ticker: ticker, side: .bid, yesPrice: price("0.40"), count: count("10"), fee: dollars("0.17"))
        #expect(buy == dollars("-4.17"))
        #expect(ledger.position(in: ticker) == count("10"))
        #expect(ledger.positions[ticker]?.positionCost == dollars("4"))
        expectBalanced(ledger)

        // Selling 4 YES at 0.55 buys 4 NO at 0.45; each NO nets with a YES and pays $1.
        let sell = ledger.recordFill(ticker: ticker, side: .ask, yesPrice: price("0.55"), count: count("4"), fee: dollars("0.07"))
        #expect(sell == dollars("2.13"))
        #expect(ledger.position(in: ticker) == count("6"))
        #expect(ledger.positions[ticker]?.realizedPnL == dollars("0.60"))
        #expect(ledger.positions[ticker]?.positionCost == dollars("2.40"))
        expectBalanced(ledger)

        // Selling 10 at 0.50 closes the 6 YES and opens 4 NO at 0.50.
        let flip = ledger.recordFill(ticker: ticker, side: .ask, yesPrice: price("0.50"), count: count("10"), fee: .zero)
        #expect(flip == dollars("1"))
        #expect(ledger.position(in: ticker) == count("-4"))
        #expect(ledger.positions[ticker]?.positionCost == dollars("2"))
        #expect(ledger.positions[ticker]?.realizedPnL == dollars("1.20"))
        #expect(ledger.positions[ticker]?.volume == count("24"))
        #expect(ledger.feesPaid == dollars("0.24"))
        expectBalanced(ledger)

        // NO wins: 4 × $1.
        let payout = ledger.settle(ticker: ticker, result: .no)
        #expect(payout == dollars("4"))
        #expect(ledger.position(in: ticker) == .zero)
        #expect(ledger.positions[ticker]?.realizedPnL == dollars("3.20"))
        #expect(ledger.cash == dollars("100") + dollars("3.20") - dollars("0.24"))
        expectBalanced(ledger)
    }

    @Test func closingALongNoByBuyingYesReturnsOneMinusPrice() {
        var ledger = AccountLedger(owner: "bob", cash: dollars("10"))
        ledger.recordFill(ticker: ticker, side: .ask, yesPrice: price("0.70"), count: count("5"), fee: .zero)
        #expect(ledger.cash == dollars("8.50"))
        #expect(ledger.position(in: ticker) == count("-5"))
        ledger.recordFill(ticker: ticker, side: .bid, yesPrice: price("0.60"), count: count("5"), fee: .zero)
        // Paid 0.30 per NO, closed at 1 − 0.60 = 0.40 per contract.
        #expect(ledger.cash == dollars("10.50"))
        #expect(ledger.positions[ticker]?.realizedPnL == dollars("0.50"))
        #expect(ledger.positions[ticker]?.positionCost == .zero)
        #expect(ledger.settle(ticker: ticker, result: .yes) == .zero)
        expectBalanced(ledger)
    }

    @Test func averageCostLeavesNoResidueWhenAPositionCloses() {
        var ledger = AccountLedger(owner: "carol", cash: dollars("10"))
        ledger.recordFill(ticker: ticker, side: .bid, yesPrice: price("0.33"), count: count("0.03"), fee: .zero)
        ledger.recordFill(ticker: ticker, side: .bid, yesPrice: price("0.34"), count: count("0.01"), fee: .zero)
        ledger.recordFill(ticker: ticker, side: .ask, yesPrice: price("0.50"), count: count("0.03"), fee: .zero)
        expectBalanced(ledger)
        ledger.recordFill(ticker: ticker, side: .ask, yesPrice: price("0.50"), count: count("0.01"), fee: .zero)
        #expect(ledger.positions[ticker]?.positionCost == .zero)
        #expect(ledger.positions[ticker]?.realizedPnL == dollars("0.0067"))
        expectBalanced(ledger)
    }

    @Test func openingOrdersNeedTheirPremiumAndAFeeBound() throws {
        let fees = FeeSchedule()
        let ledger = AccountLedger(owner: "alice", cash: dollars("10"))
        let bid = OrderRequest.bid("alice", "0.40", "20")
        // 20 × 0.40 premium + 2,000 units × fee(0.40, 0.01 contract) = 0.07 × 0.01 × 0.24 → 0.0002.
        #expect(ledger.requiredCollateral(for: bid, ticker: ticker, fees: fees) == dollars("8.40"))
        try ledger.checkCollateral(for: bid, ticker: ticker, fees: fees)
        // An ask at 0.40 buys NO at 0.60; the fee bound uses the worst fill price, 0.50.
        let ask = OrderRequest.ask("alice", "0.40", "20")
        #expect(ledger.requiredCollateral(for: ask, ticker: ticker, fees: fees) == dollars("12.40"))
        #expect(throws: ExchangeError.insufficientBalance(required: dollars("12.40"), available: dollars("10"))) {
            try ledger.checkCollateral(for: ask, ticker: ticker, fees: fees)
        }
    }

    @Test func closingOrdersNeedOnlyTheFeeBound() {
        var ledger = AccountLedger(owner: "alice", cash: dollars("1"))
        ledger.recordFill(ticker: ticker, side: .bid, yesPrice: price("0.90"), count: count("1"), fee: .zero)
        #expect(ledger.cash == dollars("0.10"))
        let sell = OrderRequest.ask("alice", "0.95", "1")
        // Fee bound: 100 units × fee(0.95, 0.01) = 0.07 × 0.01 × 0.0475 → 0.0001 each.
        #expect(ledger.requiredCollateral(for: sell, ticker: ticker, fees: FeeSchedule()) == dollars("0.01"))
        // Selling more than held opens NO for the excess.
        let flip = OrderRequest.ask("alice", "0.95", "2")
        #expect(ledger.requiredCollateral(for: flip, ticker: ticker, fees: FeeSchedule()) == dollars("0.07"))
    }

    @Test func restingOrdersHoldCollateralUntilTheyFillOrCancel() throws {
        var engine = MatchingEngine(ticker: ticker, grid: .linearCent)
        var accounts = ExchangeAccounts()
        accounts.deposit(dollars("10"), to: "alice")
        accounts.deposit(dollars("10"), to: "bob")
        let request = OrderRequest.bid("alice", "0.50", "10")
        try accounts.checkCollateral(for: request, ticker: ticker, fees: engine.fees)
        let placed = try engine.submit(request, nowMs: 0)
        accounts.apply(placed, fees: engine.fees)
        // 10 × 0.50 + 1,000 units × 0.0002.
        #expect(accounts["alice"]?.reserved == dollars("5.20"))
        #expect(accounts["alice"]?.availableCash == dollars("4.80"))
        #expect(throws: ExchangeError.insufficientBalance(required: dollars("5.20"), available: dollars("4.80"))) {
            try accounts.checkCollateral(for: request, ticker: ticker, fees: engine.fees)
        }

        let fill = try engine.submit(.ask("bob", "0.50", "4"), nowMs: 1)
        accounts.apply(fill, fees: engine.fees)
        let alice = accounts["alice"]!
        #expect(alice.cash == dollars("8"))
        #expect(alice.reserved == dollars("3.12"))
        #expect(accounts["bob"]?.cash == dollars("10") - dollars("2") - dollars("0.07"))
        #expect(accounts["bob"]?.reserved == .zero)

        let canceled = try engine.cancel(orderId: placed.order!.id, nowMs: 2)
        accounts.apply(canceled, fees: engine.fees)
        #expect(accounts["alice"]?.reserved == .zero)
        #expect(accounts["alice"]?.availableCash == dollars("8"))
    }

    @Test func amendsAreCheckedForTheirExtraCollateral() throws {
        var engine = MatchingEngine(ticker: ticker, grid: .linearCent)
        var accounts = ExchangeAccounts()
        accounts.deposit(dollars("6"), to: "alice")
        let placed = try engine.submit(.bid("alice", "0.50", "10"), nowMs: 0)
        accounts.apply(placed, fees: engine.fees)
        let order = placed.order!
        #expect(
            accounts["alice"]!.requiredCollateral(
                amending: order, price: price("0.40"), totalCount: count("10"), fees: engine.fees) == dollars("-1.00"))
        try accounts.checkCollateral(amending: order, price: price("0.55"), totalCount: count("10"), fees: engine.fees)
        #expect(throws: ExchangeError.self) {
            try accounts.checkCollateral(amending: order, price: price("0.50"), totalCount: count("12"), fees: engine.fees)
        }
    }

    @Test func withdrawalsCannotTouchReservedCash() throws {
        var ledger = AccountLedger(owner: "alice", cash: dollars("1"))
        ledger.deposit(dollars("2"))
        try ledger.withdraw(dollars("0.5"))
        #expect(ledger.cash == dollars("2.5"))
        #expect(ledger.deposited == dollars("2.5"))
        #expect(throws: ExchangeError.insufficientBalance(required: dollars("3"), available: dollars("2.5"))) {
            try ledger.withdraw(dollars("3"))
        }
    }
}
