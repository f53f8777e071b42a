import KalshiCore
import Testing

@testable import SignalFeeds

/// The `u`/`pu` rules of crypto-feeds.md §2.1.
struct CryptoComBookTests {
    func level(_ price: String, _ size: String) -> CryptoComLevel { CryptoComLevel(price: dollars(price), size: amount(size)) }

    func book() -> CryptoComBook {
        CryptoComBook(
            snapshot: CryptoComBookSnapshot(
                bids: [level("99", "1"), level("100", "2")], asks: [level("101", "3"), level("102", "4")], publishMs: 1,
                updateId: 10), depth: 2)
    }

    @Test func snapshotSortsAndMidIsExact() {
        let book = book()
        #expect(book.bestBid == level("100", "2"))
        #expect(book.bestAsk == level("101", "3"))
        #expect(book.mid == dollars("100.5"))
        #expect(book.lastUpdateId == 10)
    }

    @Test func appliesOnlyWhenPreviousIdMatches() {
        var book = book()
        let update = CryptoComBookUpdate(
            bids: [level("100", "0"), level("100.5", "1")], asks: [], publishMs: 2, updateId: 12, previousUpdateId: 10)
        #expect(book.apply(update) == .applied)
        #expect(book.bestBid == level("100.5", "1"), "size 0 deleted 100, 100.5 added")
        #expect(book.bids.count == 2, "depth 2 kept")
        #expect(book.lastUpdateId == 12)
        // The same message again is old news, not a break.
        #expect(book.apply(update) == .duplicate)
        // A delta whose predecessor we never saw.
        let skipped = CryptoComBookUpdate(bids: [], asks: [], publishMs: 3, updateId: 14, previousUpdateId: 13)
        #expect(book.apply(skipped) == .sequenceBreak(expected: 12, got: 13))
        #expect(book.lastUpdateId == 12, "a refused delta changes nothing")
        // An empty delta is a heartbeat that still advances the chain.
        #expect(book.apply(CryptoComBookUpdate(bids: [], asks: [], publishMs: 4, updateId: 13, previousUpdateId: 12)) == .applied)
        #expect(book.lastUpdateId == 13)
    }

    @Test func crossingUpdateIsReported() {
        var book = book()
        let crossing = CryptoComBookUpdate(
            bids: [level("101.5", "1")], asks: [], publishMs: 2, updateId: 11, previousUpdateId: 10)
        #expect(book.apply(crossing) == .crossed)
        #expect(book.isCrossed)
    }
}
