import Testing

@testable import KalshiCore

struct BookSynchronizerTests {
    func snapshot(_ sid: Int, _ seq: Int64, _ ticker: String, yes: String = "0.40", no: String = "0.50") -> BookFeedEvent {
        .snapshot(sid: sid, seq: seq, ticker: ticker, yes: [level(yes, "10")], no: [level(no, "10")])
    }

    func change(_ sid: Int, _ seq: Int64, _ ticker: String, _ size: String = "1") -> BookFeedEvent {
        .delta(sid: sid, seq: seq, ticker: ticker, delta(.yes, "0.40", size))
    }

    @Test func contiguousSequenceKeepsEveryBookTradable() {
        var sync = BookSynchronizer(defaultGrid: .linearCent)
        #expect(sync.apply(.subscribed(sid: 1)) == .none)
        #expect(sync.apply(snapshot(1, 1, "A")) == .none)
        #expect(sync.apply(snapshot(1, 2, "B")) == .none)
        #expect(sync.apply(change(1, 3, "A")) == .none)
        #expect(sync.apply(change(1, 4, "B", "-10")) == .none)
        #expect(sync.book("A")?.bestYesBid == level("0.40", "11"))
        #expect(sync.book("B")?.bestYesBid == nil)
        #expect(sync.books.values.allSatisfy { $0.isTradable })
        #expect(sync.counters.snapshots == 2 && sync.counters.deltas == 2 && sync.counters.gaps == 0)
    }

    @Test func aGapDistrustsEveryMarketOnTheSubscriptionUntilItsSnapshot() {
        var sync = BookSynchronizer(defaultGrid: .linearCent)
        _ = sync.apply(snapshot(1, 1, "A"))
        _ = sync.apply(snapshot(1, 2, "B"))
        _ = sync.apply(snapshot(2, 1, "C"))
        // seq 3 is lost on sid 1.
        #expect(sync.apply(change(1, 4, "A")) == .resync(sid: 1, tickers: ["A", "B"]))
        #expect(sync.counters.gaps == 1)
        #expect(sync.book("A")?.state == .needsResync(.sequenceGap(sid: 1, expected: 3, received: 4)))
        #expect(sync.book("B")?.isTradable == false)
        #expect(sync.book("C")?.isTradable == true)  // another subscription is unaffected
        // The delta that revealed the gap was not applied; later deltas are ignored until snapshots.
        #expect(sync.book("A")?.bidSize(.yes, at: price("0.40")) == count("10"))
        #expect(sync.apply(change(1, 5, "B")) == .none)
        #expect(sync.counters.deltasIgnoredWhileResyncing == 2)
        // get_snapshot answers arrive on the same sid, continuing its numbering.
        #expect(sync.apply(snapshot(1, 6, "A", yes: "0.41")) == .none)
        #expect(sync.book("A")?.isTradable == true)
        #expect(sync.book("A")?.bestYesBid == level("0.41", "10"))
        #expect(sync.book("B")?.isTradable == false)
        #expect(sync.apply(snapshot(1, 7, "B")) == .none)
        #expect(sync.books.values.allSatisfy { $0.isTradable })
    }

    @Test func aDuplicateFrameIsDoubtToo() {
        var sync = BookSynchronizer(defaultGrid: .linearCent)
        _ = sync.apply(snapshot(1, 1, "A"))
        _ = sync.apply(change(1, 2, "A"))
        #expect(sync.apply(change(1, 2, "A")) == .resync(sid: 1, tickers: ["A"]))
        #expect(sync.counters.duplicatesOrReordered == 1)
        #expect(sync.counters.gaps == 0)
        // The baseline did not move backwards: the next frame in order is accepted.
        #expect(sync.apply(snapshot(1, 3, "A")) == .none)
        #expect(sync.apply(change(1, 4, "A")) == .none)
        #expect(sync.book("A")?.isTradable == true)
    }

    @Test func aSnapshotThatRevealsAGapStillCounts() {
        var sync = BookSynchronizer(defaultGrid: .linearCent)
        _ = sync.apply(snapshot(1, 1, "A"))
        _ = sync.apply(snapshot(1, 2, "B"))
        #expect(sync.apply(snapshot(1, 5, "A")) == .resync(sid: 1, tickers: ["B"]))
        #expect(sync.book("A")?.isTradable == true)
        #expect(sync.book("B")?.isTradable == false)
    }

    @Test func deltaBeforeSnapshotAsksForOne() {
        var sync = BookSynchronizer(defaultGrid: .linearCent)
        #expect(sync.apply(change(1, 1, "A")) == .resync(sid: 1, tickers: ["A"]))
        #expect(sync.counters.deltasBeforeSnapshot == 1)
        #expect(sync.book("A")?.isTradable == false)
    }

    @Test func bookFaultsAreCountedAndResyncOnlyThatMarket() {
        var sync = BookSynchronizer(defaultGrid: .linearCent)
        _ = sync.apply(snapshot(1, 1, "A"))
        _ = sync.apply(snapshot(1, 2, "B"))
        #expect(sync.apply(change(1, 3, "A", "-11")) == .resync(sid: 1, tickers: ["A"]))
        #expect(sync.counters.negativeLevels == 1)
        #expect(sync.book("B")?.isTradable == true)
        let crossing = BookFeedEvent.delta(sid: 1, seq: 4, ticker: "B", delta(.yes, "0.55", "1"))
        #expect(sync.apply(crossing) == .resync(sid: 1, tickers: ["B"]))
        #expect(sync.counters.crossedBooks == 1)
        #expect(sync.counters.resyncsRequested == 2)
    }

    @Test func newSubscriptionAndReconnectResetSequences() {
        var sync = BookSynchronizer(defaultGrid: .linearCent)
        _ = sync.apply(snapshot(1, 1, "A"))
        _ = sync.apply(change(1, 2, "A"))
        sync.resetConnection()
        #expect(sync.book("A")?.state == .needsResync(.connectionReset))
        // After reconnecting, sids are renumbered and seq restarts at 1: not a gap.
        #expect(sync.apply(.subscribed(sid: 1)) == .none)
        #expect(sync.apply(snapshot(1, 1, "A")) == .none)
        #expect(sync.book("A")?.isTradable == true)
        #expect(sync.counters.gaps == 0)
    }

    @Test func sequencedRepliesAdvanceTheSubscription() {
        var sync = BookSynchronizer(defaultGrid: .linearCent)
        _ = sync.apply(snapshot(1, 1, "A"))
        #expect(sync.apply(.sequenced(sid: 1, seq: 2)) == .none)
        #expect(sync.apply(change(1, 3, "A")) == .none)
        #expect(sync.counters.gaps == 0)
    }

    @Test func knownGridsAreUsedAndChangingOneForcesAResnapshot() throws {
        let tapered = try PriceGrid(structure: "tapered_deci_cent")
        var sync = BookSynchronizer(grids: ["T": tapered], defaultGrid: .linearCent)
        _ = sync.apply(.snapshot(sid: 1, seq: 1, ticker: "T", yes: [level("0.955", "1")], no: []))
        #expect(sync.book("T")?.isTradable == true)
        _ = sync.apply(.snapshot(sid: 1, seq: 2, ticker: "L", yes: [level("0.955", "1")], no: []))
        #expect(sync.counters.offGridPrices == 1)
        sync.setGrid(.linearCent, for: "T")
        #expect(sync.book("T")?.state == .needsResync(.invalidSnapshot(.gridChanged)))
    }

    /// A snapshot with "seq":9223372036854775807 used to trap on `last + 1` at the next frame on
    /// its sid. Now whatever follows is a gap: counted, the sid's books distrusted, and the resync
    /// snapshots re-baseline the sid.
    @Test func aSequenceAtInt64MaxIsAGapNotATrap() {
        var sync = BookSynchronizer(defaultGrid: .linearCent)
        #expect(sync.apply(snapshot(3, .max, "A")) == .none)
        #expect(sync.apply(change(3, 1, "A")) == .resync(sid: 3, tickers: ["A"]))
        #expect(sync.counters.gaps == 1)
        #expect(sync.book("A")?.state == .needsResync(.sequenceGap(sid: 3, expected: .max, received: 1)))
        #expect(sync.apply(snapshot(3, 2, "A")) == .none)
        #expect(sync.book("A")?.isTradable == true)
        #expect(sync.apply(change(3, 3, "A")) == .none)
        // Int64.max again, and a duplicate of it, are still survivable.
        _ = sync.apply(.sequenced(sid: 3, seq: .max))
        #expect(sync.apply(.sequenced(sid: 3, seq: .max)) == .resync(sid: 3, tickers: ["A"]))
        #expect(sync.book("A")?.isTradable == false)
    }
}
