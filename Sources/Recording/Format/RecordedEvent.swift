import KalshiCore

/// One record of a recording: a time (Unix ms: the receive time for recorded frames, the
/// source's time for converted data) and what happened then.
public struct Record: Sendable, Equatable {
    public var timeMs: Int64
    public var event: RecordedEvent

    @inlinable
    public init(timeMs: Int64, _ event: RecordedEvent) {
        self.timeMs = timeMs
        self.event = event
    }
}

/// Everything a recording can hold. Two families share one file format:
///
/// - **normalized** records (markets, book snapshots and deltas, public trades, spot and
///   volatility ticks, timers) that map one-to-one onto engine events — what `convert` writes and
///   what the benchmark's synthetic recording is made of;
/// - **raw** records (`sessionInput`, `candleHistory`) that keep what a venue session was fed —
///   every received WebSocket frame as its exact text, connects, disconnects and clock ticks —
///   so that a replay runs the same sans-I/O sessions over the same inputs (what `record`
///   writes, next to the normalized market definitions and REST book seeds).
///
/// Markets, assets and venues are defined once (`market`, `name`) and referred to by number.
public enum RecordedEvent: Sendable, Equatable {
    /// A name used by later records: an asset (`ETH`) or a venue (`cryptocom`).
    case name(RecordedName)
    indirect case market(RecordedMarket)
    case bookSnapshot(market: UInt32, yes: [BookLevel], no: [BookLevel])
    case bookDelta(market: UInt32, BookDelta)
    case publicTrade(market: UInt32, yesPrice: Price, count: Quantity, takerSide: BookSide?)
    /// The feed lost this market's book (a gap in a capture): untradable until its next snapshot.
    case bookUntrusted(market: UInt32)
    case spot(RecordedSpot)
    /// Annualized realized volatility of an asset (by name id).
    case volatility(asset: UInt16, sigma: Double)
    /// A clock tick of the session that recorded (strategies' timers).
    case timer
    /// An input of a venue's sans-I/O session, exactly as it was fed.
    case sessionInput(source: RecordedSource, SessionInput)
    /// Candle history a signal session was given at start (REST), as it was given.
    case candleHistory(source: RecordedSource, [RecordedCandle])
}

/// A name-table entry.
public struct RecordedName: Sendable, Equatable {
    public enum Namespace: UInt8, Sendable, Equatable {
        case asset = 0
        case venue = 1
    }

    public var namespace: Namespace
    public var id: UInt16
    public var text: String

    public init(namespace: Namespace, id: UInt16, text: String) {
        self.namespace = namespace
        self.id = id
        self.text = text
    }
}

/// A market's definition: what the REST API says (or what a converter derived from its ticker).
public struct RecordedMarket: Sendable, Equatable {
    public var id: UInt32
    /// The underlying (`ETH`, `BTC`) when known: settles from that asset's index.
    public var asset: String?
    public var metadata: MarketMetadata

    public init(id: UInt32, asset: String?, metadata: MarketMetadata) {
        self.id = id
        self.asset = asset
        self.metadata = metadata
    }
}

/// A price of an underlying: an index value (the settlement source), a venue's mid or a trade.
public struct RecordedSpot: Sendable, Equatable {
    public enum Kind: UInt8, Sendable, Equatable, CaseIterable {
        case index = 0
        case mid = 1
        case trade = 2

        public var name: String {
            switch self {
            case .index: "index"
            case .mid: "mid"
            case .trade: "trade"
            }
        }
    }

    public var asset: UInt16
    public var venue: UInt16
    public var kind: Kind
    public var isStale: Bool
    public var price: Money
    /// The source's own timestamp of the value (Unix ms).
    public var exchangeTimeMs: Int64

    @inlinable
    public init(asset: UInt16, venue: UInt16, kind: Kind, isStale: Bool = false, price: Money, exchangeTimeMs: Int64) {
        self.asset = asset
        self.venue = venue
        self.kind = kind
        self.isStale = isStale
        self.price = price
        self.exchangeTimeMs = exchangeTimeMs
    }
}

/// Which venue session a raw record belongs to.
public enum RecordedSource: UInt8, Sendable, Equatable, CaseIterable {
    /// Kalshi's market-data WebSocket (`orderbook_delta`, `trade`).
    case kalshi = 0
    case cryptoCom = 1
    case coinbase = 2

    public var name: String {
        switch self {
        case .kalshi: "kalshi"
        case .cryptoCom: "cryptocom"
        case .coinbase: "coinbase"
        }
    }

    public init?(name: String) {
        guard let source = RecordedSource.allCases.first(where: { $0.name == name }) else { return nil }
        self = source
    }
}

/// What a transport fed a venue session.
public enum SessionInput: Sendable, Equatable {
    case connected
    case disconnected(reason: String)
    /// One text frame, byte for byte.
    case received(String)
    case tick
}

/// One candle of a signal session's history (fixed-point prices, as the sessions keep them).
public struct RecordedCandle: Sendable, Equatable {
    public var startMs: Int64
    public var open: Money
    public var high: Money
    public var low: Money
    public var close: Money
    public var observations: Int32

    public init(startMs: Int64, open: Money, high: Money, low: Money, close: Money, observations: Int32) {
        self.startMs = startMs
        self.open = open
        self.high = high
        self.low = low
        self.close = close
        self.observations = observations
    }
}
