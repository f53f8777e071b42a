/// Where a signal comes from. Raw values are the CLI and output spellings.
public enum SignalVenue: String, Sendable, CaseIterable, Hashable, CustomStringConvertible {
    case cryptoCom = "cryptocom"
    case coinbase
    /// Kalshi's republication of the CF Benchmarks index, the settlement source itself.
    case cfBenchmarks = "cfbenchmarks"
    /// The median of the venues' latest fresh prices: a stand-in for the settlement index.
    case composite

    public var description: String { rawValue }
}
