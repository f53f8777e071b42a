import KalshiCore

/// A fake-exchange scenario taken from a recording: the recorded markets, each market's book as
/// it changed over time, and each asset's price path (what the markets settle on and what the
/// fake signal feeds publish). The fake lists exactly these markets, replays their books
/// through a participant's resting orders (`RecordedTape`) and settles them from the paths.
public struct RecordedScenario: Sendable {
    public struct Market: Sendable, Equatable {
        public var metadata: MarketMetadata
        /// The underlying whose price path settles the market (`ETH`, `BTC`).
        public var asset: String

        public init(metadata: MarketMetadata, asset: String) {
            self.metadata = metadata
            self.asset = asset
        }
    }

    public enum BookChange: Sendable, Equatable {
        case snapshot(yes: [BookLevel], no: [BookLevel])
        case delta(BookDelta)
        /// The recording lost this book (a gap): it is not followed until its next snapshot.
        case untrusted
    }

    public struct TimedBookChange: Sendable, Equatable {
        public var timeMs: Int64
        /// Index into `markets`.
        public var market: Int
        public var change: BookChange

        public init(timeMs: Int64, market: Int, change: BookChange) {
            self.timeMs = timeMs
            self.market = market
            self.change = change
        }
    }

    public enum ScenarioError: Error, Equatable, CustomStringConvertible {
        case noMarkets
        case noPrices(asset: String, market: String)
        case unorderedBookChanges(index: Int)
        case unknownMarket(index: Int, market: Int)

        public var description: String {
            switch self {
            case .noMarkets: "the recording defines no markets"
            case .noPrices(let asset, let market):
                "the recording has no \(asset) prices (index, mid or trade) to settle \(market) on; merge an index or candle source into it (kalshi-trader convert)"
            case .unorderedBookChanges(let index): "book change \(index) is earlier than the one before it"
            case .unknownMarket(let index, let market): "book change \(index) refers to market \(market), which is not defined"
            }
        }
    }

    public let markets: [Market]
    /// Book changes in time order.
    public let bookChanges: [TimedBookChange]
    /// Price path of every asset a market settles on.
    public let prices: [String: RecordedPricePath]
    /// Scenario start: the earliest book change or price of the recording.
    public let startMs: Int64

    public init(markets: [Market], bookChanges: [TimedBookChange], prices: [String: RecordedPricePath]) throws(ScenarioError) {
        guard !markets.isEmpty else { throw .noMarkets }
        for market in markets where prices[market.asset]?.values.isEmpty ?? true {
            throw .noPrices(asset: market.asset, market: market.metadata.ticker)
        }
        for (index, change) in bookChanges.enumerated() {
            guard markets.indices.contains(change.market) else { throw .unknownMarket(index: index, market: change.market) }
            if index > 0, change.timeMs < bookChanges[index - 1].timeMs { throw .unorderedBookChanges(index: index) }
        }
        self.markets = markets
        self.bookChanges = bookChanges
        self.prices = prices
        let firstPrice = prices.values.map { $0.startSecond * 1_000 }.min() ?? Int64.max
        self.startMs = min(bookChanges.first?.timeMs ?? Int64.max, firstPrice)
    }

    public var assets: [String] { Set(markets.map(\.asset)).sorted() }

    /// The close of the earliest-closing market.
    public var firstCloseMs: Int64 { markets.map(\.metadata.closeTimeMs).min()! }

    /// The same scenario `hours` later. Tickers that carry their close time in Kalshi's grammar
    /// (`KXBTCD-25MAY1323-…`) are renamed to the new close, so the markets look like the
    /// exchange's markets of that hour.
    public func shifted(byHours hours: Int64) -> RecordedScenario {
        let offset = hours * 3_600_000
        let movedMarkets = markets.map { market -> Market in
            var metadata = market.metadata
            let oldSuffix = HourlyMarketSeeder.eventSuffix(closeMs: metadata.closeTimeMs)
            metadata.openTimeMs += offset
            metadata.closeTimeMs += offset
            metadata.expirationTimeMs = metadata.expirationTimeMs.map { $0 + offset }
            let newSuffix = HourlyMarketSeeder.eventSuffix(closeMs: metadata.closeTimeMs)
            if let series = metadata.seriesTicker, metadata.eventTicker == "\(series)-\(oldSuffix)" {
                let newEvent = "\(series)-\(newSuffix)"
                if metadata.ticker.hasPrefix(metadata.eventTicker + "-") {
                    metadata.ticker = newEvent + metadata.ticker.dropFirst(metadata.eventTicker.count)
                }
                metadata.eventTicker = newEvent
            }
            return Market(metadata: metadata, asset: market.asset)
        }
        let movedChanges = bookChanges.map { TimedBookChange(timeMs: $0.timeMs + offset, market: $0.market, change: $0.change) }
        // Shifting keeps every invariant the initializer checked.
        return try! RecordedScenario(
            markets: movedMarkets, bookChanges: movedChanges, prices: prices.mapValues { $0.shifted(byMs: offset) })
    }

    /// Whole hours that move the first close to the first top of the hour after `nowMs`, so a
    /// client looking for the current hourly event at `nowMs` finds the recording's first hour.
    public func hoursToCurrentHour(nowMs: Int64) -> Int64 {
        let hour: Int64 = 3_600_000
        let distance = nowMs - firstCloseMs
        let floorHours = distance >= 0 ? distance / hour : -((-distance + hour - 1) / hour)
        return floorHours + 1
    }
}
