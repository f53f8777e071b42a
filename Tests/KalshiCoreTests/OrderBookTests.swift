import Testing

@testable import KalshiCore

struct OrderBookTests {
    /// The worked example of reference §5.1: YES best 0.42, NO best 0.56 → YES ask 0.44.
    func exampleBook() -> OrderBook {
        var book = OrderBook(grid: .linearCent)
        book.applySnapshot(
            yes: [level("0.40", "100"), level("0.42", "13.50"), level("0.30", "7")],
            no: [level("0.56", "20"), level("0.50", "146")])
        return book
    }

    @Test func snapshotGivesTopOfBookFromBothLegs() {
        let book = exampleBook()
        #expect(book.isTradable)
        #expect(book.bestYesBid == level("0.42", "13.50"))
        #expect(book.bestYesAsk == level("0.44", "20"))
        #expect(book.bestNoBid == level("0.56", "20"))
        #expect(book.bestNoAsk == level("0.58", "13.50"))
        #expect(book.spreadTicks == 200)
        #expect(book.mid == Money(micros: 430_000))
        #expect(book.yesLevelCount == 3)
        #expect(book.noLevelCount == 2)
        #expect(book.bidSize(.yes, at: price("0.40")) == count("100"))
        #expect(book.yesAskSize(at: price("0.50")) == count("146"))
        #expect(book.bidSize(.yes, at: price("0.41")) == .zero)
        #expect(book.levels(.yes).map(\.price) == [price("0.42"), price("0.40"), price("0.30")])
    }

    @Test func deltasAddRemoveAndMoveTheTop() {
        var book = exampleBook()
        #expect(book.apply(delta(.yes, "0.43", "5")) == .applied)
        #expect(book.bestYesBid == level("0.43", "5"))
        #expect(book.apply(delta(.yes, "0.43", "-5")) == .applied)
        #expect(book.bestYesBid == level("0.42", "13.50"))
        #expect(book.apply(delta(.yes, "0.42", "-13.50")) == .applied)
        #expect(book.bestYesBid == level("0.40", "100"))
        #expect(book.yesLevelCount == 2)
        #expect(book.apply(delta(.no, "0.56", "-20")) == .applied)
        #expect(book.bestYesAsk == level("0.50", "146"))
        #expect(book.apply(delta(.no, "0.50", "-146")) == .applied)
        #expect(book.bestYesAsk == nil)
        #expect(book.mid == nil)
        #expect(book.spreadTicks == nil)
    }

    @Test func fractionalSizesAreKeptExactly() {
        var book = exampleBook()
        book.apply(delta(.yes, "0.42", "0.01"))
        #expect(book.bestYesBid?.size == count("13.51"))
        book.apply(delta(.yes, "0.42", "-13.51"))
        #expect(book.bestYesBid?.price == price("0.40"))
    }

    @Test func aLevelDrivenNegativeNeedsResyncAndIgnoresLaterDeltas() {
        var book = exampleBook()
        let update = book.apply(delta(.yes, "0.40", "-101"))
        #expect(update == .faulted(.negativeLevel(side: .yes, price: price("0.40"), size: count("100"), delta: count("-101"))))
        #expect(!book.isTradable)
        #expect(book.apply(delta(.yes, "0.40", "1")) == .ignored)
        book.applySnapshot(yes: [level("0.40", "1")], no: [])
        #expect(book.isTradable)
        #expect(book.bestYesBid == level("0.40", "1"))
    }

    @Test func removingAMissingLevelIsCaught() {
        var book = exampleBook()
        #expect(book.apply(delta(.no, "0.10", "-1")) != .applied)
        #expect(!book.isTradable)
    }

    @Test func aCrossedBookNeedsResync() {
        var book = exampleBook()
        // YES bid 0.44 + NO bid 0.56 = 1.00: crossed (locked counts as crossed on Kalshi's two-bid book).
        let update = book.apply(delta(.yes, "0.44", "1"))
        #expect(update == .faulted(.crossed(yesBid: price("0.44"), noBid: price("0.56"))))
        #expect(book.state == .needsResync(.crossed(yesBid: price("0.44"), noBid: price("0.56"))))
    }

    @Test func aCrossedSnapshotIsRefused() {
        var book = OrderBook()
        let update = book.applySnapshot(yes: [level("0.60", "1")], no: [level("0.45", "1")])
        #expect(update == .faulted(.crossed(yesBid: price("0.60"), noBid: price("0.45"))))
        #expect(!book.isTradable)
    }

    @Test func deltaBeforeSnapshotIsCaught() {
        var book = OrderBook()
        #expect(book.state == .awaitingSnapshot)
        #expect(book.apply(delta(.yes, "0.40", "1")) == .faulted(.deltaBeforeSnapshot))
        #expect(book.state == .needsResync(.deltaBeforeSnapshot))
    }

    @Test func offGridPricesAreCaught() {
        var book = exampleBook()
        #expect(book.apply(delta(.yes, "0.405", "1")) == .faulted(.offGrid(side: .yes, price: price("0.405"))))
        var fresh = OrderBook()
        #expect(fresh.applySnapshot(yes: [level("0.405", "1")], no: []) == .faulted(.offGrid(side: .yes, price: price("0.405"))))
    }

    @Test func badSnapshotsAreRefused() {
        var book = OrderBook()
        #expect(
            book.applySnapshot(yes: [level("0.40", "1"), level("0.40", "2")], no: [])
                == .faulted(.invalidSnapshot(.duplicatePrice(.yes, price("0.40")))))
        #expect(
            book.applySnapshot(yes: [], no: [level("0.40", "-2")])
                == .faulted(.invalidSnapshot(.negativeSize(.no, price("0.40"), count("-2")))))
        // Zero-size levels are simply absent.
        #expect(book.applySnapshot(yes: [level("0.40", "0")], no: []) == .applied)
        #expect(book.yesLevelCount == 0)
    }

    @Test func subCentGridsWork() throws {
        var book = OrderBook(grid: try PriceGrid(structure: "tapered_deci_cent"))
        book.applySnapshot(yes: [level("0.955", "3"), level("0.95", "1")], no: [level("0.041", "2")])
        #expect(book.bestYesBid == level("0.955", "3"))
        #expect(book.bestYesAsk == level("0.959", "2"))
        #expect(book.apply(delta(.yes, "0.955", "-3")) == .applied)
        #expect(book.bestYesBid == level("0.95", "1"))
    }

    @Test func sweepingTheBookWalksLevelsInPriceOrder() {
        let book = exampleBook()
        // Buying 30 YES: 20 at 0.44 (NO 0.56), then 10 at 0.50 (NO 0.50) → 8.80 + 5.00.
        let buy = book.estimateFill(.bid, count: count("30"))
        #expect(buy.filled == count("30") && buy.isComplete)
        #expect(buy.notional == Money(cents: 1_380))
        #expect(buy.worstPrice == price("0.50"))
        #expect(buy.levelsTouched == 2)
        #expect(buy.averagePrice == Money(micros: 460_000))
        // Selling 200 YES: only 120.50 rest on the YES side.
        let sell = book.estimateFill(.ask, count: count("200"))
        #expect(sell.filled == count("120.50"))
        #expect(!sell.isComplete)
        #expect(sell.notional == Money(micros: 5_670_000 + 40_000_000 + 2_100_000))
        #expect(book.estimateFill(.bid, count: .zero).averagePrice == nil)
    }
}
