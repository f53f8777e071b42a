import KalshiCore

/// A reproducible synthetic recording for benchmarks and tests: three ETH threshold markets
/// (strikes 2,979.99 / 2,999.99 / 3,019.99) and a valid stream of market data around them — the
/// event mix of the engine benchmark: 75 % book deltas near the touch, 10 % public trades, 13 %
/// index spots on a random walk, 2 % timers, one event per millisecond.
public enum SyntheticRecording {
    public struct Summary: Sendable, Equatable {
        public var events: Int
        public var bytes: Int64
    }

    /// Writes `events` events (plus the market and name definitions) to `path`.
    @discardableResult
    public static func write(path: String, events count: Int, seed: UInt64 = 7) throws(RecordingError) -> Summary {
        let writer = try RecordingWriter(
            path: path, header: RecordingHeader(producer: "synthetic", source: "synthetic seed \(seed)", timers: .recorded))
        let closeMs = Int64(count) + 10_000_000
        try writer.append(0, .name(RecordedName(namespace: .asset, id: 0, text: "ETH")))
        try writer.append(0, .name(RecordedName(namespace: .venue, id: 0, text: "synthetic")))
        let strikes: [Int64] = [2_980, 3_000, 3_020]
        for (index, strike) in strikes.enumerated() {
            let metadata = MarketMetadata(
                ticker: "KXETHD-SYNTH-T\(strike - 1).99", eventTicker: "KXETHD-SYNTH", seriesTicker: "KXETHD",
                strikeType: .greater,
                floorStrike: Money(cents: strike * 100 - 1), openTimeMs: 0, closeTimeMs: closeMs)
            try writer.append(0, .market(RecordedMarket(id: UInt32(index), asset: "ETH", metadata: metadata)))
        }
        var random = SyntheticRandom(seed: seed)
        var written = 0
        func emit(_ time: Int64, _ event: RecordedEvent) throws(RecordingError) {
            try writer.append(time, event)
            written += 1
        }
        try emit(0, .volatility(asset: 0, sigma: 0.6))
        try emit(0, .spot(RecordedSpot(asset: 0, venue: 0, kind: .index, price: Money(micros: 3_000_000_000), exchangeTimeMs: 0)))
        var sizes = Array(
            repeating: [Array(repeating: Int64(0), count: 101), Array(repeating: Int64(0), count: 101)], count: strikes.count)
        for market in strikes.indices where written < count {
            var yes: [BookLevel] = []
            var no: [BookLevel] = []
            for cents in stride(from: 47, through: 35, by: -1) {
                sizes[market][0][cents] = Int64(random.next(upTo: 300) + 1) * 100
                sizes[market][1][cents] = Int64(random.next(upTo: 300) + 1) * 100
                yes.append(
                    BookLevel(price: Price(uncheckedTicks: Int64(cents) * 100), size: Quantity(units: sizes[market][0][cents])))
                no.append(
                    BookLevel(price: Price(uncheckedTicks: Int64(cents) * 100), size: Quantity(units: sizes[market][1][cents])))
            }
            try emit(0, .bookSnapshot(market: UInt32(market), yes: yes, no: no))
        }
        var spot: Int64 = 3_000_000_000
        var time: Int64 = 1
        while written < count {
            time += 1
            let roll = random.next(upTo: 100)
            if roll < 75 {
                let market = Int(random.next(upTo: UInt64(strikes.count)))
                let leg = Int(random.next(upTo: 2))
                let cents = 47 - Int(min(random.next(upTo: 13), random.next(upTo: 13)))
                let current = sizes[market][leg][cents]
                let change: Int64 =
                    random.next(upTo: 2) == 0
                    ? Int64(random.next(upTo: 200) + 1) * 100 : -min(current, Int64(random.next(upTo: 200) + 1) * 100)
                sizes[market][leg][cents] += change
                let delta = BookDelta(
                    side: leg == 0 ? .yes : .no, price: Price(uncheckedTicks: Int64(cents) * 100), delta: Quantity(units: change))
                try emit(time, .bookDelta(market: UInt32(market), delta))
            } else if roll < 85 {
                let market = UInt32(random.next(upTo: UInt64(strikes.count)))
                let price = Price(uncheckedTicks: Int64(45 + random.next(upTo: 8)) * 100)
                let count = Quantity(contracts: 1 + Int(random.next(upTo: 20)))
                try emit(
                    time,
                    .publicTrade(
                        market: market, yesPrice: price, count: count, takerSide: random.next(upTo: 2) == 0 ? .bid : .ask))
            } else if roll < 98 {
                spot += Int64(random.next(upTo: 2_000_001)) - 1_000_000
                try emit(
                    time, .spot(RecordedSpot(asset: 0, venue: 0, kind: .index, price: Money(micros: spot), exchangeTimeMs: time)))
            } else {
                try emit(time, .timer)
            }
        }
        try writer.close()
        return Summary(events: written, bytes: writer.bytesWritten)
    }
}

/// SplitMix64: small, fast and the same on every platform.
struct SyntheticRandom {
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
