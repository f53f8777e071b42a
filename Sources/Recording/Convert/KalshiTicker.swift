import KalshiCore

/// What a Kalshi crypto market ticker says about the market, for captures that carry no REST
/// metadata: `KXBTCD-25MAY1323-T103749.99` is series KXBTCD, event 2025-05-13 23:00 US
/// Eastern (03:00 UTC), "above 103,749.99"; `KXBTC-26APR1817-B76125` is a range bucket
/// centred on 76,125 (its width comes from its neighbours, see `rangeWidth`).
public struct KalshiTicker: Sendable, Equatable {
    public enum Strike: Sendable, Equatable {
        /// `T…`: YES when the settlement value is above the strike.
        case above(Money)
        /// `B…`: a range bucket, by its centre.
        case bucket(centre: Money)
    }

    public var ticker: String
    public var series: String
    public var event: String
    /// The event's target time (the markets' close), Unix ms.
    public var closeTimeMs: Int64
    public var strike: Strike

    static let months = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]

    /// Parses a ticker; nil when it is not of the `SERIES-YYMMMDDHH-(T|B)number` form.
    public init?(_ ticker: String) {
        let parts = ticker.split(separator: "-")
        guard parts.count == 3 else { return nil }
        let code = Array(parts[1].utf8)
        guard code.count == 9, let year = Int(String(decoding: code[0..<2], as: UTF8.self)),
            let month = KalshiTicker.months.firstIndex(of: String(decoding: code[2..<5], as: UTF8.self)),
            let day = Int(String(decoding: code[5..<7], as: UTF8.self)),
            let hour = Int(String(decoding: code[7..<9], as: UTF8.self)),
            (1...31).contains(day), hour < 24
        else { return nil }
        let strikeText = parts[2]
        guard let kind = strikeText.first, kind == "T" || kind == "B",
            let value = try? Money(parsing: String(strikeText.dropFirst())), value > .zero
        else { return nil }
        self.ticker = ticker
        self.series = String(parts[0])
        self.event = "\(parts[0])-\(parts[1])"
        self.closeTimeMs = UTCTime.easternToUTC(year: 2_000 + year, month: month + 1, day: day, hour: hour)
        self.strike = kind == "T" ? .above(value) : .bucket(centre: value)
    }

    /// The underlying of the crypto series (`KXBTCD`, `KXBTC` → BTC; `KXETHD`, `KXETH` → ETH).
    public var asset: String? {
        switch series {
        case "KXBTCD", "KXBTC": "BTC"
        case "KXETHD", "KXETH": "ETH"
        default: nil
        }
    }

    /// The market as the engine models it: an hourly market (open one hour before the close) on
    /// the one-cent grid with the standard taker fee, like the hourly crypto series.
    /// `rangeWidth` is the bucket width of `B` markets; `expirationTimeMs` comes from the data
    /// when it has it.
    public func metadata(rangeWidth: Money?, expirationTimeMs: Int64? = nil) -> MarketMetadata {
        var strikeType = StrikeType.greater
        var floor: Money?
        var cap: Money?
        switch strike {
        case .above(let value):
            floor = value
        case .bucket(let centre):
            strikeType = .between
            let width = rangeWidth ?? KalshiTicker.defaultRangeWidth(asset: asset)
            // Kalshi's buckets are [centre − w/2, centre + w/2 − 0.01].
            floor = Money(micros: centre.micros - width.micros / 2)
            cap = Money(micros: centre.micros + width.micros / 2 - Money.microsPerCent)
        }
        return MarketMetadata(
            ticker: ticker, eventTicker: event, seriesTicker: series, strikeType: strikeType, floorStrike: floor, capStrike: cap,
            openTimeMs: closeTimeMs - 3_600_000, closeTimeMs: closeTimeMs, expirationTimeMs: expirationTimeMs)
    }

    /// Bucket width when a capture holds a single bucket of its event.
    static func defaultRangeWidth(asset: String?) -> Money {
        asset == "ETH" ? Money(cents: 2_000) : Money(cents: 25_000)
    }

    /// The width of an event's buckets: the smallest gap between the centres seen.
    public static func rangeWidth(centres: [Money]) -> Money? {
        let sorted = Set(centres).sorted()
        let gaps = zip(sorted, sorted.dropFirst()).map { $1.micros - $0.micros }.filter { $0 > 0 }
        return gaps.min().map { Money(micros: $0) }
    }
}
