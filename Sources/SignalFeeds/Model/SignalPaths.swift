/// URL paths shared by the clients and the fake venues, so a fake root URL
/// (`http://127.0.0.1:8080`) is enough to find every feed.
public enum SignalPaths {
    /// Crypto.com Exchange v1 market-data WebSocket (reference §1).
    public static let cryptoComMarket = "/exchange/v1/market"
    /// Crypto.com REST base; the method name (`public/get-candlestick`) is appended.
    public static let cryptoComREST = "/exchange/v1/"
    /// The fake Coinbase feed. The real feed is the root of its own host; the fake shares one port.
    public static let fakeCoinbaseFeed = "/coinbase/ws-feed"
}
