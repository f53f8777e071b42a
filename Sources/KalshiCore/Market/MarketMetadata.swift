/// What a market is: identity, strike, schedule, price grid and fees.
///
/// Times are Unix milliseconds (UTC). Strikes are underlying prices in dollars, kept fixed-point so
/// that settlement ("average above 2594.99") is decided exactly.
public struct MarketMetadata: Sendable, Equatable {
    public var ticker: String
    public var eventTicker: String
    public var seriesTicker: String?
    public var title: String
    public var strikeType: StrikeType
    public var floorStrike: Money?
    public var capStrike: Money?
    public var openTimeMs: Int64
    public var closeTimeMs: Int64
    public var expirationTimeMs: Int64?
    public var priceGrid: PriceGrid
    public var fees: FeeSchedule
    /// The exchange shard the market lives on (`exchange_index`; crypto events: 2), when known.
    public var exchangeIndex: Int?

    public init(
        ticker: String, eventTicker: String, seriesTicker: String? = nil, title: String = "",
        strikeType: StrikeType, floorStrike: Money? = nil, capStrike: Money? = nil,
        openTimeMs: Int64, closeTimeMs: Int64, expirationTimeMs: Int64? = nil,
        priceGrid: PriceGrid = .linearCent, fees: FeeSchedule = FeeSchedule(), exchangeIndex: Int? = nil
    ) {
        self.ticker = ticker
        self.eventTicker = eventTicker
        self.seriesTicker = seriesTicker
        self.title = title
        self.strikeType = strikeType
        self.floorStrike = floorStrike
        self.capStrike = capStrike
        self.openTimeMs = openTimeMs
        self.closeTimeMs = closeTimeMs
        self.expirationTimeMs = expirationTimeMs
        self.priceGrid = priceGrid
        self.fees = fees
        self.exchangeIndex = exchangeIndex
    }

    /// Whether YES wins for a settlement value, or nil when the strike type is not a simple
    /// threshold/range rule or the needed strike is missing.
    public func yesWins(settlementValue value: Money) -> Bool? {
        switch strikeType {
        case .greater: return floorStrike.map { value > $0 }
        case .greaterOrEqual: return floorStrike.map { value >= $0 }
        case .less: return capStrike.map { value < $0 }
        case .lessOrEqual: return capStrike.map { value <= $0 }
        case .between:
            guard let floor = floorStrike, let cap = capStrike else { return nil }
            return value >= floor && value <= cap
        case .functional, .custom, .structured: return nil
        }
    }

    /// Seconds from `nowMs` to the close; negative after the close.
    public func secondsToClose(nowMs: Int64) -> Double {
        Double(closeTimeMs - nowMs) / 1_000
    }
}
