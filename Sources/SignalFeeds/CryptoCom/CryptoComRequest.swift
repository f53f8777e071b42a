/// Requests to Crypto.com Exchange v1's market-data socket (reference §1), rendered as the exact
/// JSON text sent. Numbers are sent as numbers (ccxt does; the server accepts both).
public enum CryptoComRequest: Sendable, Equatable {
    /// Only `book.*` channels use the book parameters; they are sent when the request has one.
    case subscribe(id: Int64, channels: [String], nonceMs: Int64, bookUpdateFrequencyMs: Int = 10)
    case unsubscribe(id: Int64, channels: [String], nonceMs: Int64)
    case respondHeartbeat(id: Int64)

    public static let subscribeMethod = "subscribe"
    public static let unsubscribeMethod = "unsubscribe"
    public static let heartbeatMethod = "public/heartbeat"
    public static let respondHeartbeatMethod = "public/respond-heartbeat"

    public var json: String {
        switch self {
        case .subscribe(let id, let channels, let nonce, let frequency):
            var params = #""channels":\#(Self.array(channels))"#
            if channels.contains(where: { $0.hasPrefix("book.") }) {
                params += #","book_subscription_type":"SNAPSHOT_AND_UPDATE","book_update_frequency":\#(frequency)"#
            }
            return #"{"id":\#(id),"method":"subscribe","params":{\#(params)},"nonce":\#(nonce)}"#
        case .unsubscribe(let id, let channels, let nonce):
            return #"{"id":\#(id),"method":"unsubscribe","params":{"channels":\#(Self.array(channels))},"nonce":\#(nonce)}"#
        case .respondHeartbeat(let id):
            return #"{"id":\#(id),"method":"public/respond-heartbeat"}"#
        }
    }

    static func array(_ values: [String]) -> String { JSONText.array(values) }
}

/// Crypto.com channel names for one asset (reference §2).
public struct CryptoComChannels: Sendable, Equatable {
    public enum Family: String, Sendable, CaseIterable, Hashable {
        case index, ticker, book, trade, candlestick
    }

    public let asset: SignalAsset
    public var bookDepth: Int
    public var candleTimeframe: String

    public init(asset: SignalAsset, bookDepth: Int = 10, candleTimeframe: String = "1m") {
        self.asset = asset
        self.bookDepth = bookDepth
        self.candleTimeframe = candleTimeframe
    }

    public func name(_ family: Family) -> String {
        switch family {
        case .index: return "index.\(asset.cryptoComIndex)"
        case .ticker: return "ticker.\(asset.cryptoComInstrument)"
        case .book: return "book.\(asset.cryptoComInstrument).\(bookDepth)"
        case .trade: return "trade.\(asset.cryptoComInstrument)"
        case .candlestick: return "candlestick.\(candleTimeframe).\(asset.cryptoComInstrument)"
        }
    }
}
