import KalshiCore

/// The crypto series Kalshi lists per asset (reference §6.1).
public struct CryptoSeries: Sendable, Equatable {
    public var asset: String
    /// "Above $X" ladder, e.g. `KXETHD`.
    public var threshold: String
    /// Range buckets, e.g. `KXETH`.
    public var range: String

    public static func forAsset(_ asset: String) -> CryptoSeries? {
        switch asset.uppercased() {
        case "ETH": CryptoSeries(asset: "ETH", threshold: "KXETHD", range: "KXETH")
        case "BTC": CryptoSeries(asset: "BTC", threshold: "KXBTCD", range: "KXBTC")
        default: nil
        }
    }
}

/// One event's markets, sorted by strike.
public struct HourlyEvent: Sendable, Equatable {
    public var eventTicker: String
    public var seriesTicker: String?
    public var closeTimeMs: Int64
    public var markets: [MarketMetadata]

    public init(eventTicker: String, seriesTicker: String?, closeTimeMs: Int64, markets: [MarketMetadata]) {
        self.eventTicker = eventTicker
        self.seriesTicker = seriesTicker
        self.closeTimeMs = closeTimeMs
        self.markets = markets.sorted { ($0.floorStrike ?? $0.capStrike ?? .zero) < ($1.floorStrike ?? $1.capStrike ?? .zero) }
    }

    /// The event that closes next after `nowMs` among `markets` (the currently trading hour).
    public static func current(in markets: [MarketMetadata], nowMs: Int64) -> HourlyEvent? {
        let live = markets.filter { $0.closeTimeMs > nowMs && $0.openTimeMs <= nowMs }
        let byEvent = Dictionary(grouping: live, by: \.eventTicker)
        guard let (ticker, members) = byEvent.min(by: { ($0.value[0].closeTimeMs, $0.key) < ($1.value[0].closeTimeMs, $1.key) }) else {
            return nil
        }
        return HourlyEvent(eventTicker: ticker, seriesTicker: members[0].seriesTicker, closeTimeMs: members[0].closeTimeMs, markets: members)
    }

    /// The event that closes first after `closeMs` among `markets`, open or not yet open: the
    /// one a rolling session trades after the event closing at `closeMs`.
    public static func next(after closeMs: Int64, in markets: [MarketMetadata]) -> HourlyEvent? {
        let later = markets.filter { $0.closeTimeMs > closeMs }
        let byEvent = Dictionary(grouping: later, by: \.eventTicker)
        guard let (ticker, members) = byEvent.min(by: { ($0.value[0].closeTimeMs, $0.key) < ($1.value[0].closeTimeMs, $1.key) }) else {
            return nil
        }
        return HourlyEvent(eventTicker: ticker, seriesTicker: members[0].seriesTicker, closeTimeMs: members[0].closeTimeMs, markets: members)
    }

    /// The `count` markets whose strikes are closest to `spot`: threshold markets by distance of
    /// the strike, range buckets by distance of their centre (the bucket holding spot first).
    public func nearest(to spot: Money, count: Int = 1) -> [MarketMetadata] {
        func distance(_ market: MarketMetadata) -> Int64 {
            switch (market.floorStrike, market.capStrike) {
            case (let floor?, let cap?):
                if spot >= floor && spot <= cap { return 0 }
                return abs((floor.micros + cap.micros) / 2 - spot.micros)
            case (let floor?, nil): return abs(floor.micros - spot.micros)
            case (nil, let cap?): return abs(cap.micros - spot.micros)
            case (nil, nil): return .max
            }
        }
        return Array(markets.sorted { (distance($0), $0.ticker) < (distance($1), $1.ticker) }.prefix(max(0, count)))
    }
}
