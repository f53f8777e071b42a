import Foundation
import KalshiAPI
import KalshiCore

/// Builds the hourly crypto events the fake exchange lists (reference §6): for an asset, the
/// threshold event (`KXETHD`, "above $X") and the range event (`KXETH`, buckets), closing at
/// `closeMs`, with strikes around the spot, tickers in Kalshi's grammar (§6.2).
public struct HourlyMarketSeeder: Sendable {
    public struct Asset: Sendable, Equatable {
        public var symbol: String
        public var thresholdSeries: String
        public var rangeSeries: String
        /// Distance between strikes, in dollars.
        public var strikeStep: Int64
        public var strikesEachSide: Int
        public var indexName: String

        public static let eth = Asset(symbol: "ETH", thresholdSeries: "KXETHD", rangeSeries: "KXETH", strikeStep: 20, strikesEachSide: 6, indexName: "ERTI")
        public static let btc = Asset(symbol: "BTC", thresholdSeries: "KXBTCD", rangeSeries: "KXBTC", strikeStep: 250, strikesEachSide: 6, indexName: "BRTI")

        public static func named(_ symbol: String) -> Asset? {
            switch symbol.uppercased() {
            case "ETH": .eth
            case "BTC": .btc
            default: nil
            }
        }
    }

    public struct SeededMarket: Sendable {
        public var metadata: MarketMetadata
        public var dto: MarketDTO
    }

    public init() {}

    /// `KXETHD-26NOV2513`: series, then the close time in US Eastern time as YYMONDDHH (and the
    /// minutes, `KXETHD-26NOV251345`, for events shorter than an hour).
    public static func eventSuffix(closeMs: Int64, withMinutes: Bool = false) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "America/New_York") ?? TimeZone(secondsFromGMT: -5 * 3_600)!
        let date = Date(timeIntervalSince1970: Double(closeMs) / 1_000)
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        let months = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]
        let two = { (value: Int) in value < 10 ? "0\(value)" : "\(value)" }
        let hour = "\(two(parts.year! % 100))\(months[parts.month! - 1])\(two(parts.day!))\(two(parts.hour!))"
        return withMinutes ? hour + two(parts.minute!) : hour
    }

    public func markets(for asset: Asset, spot: Double, closeMs: Int64, openMs: Int64, minutesInTicker: Bool = false)
        -> [SeededMarket]
    {
        let suffix = HourlyMarketSeeder.eventSuffix(closeMs: closeMs, withMinutes: minutesInTicker)
        let centre = Int64((spot / Double(asset.strikeStep)).rounded()) * asset.strikeStep
        var result: [SeededMarket] = []
        let thresholdEvent = "\(asset.thresholdSeries)-\(suffix)"
        for offset in -asset.strikesEachSide...asset.strikesEachSide {
            // Strikes sit a cent below round numbers: "T2999.99" is "$3,000 or above".
            let strike = Money(cents: (centre + Int64(offset) * asset.strikeStep) * 100 - 1)
            let ticker = "\(thresholdEvent)-T\(HourlyMarketSeeder.strikeText(strike))"
            let title = "\(asset.symbol) price at close above \(HourlyMarketSeeder.strikeText(strike))?"
            result.append(
                make(
                    ticker: ticker, event: thresholdEvent, series: asset.thresholdSeries, title: title, strikeType: .greater,
                    floor: strike, cap: nil, openMs: openMs, closeMs: closeMs, asset: asset))
        }
        let rangeEvent = "\(asset.rangeSeries)-\(suffix)"
        let lowest = centre - Int64(asset.strikesEachSide) * asset.strikeStep
        for bucket in 0..<(2 * asset.strikesEachSide) {
            let floor = lowest + Int64(bucket) * asset.strikeStep
            let cap = Money(cents: (floor + asset.strikeStep) * 100 - 1)
            let mid = floor + asset.strikeStep / 2
            result.append(
                make(
                    ticker: "\(rangeEvent)-B\(mid)", event: rangeEvent, series: asset.rangeSeries,
                    title: "\(asset.symbol) between \(floor) and \(HourlyMarketSeeder.strikeText(cap))?", strikeType: .between,
                    floor: Money(cents: floor * 100), cap: cap, openMs: openMs, closeMs: closeMs, asset: asset))
        }
        return result
    }

    /// `2999.99`, `3000`: the strike as Kalshi writes it in tickers.
    public static func strikeText(_ strike: Money) -> String {
        let cents = strike.micros / Money.microsPerCent
        return cents % 100 == 0 ? "\(cents / 100)" : "\(cents / 100).\(cents % 100 < 10 ? "0" : "")\(cents % 100)"
    }

    private func make(
        ticker: String, event: String, series: String, title: String, strikeType: StrikeType, floor: Money?, cap: Money?,
        openMs: Int64, closeMs: Int64, asset: Asset
    ) -> SeededMarket {
        let metadata = MarketMetadata(
            ticker: ticker, eventTicker: event, seriesTicker: series, title: title, strikeType: strikeType, floorStrike: floor,
            capStrike: cap, openTimeMs: openMs, closeTimeMs: closeMs, expirationTimeMs: closeMs + 300_000,
            priceGrid: .linearCent, fees: FeeSchedule(type: .quadratic))
        return SeededMarket(metadata: metadata, dto: HourlyMarketSeeder.marketDTO(for: metadata, indexName: asset.indexName))
    }

    /// What the REST API says about a listed, active market.
    public static func marketDTO(for metadata: MarketMetadata, indexName: String) -> MarketDTO {
        var dto = MarketDTO(ticker: metadata.ticker, eventTicker: metadata.eventTicker)
        dto.marketType = "binary"
        dto.title = metadata.title
        dto.yesSubTitle = metadata.title
        dto.status = "active"
        dto.openTime = RFC3339.format(ms: metadata.openTimeMs)
        dto.closeTime = RFC3339.format(ms: metadata.closeTimeMs)
        let expiration = metadata.expirationTimeMs ?? metadata.closeTimeMs + 300_000
        dto.expectedExpirationTime = RFC3339.format(ms: expiration)
        dto.latestExpirationTime = RFC3339.format(ms: metadata.closeTimeMs + 7 * 86_400_000)
        dto.settlementTimerSeconds = 60
        dto.canCloseEarly = true
        dto.strikeType = metadata.strikeType.rawValue
        dto.floorStrike = metadata.floorStrike.map(StrikeValue.init)
        dto.capStrike = metadata.capStrike.map(StrikeValue.init)
        dto.priceLevelStructure = metadata.priceGrid.structure
        dto.priceRanges = metadata.priceGrid.bands.map {
            PriceRangeDTO(
                start: $0.start.description, end: $0.end.description,
                step: (try? Price(ticks: $0.step))?.description ?? "0.0100")
        }
        dto.notionalValueDollars = Money(micros: 1_000_000)
        dto.result = ""
        dto.expirationValue = ""
        dto.exchangeIndex = FakeKalshiExchange.shard
        dto.rulesPrimary =
            "If the simple average of the sixty seconds of CF Benchmarks' \(indexName) before the close is above the strike, the market resolves to Yes."
        return dto
    }
}
