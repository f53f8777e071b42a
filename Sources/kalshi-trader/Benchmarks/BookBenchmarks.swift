import KalshiCore

enum BookBenchmarks {
    static let updates = 1_000_000

    /// Applies a 1,000,000-delta stream to a one-cent book and reads best bid and ask after each.
    static func applyDeltaAndReadTopOfBook() -> Benchmark {
        let (initial, stream) = SyntheticBookStream.make(updates: updates, seed: 0x5EED)
        return Benchmark(name: "book.apply_delta_bbo", operations: stream.count) {
            var book = initial
            var checksum: Int64 = 0
            for delta in stream {
                book.apply(delta)
                if let bid = book.bestYesBid { checksum &+= bid.price.ticks &+ bid.size.units }
                if let ask = book.bestYesAsk { checksum &+= ask.price.ticks &- ask.size.units }
            }
            precondition(book.isTradable, "the synthetic stream must stay valid")
            return checksum
        }
    }
}

/// A reproducible, always-valid delta stream around the top of a one-cent book: adds, partial
/// cancels and whole-level removals on both legs, never crossing (both legs bid ≤ 0.49).
enum SyntheticBookStream {
    static func make(updates: Int, seed: UInt64) -> (OrderBook, [BookDelta]) {
        var random = SplitMix64(seed: seed)
        var sizes: [OutcomeSide: [Int64]] = [.yes: Array(repeating: 0, count: 50), .no: Array(repeating: 0, count: 50)]
        var yesLevels: [BookLevel] = []
        var noLevels: [BookLevel] = []
        for cents in 30...49 {
            let yes = Int64(random.next(upTo: 500) + 1) * 100
            let no = Int64(random.next(upTo: 500) + 1) * 100
            sizes[.yes]![cents] = yes
            sizes[.no]![cents] = no
            yesLevels.append(BookLevel(price: Price(uncheckedTicks: Int64(cents) * 100), size: Quantity(units: yes)))
            noLevels.append(BookLevel(price: Price(uncheckedTicks: Int64(cents) * 100), size: Quantity(units: no)))
        }
        var book = OrderBook(grid: .linearCent)
        book.applySnapshot(yes: yesLevels, no: noLevels)
        var stream: [BookDelta] = []
        stream.reserveCapacity(updates)
        for _ in 0..<updates {
            let side: OutcomeSide = random.next(upTo: 2) == 0 ? .yes : .no
            // Activity concentrates near the touch, as in real books.
            let cents = 49 - Int(min(random.next(upTo: 20), random.next(upTo: 20)))
            let current = sizes[side]![cents]
            let change: Int64
            switch random.next(upTo: 10) {
            case 0...4: change = Int64(random.next(upTo: 300) + 1) * 100
            case 5...7: change = -min(current, Int64(random.next(upTo: 300) + 1) * 100)
            default: change = -current
            }
            sizes[side]![cents] = current + change
            stream.append(BookDelta(side: side, price: Price(uncheckedTicks: Int64(cents) * 100), delta: Quantity(units: change)))
        }
        return (book, stream)
    }
}

/// Small, fast, reproducible generator (Steele, Lea, Flood 2014) so benchmarks and tests replay
/// the same streams on every machine.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func next(upTo bound: UInt64) -> UInt64 { next() % bound }
}
