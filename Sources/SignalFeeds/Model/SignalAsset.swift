/// A crypto asset whose USD price drives Kalshi's hourly markets, with each venue's name for it.
public enum SignalAsset: String, Sendable, CaseIterable, Hashable, CustomStringConvertible {
    case eth = "ETH"
    case btc = "BTC"

    /// Parses `ETH`/`eth`/`BTC`.
    public init?(symbol: String) { self.init(rawValue: symbol.uppercased()) }

    public var symbol: String { rawValue }
    public var description: String { rawValue }

    /// Crypto.com spot instrument (`ETH_USD`).
    public var cryptoComInstrument: String { "\(rawValue)_USD" }
    /// Crypto.com's own composite index (`ETHUSD-INDEX`), reference §2.5.
    public var cryptoComIndex: String { "\(rawValue)USD-INDEX" }
    /// Coinbase Exchange product (`ETH-USD`).
    public var coinbaseProduct: String { "\(rawValue)-USD" }
    /// CF Benchmarks real-time index id on Kalshi's `cfbenchmarks_value` channel (kalshi-api.md §6.4).
    public var cfBenchmarksIndex: String {
        switch self {
        case .btc: return "BRTI"
        case .eth: return "ETHUSD_RTI"
        }
    }
}
