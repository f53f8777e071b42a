import SignalFeeds

/// Where the venues are: production, or a fake venue's root URL from which every feed's URL
/// is derived (`http://127.0.0.1:8080` → `ws://127.0.0.1:8080/exchange/v1/market`, …).
public struct SignalEndpoints: Sendable, Equatable {
    public var cryptoComWebSocketURL: String
    /// Ends with `/`; the REST method (`public/get-candlestick`) is appended.
    public var cryptoComRESTBaseURL: String
    public var coinbaseWebSocketURL: String

    public init(cryptoComWebSocketURL: String, cryptoComRESTBaseURL: String, coinbaseWebSocketURL: String) {
        self.cryptoComWebSocketURL = cryptoComWebSocketURL
        self.cryptoComRESTBaseURL = cryptoComRESTBaseURL
        self.coinbaseWebSocketURL = coinbaseWebSocketURL
    }

    /// The public production endpoints (crypto-feeds.md §1 and §4.1).
    public static let production = SignalEndpoints(
        cryptoComWebSocketURL: "wss://stream.crypto.com/exchange/v1/market",
        cryptoComRESTBaseURL: "https://api.crypto.com/exchange/v1/",
        coinbaseWebSocketURL: "wss://ws-feed.exchange.coinbase.com")

    /// A fake venue's root, `http(s)://host:port` (a trailing `/` is ignored).
    public init(fakeVenueRoot root: String) throws(SignalEndpointError) {
        var base = root
        while base.hasSuffix("/") { base.removeLast() }
        let webSocketBase: String
        if base.hasPrefix("http://") {
            webSocketBase = "ws://" + base.dropFirst("http://".count)
        } else if base.hasPrefix("https://") {
            webSocketBase = "wss://" + base.dropFirst("https://".count)
        } else {
            throw .unsupportedScheme(root)
        }
        let host = webSocketBase.split(separator: "/", maxSplits: 3, omittingEmptySubsequences: false)
        guard host.count >= 3, !host[2].isEmpty else { throw .missingHost(root) }
        self.init(
            cryptoComWebSocketURL: webSocketBase + SignalPaths.cryptoComMarket,
            cryptoComRESTBaseURL: base + SignalPaths.cryptoComREST,
            coinbaseWebSocketURL: webSocketBase + SignalPaths.fakeCoinbaseFeed)
    }
}

public enum SignalEndpointError: Error, Equatable, Sendable, CustomStringConvertible {
    case unsupportedScheme(String)
    case missingHost(String)

    public var description: String {
        switch self {
        case .unsupportedScheme(let url): return "'\(url)' must start with http:// or https:// (the fake venue's root URL)"
        case .missingHost(let url): return "'\(url)' has no host (expected e.g. http://127.0.0.1:8080)"
        }
    }
}
