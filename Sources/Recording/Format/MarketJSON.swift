import Foundation
import KalshiAPI
import KalshiCore

/// The JSON body of a `market` record: everything `MarketMetadata` holds, money as fixed-point
/// strings, keys in a fixed order (so converting the same input twice gives the same bytes).
enum MarketJSON {
    static func encode(_ market: MarketMetadata, asset: String?) -> String {
        var writer = JSONLineWriter()
        writer.add("ticker", market.ticker)
        writer.add("asset", asset)
        writer.add("event_ticker", market.eventTicker)
        writer.add("series_ticker", market.seriesTicker)
        writer.add("title", market.title)
        writer.add("strike_type", market.strikeType.rawValue)
        writer.add("floor_strike", market.floorStrike?.description)
        writer.add("cap_strike", market.capStrike?.description)
        writer.add("open_time_ms", json: String(market.openTimeMs))
        writer.add("close_time_ms", json: String(market.closeTimeMs))
        writer.add("expiration_time_ms", json: market.expirationTimeMs.map(String.init) ?? "null")
        writer.add("price_structure", market.priceGrid.structure)
        let bands = market.priceGrid.bands.map { "[\($0.start.ticks),\($0.end.ticks),\($0.step)]" }.joined(separator: ",")
        writer.add("price_bands", json: "[\(bands)]")
        writer.add("fee_type", market.fees.type.rawValue)
        writer.add("fee_multiplier_ticks", json: String(market.fees.multiplierTicks))
        return writer.line
    }

    static let timeRange: ClosedRange<Int64> = (Int64.min / 4)...(Int64.max / 4)
    /// Up to 100× Kalshi's base fee (multipliers in 1/10,000); keeps the exact fee in range.
    static let feeMultiplierRange: ClosedRange<Int64> = 0...1_000_000

    struct Problem: Error {
        var field: String
        var reason: String
    }

    static func decode(_ text: String) throws(Problem) -> (MarketMetadata, asset: String?) {
        let object: [String: Any]
        do {
            guard let parsed = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else {
                throw Problem(field: "market", reason: "is not a JSON object")
            }
            object = parsed
        } catch let problem as Problem {
            throw problem
        } catch {
            throw Problem(field: "market", reason: "is not valid JSON")
        }
        func string(_ key: String) throws(Problem) -> String {
            guard let value = object[key] as? String else { throw Problem(field: key, reason: "is missing or not a string") }
            return value
        }
        func optionalString(_ key: String) -> String? { object[key] as? String }
        func integer(_ key: String) throws(Problem) -> Int64 {
            guard let value = object[key] as? NSNumber, let integer = value as? Int64 else {
                throw Problem(field: key, reason: "is missing or not an integer")
            }
            return integer
        }
        /// Market times: the converter's "no close" sentinels are ±Int64.max / 4; anything wider
        /// would overflow the time arithmetic (close − now, settlement windows) done with them.
        func time(_ key: String) throws(Problem) -> Int64 {
            let value = try integer(key)
            guard MarketJSON.timeRange.contains(value) else {
                throw Problem(field: key, reason: "\(value) is outside \(MarketJSON.timeRange)")
            }
            return value
        }
        func money(_ key: String) throws(Problem) -> Money? {
            guard let text = optionalString(key) else { return nil }
            do { return try Money(parsing: text) } catch { throw Problem(field: key, reason: error.description) }
        }
        guard let strikeType = StrikeType(rawValue: try string("strike_type")) else {
            throw Problem(field: "strike_type", reason: "is not a known strike type")
        }
        guard let feeType = FeeType(rawValue: try string("fee_type")) else {
            throw Problem(field: "fee_type", reason: "is not a known fee type")
        }
        guard let rawBands = object["price_bands"] as? [[NSNumber]] else {
            throw Problem(field: "price_bands", reason: "is missing or not a list of [start, end, step]")
        }
        let grid: PriceGrid
        do {
            var bands: [PriceBand] = []
            for band in rawBands {
                guard band.count == 3 else { throw Problem(field: "price_bands", reason: "entries must be [start, end, step]") }
                bands.append(
                    try PriceBand(
                        start: try Price(ticks: band[0].int64Value), end: try Price(ticks: band[1].int64Value),
                        step: band[2].int64Value))
            }
            grid = try PriceGrid(bands: bands, structure: try string("price_structure"))
        } catch let problem as Problem {
            throw problem
        } catch {
            throw Problem(field: "price_bands", reason: "\(error)")
        }
        let expiration = object["expiration_time_ms"] is NSNumber ? try time("expiration_time_ms") : nil
        let feeMultiplier = try integer("fee_multiplier_ticks")
        guard MarketJSON.feeMultiplierRange.contains(feeMultiplier) else {
            throw Problem(field: "fee_multiplier_ticks", reason: "\(feeMultiplier) is outside \(MarketJSON.feeMultiplierRange)")
        }
        let metadata = MarketMetadata(
            ticker: try string("ticker"), eventTicker: try string("event_ticker"), seriesTicker: optionalString("series_ticker"),
            title: optionalString("title") ?? "", strikeType: strikeType, floorStrike: try money("floor_strike"),
            capStrike: try money("cap_strike"), openTimeMs: try time("open_time_ms"),
            closeTimeMs: try time("close_time_ms"),
            expirationTimeMs: expiration, priceGrid: grid,
            fees: FeeSchedule(type: feeType, multiplierTicks: feeMultiplier))
        return (metadata, optionalString("asset"))
    }
}
