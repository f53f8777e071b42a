import KalshiCore

/// A price of an underlying (ETH, BTC) from a signal source, already judged for staleness by
/// the signal pipeline. `kind` distinguishes an index (the settlement source) from a venue's
/// mid or last trade.
public struct SpotObservation: Hashable, Sendable {
    public enum Kind: String, Hashable, Sendable { case index, mid, trade }

    public var asset: String
    public var price: Money
    public var kind: Kind
    public var venue: String
    /// The source's own timestamp of the price (Unix ms, scenario time in simulations).
    public var exchangeTimeMs: Int64
    public var isStale: Bool

    public init(asset: String, price: Money, kind: Kind = .index, venue: String, exchangeTimeMs: Int64, isStale: Bool = false) {
        self.asset = asset
        self.price = price
        self.kind = kind
        self.venue = venue
        self.exchangeTimeMs = exchangeTimeMs
        self.isStale = isStale
    }
}
