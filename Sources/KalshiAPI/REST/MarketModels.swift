import KalshiCore

/// A price band of `price_ranges` as dollar strings.
public struct PriceRangeDTO: Codable, Sendable, Equatable {
    public var start: String
    public var end: String
    public var step: String

    public init(start: String, end: String, step: String) {
        self.start = start
        self.end = end
        self.step = step
    }
}

/// `GET /markets` and `GET /markets/{ticker}` market object (the fields this system uses).
/// Optional wherever Kalshi may omit a field; times are RFC 3339 strings.
public struct MarketDTO: Codable, Sendable, Equatable {
    public var ticker: String
    public var eventTicker: String
    public var marketType: String?
    public var title: String?
    public var yesSubTitle: String?
    public var status: String?
    public var openTime: String?
    public var closeTime: String?
    public var expectedExpirationTime: String?
    public var latestExpirationTime: String?
    public var settlementTimerSeconds: Int?
    public var canCloseEarly: Bool?
    public var strikeType: String?
    public var floorStrike: StrikeValue?
    public var capStrike: StrikeValue?
    public var priceLevelStructure: String?
    public var priceRanges: [PriceRangeDTO]?
    public var yesBidDollars: Price?
    public var yesAskDollars: Price?
    public var yesBidSizeFp: Quantity?
    public var yesAskSizeFp: Quantity?
    public var lastPriceDollars: Price?
    public var volumeFp: Quantity?
    public var openInterestFp: Quantity?
    public var notionalValueDollars: Money?
    public var result: String?
    public var expirationValue: String?
    public var rulesPrimary: String?
    public var exchangeIndex: Int?

    public init(ticker: String, eventTicker: String) {
        self.ticker = ticker
        self.eventTicker = eventTicker
    }
}

/// A strike such as `2594.99`: a JSON number on the wire, kept as exact micro-dollars.
public struct StrikeValue: Codable, Sendable, Equatable, Hashable {
    public var value: Money

    public init(_ value: Money) { self.value = value }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let text = try? container.decode(String.self) {
            do { value = try Money(parsing: text) } catch {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: error.description)
            }
            return
        }
        let number = try container.decode(Double.self)
        // Strikes carry at most cents; rounding the binary double to micro-dollars restores the
        // decimal the exchange wrote (2594.99 → 2594990000 µ$).
        guard number.isFinite, abs(number) < 1e12 else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "strike \(number) is out of range")
        }
        value = Money(micros: Int64((number * 1_000_000).rounded()))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        // Written as a JSON number, as Kalshi does; micro-dollars print exactly.
        let micros = value.micros
        let whole = micros / 1_000_000
        let fraction = abs(micros % 1_000_000)
        if fraction == 0 {
            try container.encode(Double(whole))
        } else {
            try container.encode(Double(micros) / 1_000_000)
        }
    }
}

public struct MarketsPage: Codable, Sendable, Equatable {
    public var markets: [MarketDTO]
    public var cursor: String?

    public init(markets: [MarketDTO], cursor: String?) {
        self.markets = markets
        self.cursor = cursor
    }
}

public struct MarketResponse: Codable, Sendable, Equatable {
    public var market: MarketDTO
    public init(market: MarketDTO) { self.market = market }
}

/// `GET /events/{event_ticker}`.
public struct EventDTO: Codable, Sendable, Equatable {
    public var eventTicker: String
    public var seriesTicker: String?
    public var title: String?
    public var subTitle: String?
    public var mutuallyExclusive: Bool?
    public var feeTypeOverride: String?
    public var feeMultiplierOverride: Double?
    public var exchangeIndex: Int?
    public var markets: [MarketDTO]?

    public init(eventTicker: String) { self.eventTicker = eventTicker }
}

public struct EventResponse: Codable, Sendable, Equatable {
    public var event: EventDTO
    /// Deprecated top-level list; `event.markets` when nested.
    public var markets: [MarketDTO]?

    public init(event: EventDTO, markets: [MarketDTO]?) {
        self.event = event
        self.markets = markets
    }
}

public struct EventsPage: Codable, Sendable, Equatable {
    public var events: [EventDTO]
    public var cursor: String?

    public init(events: [EventDTO], cursor: String?) {
        self.events = events
        self.cursor = cursor
    }
}

/// `GET /series/{series_ticker}`.
public struct SeriesDTO: Codable, Sendable, Equatable {
    public var ticker: String
    public var frequency: String?
    public var title: String?
    public var category: String?
    public var feeType: String?
    public var feeMultiplier: Double?

    public init(ticker: String) { self.ticker = ticker }
}

public struct SeriesResponse: Codable, Sendable, Equatable {
    public var series: SeriesDTO
    public init(series: SeriesDTO) { self.series = series }
}

/// `GET /markets/{ticker}/orderbook`: bids of each leg, ascending (best bid last).
public struct OrderbookResponse: Codable, Sendable, Equatable {
    public struct Book: Codable, Sendable, Equatable {
        public var yesDollars: [[String]]?
        public var noDollars: [[String]]?

        public init(yesDollars: [[String]]?, noDollars: [[String]]?) {
            self.yesDollars = yesDollars
            self.noDollars = noDollars
        }
    }

    public var orderbookFp: Book

    public init(orderbookFp: Book) { self.orderbookFp = orderbookFp }

    /// The levels as typed values; a malformed level is an error naming it.
    public func levels() throws(FrameDecodingError) -> (yes: [BookLevel], no: [BookLevel]) {
        func parse(_ rows: [[String]]?, _ name: String) throws(FrameDecodingError) -> [BookLevel] {
            var levels: [BookLevel] = []
            for (index, row) in (rows ?? []).enumerated() {
                let field = "orderbook_fp.\(name)[\(index)]"
                guard row.count == 2 else { throw .wrongType(field: field, expected: "a [price, count] pair") }
                levels.append(
                    BookLevel(
                        price: try KalshiWSDecoder.parsePrice(row[0], field: field),
                        size: try KalshiWSDecoder.parseCount(row[1], field: field, signed: false)))
            }
            return levels
        }
        return (try parse(orderbookFp.yesDollars, "yes_dollars"), try parse(orderbookFp.noDollars, "no_dollars"))
    }
}

public struct ExchangeStatusDTO: Codable, Sendable, Equatable {
    /// One shard's state in `exchange_index_statuses`.
    public struct ShardStatus: Codable, Sendable, Equatable {
        public var exchangeIndex: Int
        public var exchangeActive: Bool?
        public var tradingActive: Bool?

        public init(exchangeIndex: Int, exchangeActive: Bool?, tradingActive: Bool?) {
            self.exchangeIndex = exchangeIndex
            self.exchangeActive = exchangeActive
            self.tradingActive = tradingActive
        }
    }

    public var exchangeActive: Bool
    public var tradingActive: Bool
    /// When a pause is expected to end (RFC 3339), if the exchange says.
    public var exchangeEstimatedResumeTime: String?
    public var exchangeIndexStatuses: [ShardStatus]?

    public init(
        exchangeActive: Bool, tradingActive: Bool, exchangeEstimatedResumeTime: String? = nil,
        exchangeIndexStatuses: [ShardStatus]? = nil
    ) {
        self.exchangeActive = exchangeActive
        self.tradingActive = tradingActive
        self.exchangeEstimatedResumeTime = exchangeEstimatedResumeTime
        self.exchangeIndexStatuses = exchangeIndexStatuses
    }
}
