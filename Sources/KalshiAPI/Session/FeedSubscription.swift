/// One `subscribe` command the session keeps alive across reconnects.
public struct FeedSubscription: Hashable, Sendable {
    public var channels: [String]
    /// Empty for channels that take no market filter (`market_lifecycle_v2`) or all markets.
    public var marketTickers: [String]

    public init(channels: [String], marketTickers: [String] = []) {
        self.channels = channels
        self.marketTickers = marketTickers
    }

    public static let bookChannel = "orderbook_delta"
}

/// Client commands of reference §2.2, rendered as the exact JSON text sent.
public enum FeedCommand: Hashable, Sendable {
    case subscribe(id: Int, FeedSubscription)
    case unsubscribe(id: Int, sids: [Int])
    case getSnapshot(id: Int, sid: Int, marketTickers: [String])
    case addMarkets(id: Int, sid: Int, marketTickers: [String])
    case deleteMarkets(id: Int, sid: Int, marketTickers: [String])

    public var id: Int {
        switch self {
        case .subscribe(let id, _), .unsubscribe(let id, _), .getSnapshot(let id, _, _), .addMarkets(let id, _, _),
            .deleteMarkets(let id, _, _):
            return id
        }
    }

    public var json: String {
        switch self {
        case .subscribe(let id, let subscription):
            var params = #""channels":\#(FeedCommand.array(subscription.channels))"#
            if !subscription.marketTickers.isEmpty {
                params += #","market_tickers":\#(FeedCommand.array(subscription.marketTickers))"#
            }
            // NO-side levels at NO prices, which the book code expects: pinned, because Kalshi
            // announced that the default will flip to YES-scale prices (reference §5.1).
            if subscription.channels.contains(FeedSubscription.bookChannel) { params += #","use_yes_price":false"# }
            return #"{"id":\#(id),"cmd":"subscribe","params":{\#(params)}}"#
        case .unsubscribe(let id, let sids):
            return #"{"id":\#(id),"cmd":"unsubscribe","params":{"sids":[\#(sids.map(String.init).joined(separator: ","))]}}"#
        case .getSnapshot(let id, let sid, let tickers):
            return
                #"{"id":\#(id),"cmd":"update_subscription","params":{"sids":[\#(sid)],"market_tickers":\#(FeedCommand.array(tickers)),"action":"get_snapshot"}}"#
        case .addMarkets(let id, let sid, let tickers):
            return
                #"{"id":\#(id),"cmd":"update_subscription","params":{"sids":[\#(sid)],"market_tickers":\#(FeedCommand.array(tickers)),"action":"add_markets"}}"#
        case .deleteMarkets(let id, let sid, let tickers):
            return
                #"{"id":\#(id),"cmd":"update_subscription","params":{"sids":[\#(sid)],"market_tickers":\#(FeedCommand.array(tickers)),"action":"delete_markets"}}"#
        }
    }

    private static func array(_ values: [String]) -> String {
        "[" + values.map(JSONLineWriter.quote).joined(separator: ",") + "]"
    }
}
