import PropertyBased
import Testing

@testable import KalshiCore

/// Random snapshot + delta streams against a deliberately naive book (a dictionary per leg).
/// After every step both must agree on best bid/ask and level counts, and every invalid step
/// (a level driven negative, a crossed book) must be caught by the real book.
struct OrderBookPropertyTests {
    struct NaiveBook {
        var yes: [Int64: Int64] = [:]
        var no: [Int64: Int64] = [:]

        var bestYes: Int64? { yes.keys.max() }
        var bestNo: Int64? { no.keys.max() }
        var isCrossed: Bool {
            guard let yes = bestYes, let no = bestNo else { return false }
            return yes + no >= 10_000
        }

        /// nil when the delta is invalid (negative level or crossing); the book is then unchanged.
        func applying(side: OutcomeSide, ticks: Int64, change: Int64) -> NaiveBook? {
            var copy = self
            let current = (side == .yes ? yes[ticks] : no[ticks]) ?? 0
            let updated = current + change
            guard updated >= 0 else { return nil }
            if side == .yes {
                copy.yes[ticks] = updated == 0 ? nil : updated
            } else {
                copy.no[ticks] = updated == 0 ? nil : updated
            }
            return copy.isCrossed ? nil : copy
        }

        var snapshot: (yes: [BookLevel], no: [BookLevel]) {
            (
                yes.map { BookLevel(price: Price(uncheckedTicks: $0.key), size: Quantity(units: $0.value)) },
                no.map { BookLevel(price: Price(uncheckedTicks: $0.key), size: Quantity(units: $0.value)) }
            )
        }
    }

    /// Each code decodes to one step: mostly valid adds and reductions near mid-book, sometimes
    /// an arbitrary (often invalid) change anywhere on the grid.
    static func step(from code: Int, reference: NaiveBook) -> BookDelta {
        let side: OutcomeSide = code & 1 == 0 ? .yes : .no
        let kind = (code >> 1) % 10
        let wild = kind == 9
        let cents = Int64(wild ? (code >> 5) % 101 : 30 + (code >> 5) % 20)
        let ticks = cents * 100
        let current = (side == .yes ? reference.yes[ticks] : reference.no[ticks]) ?? 0
        let amount = Int64((code >> 12) % 50_000 + 1)
        let change: Int64
        switch kind {
        case 0...5: change = amount
        case 6...7: change = -min(current, amount)
        case 8: change = -current
        default: change = (code >> 30) & 1 == 0 ? -amount : amount
        }
        return BookDelta(side: side, price: Price(uncheckedTicks: ticks), delta: Quantity(units: change))
    }

    @Test func bookAgreesWithNaiveReferenceOnRandomStreams() async {
        await propertyCheck(count: 300, input: Gen.int(in: 0...Int(Int32.max)).array(of: 0...400)) { codes in
            var reference = NaiveBook()
            var book = OrderBook(grid: .linearCent)
            #expect(book.applySnapshot(yes: [], no: []) == .applied)
            for code in codes {
                let step = OrderBookPropertyTests.step(from: code, reference: reference)
                let update = book.apply(step)
                if let next = reference.applying(side: step.side, ticks: step.price.ticks, change: step.delta.units) {
                    #expect(update == .applied)
                    reference = next
                } else {
                    guard case .faulted = update else {
                        Issue.record("invalid step \(step) was not caught: \(update)")
                        return
                    }
                    #expect(!book.isTradable)
                    // Recover the way the session would: a fresh snapshot of the true book.
                    let snapshot = reference.snapshot
                    #expect(book.applySnapshot(yes: snapshot.yes.shuffled(), no: snapshot.no) == .applied)
                }
                #expect(book.bestYesBid?.price.ticks == reference.bestYes)
                #expect(book.bestYesBid?.size.units == reference.bestYes.map { reference.yes[$0]! })
                #expect(book.bestYesAsk?.price.ticks == reference.bestNo.map { 10_000 - $0 })
                #expect(book.bestYesAsk?.size.units == reference.bestNo.map { reference.no[$0]! })
                #expect(book.yesLevelCount == reference.yes.count)
                #expect(book.noLevelCount == reference.no.count)
            }
        }
    }

    @Test func sweepAgreesWithNaiveReference() async {
        await propertyCheck(
            count: 200, input: Gen.int(in: 0...Int(Int32.max)).array(of: 0...100), Gen.int64(in: 1...2_000_000)
        ) { codes, wanted in
            var reference = NaiveBook()
            for code in codes {
                let step = OrderBookPropertyTests.step(from: code, reference: reference)
                if let next = reference.applying(side: step.side, ticks: step.price.ticks, change: step.delta.units) {
                    reference = next
                }
            }
            var book = OrderBook()
            let snapshot = reference.snapshot
            book.applySnapshot(yes: snapshot.yes, no: snapshot.no)
            // Buying YES lifts NO bids from the highest NO price (lowest YES ask) down.
            var remaining = wanted
            var notional: Int64 = 0
            for noTicks in reference.no.keys.sorted(by: >) where remaining > 0 {
                let take = min(remaining, reference.no[noTicks]!)
                notional += take * (10_000 - noTicks)
                remaining -= take
            }
            let estimate = book.estimateFill(.bid, count: Quantity(units: wanted))
            #expect(estimate.filled.units == wanted - remaining)
            #expect(estimate.notional.micros == notional)
        }
    }
}
