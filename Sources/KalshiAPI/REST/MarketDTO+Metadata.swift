import KalshiCore

/// A market object that cannot be traded as described.
public enum MarketConversionError: Error, Equatable, Sendable, CustomStringConvertible {
    case missingField(ticker: String, field: String)
    case invalidField(ticker: String, field: String, value: String, reason: String)

    public var description: String {
        switch self {
        case .missingField(let ticker, let field): return "market \(ticker): missing \(field)"
        case .invalidField(let ticker, let field, let value, let reason): return "market \(ticker): \(field) '\(value)' \(reason)"
        }
    }
}

extension MarketDTO {
    /// The market as the core models it: strike, schedule, price grid (from `price_ranges`, else
    /// the named structure, else one cent) and the series' fee schedule.
    public func metadata(fees: FeeSchedule, seriesTicker: String? = nil) throws(MarketConversionError) -> MarketMetadata {
        guard let closeText = closeTime else { throw .missingField(ticker: ticker, field: "close_time") }
        guard let closeMs = RFC3339.parse(closeText) else {
            throw .invalidField(ticker: ticker, field: "close_time", value: closeText, reason: "is not an RFC 3339 time")
        }
        let openMs = try openTime.map { (text: String) throws(MarketConversionError) -> Int64 in
            guard let value = RFC3339.parse(text) else {
                throw .invalidField(ticker: ticker, field: "open_time", value: text, reason: "is not an RFC 3339 time")
            }
            return value
        }
        let strikeTypeText = strikeType ?? "custom"
        guard let strike = StrikeType(rawValue: strikeTypeText) else {
            throw .invalidField(ticker: ticker, field: "strike_type", value: strikeTypeText, reason: "is not a known strike type")
        }
        let grid: PriceGrid
        do {
            if let ranges = priceRanges, !ranges.isEmpty {
                grid = try PriceGrid(priceRanges: ranges.map { ($0.start, $0.end, $0.step) }, structure: priceLevelStructure ?? "custom")
            } else if let structure = priceLevelStructure {
                grid = try PriceGrid(structure: structure)
            } else {
                grid = .linearCent
            }
        } catch {
            throw .invalidField(ticker: ticker, field: "price_ranges", value: priceLevelStructure ?? "", reason: error.description)
        }
        return MarketMetadata(
            ticker: ticker, eventTicker: eventTicker, seriesTicker: seriesTicker, title: title ?? yesSubTitle ?? "",
            strikeType: strike, floorStrike: floorStrike?.value, capStrike: capStrike?.value,
            openTimeMs: openMs ?? (closeMs - 3_600_000), closeTimeMs: closeMs,
            expirationTimeMs: expectedExpirationTime.flatMap(RFC3339.parse), priceGrid: grid, fees: fees,
            exchangeIndex: exchangeIndex)
    }
}

extension SeriesDTO {
    /// The series' fee schedule; an unknown fee type (e.g. `flat`) is an error, not a guess.
    public func feeSchedule(eventOverride: EventDTO? = nil) throws(MarketConversionError) -> FeeSchedule {
        let typeText = eventOverride?.feeTypeOverride ?? feeType ?? FeeType.quadratic.rawValue
        guard let type = FeeType(rawValue: typeText) else {
            throw .invalidField(ticker: ticker, field: "fee_type", value: typeText, reason: "is not supported")
        }
        let multiplier = eventOverride?.feeMultiplierOverride ?? feeMultiplier ?? 1
        guard multiplier.isFinite, multiplier >= 0, multiplier < 100 else {
            throw .invalidField(ticker: ticker, field: "fee_multiplier", value: "\(multiplier)", reason: "is out of range")
        }
        return FeeSchedule(type: type, multiplierTicks: Int64((multiplier * 10_000).rounded()))
    }
}
