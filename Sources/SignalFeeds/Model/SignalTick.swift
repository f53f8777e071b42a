import KalshiCore

/// One price observation from one venue. Prices are fixed-point; `Double` appears only when a
/// model asks for it (`priceAsDouble`).
public struct SignalTick: Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable, CaseIterable, Hashable {
        /// An index value (Crypto.com's index, the CF Benchmarks index, or our composite).
        case index
        /// The middle of the venue's best bid and best ask.
        case mid
        /// The price of a trade.
        case trade
    }

    public var asset: SignalAsset
    public var venue: SignalVenue
    public var kind: Kind
    public var price: Money
    /// When the venue says the value was produced (epoch ms, the venue's clock; scenario time on a fake).
    public var exchangeMs: Int64
    /// When we received it (epoch ms, our clock). Staleness is measured on this clock.
    public var receiveMs: Int64

    public init(asset: SignalAsset, venue: SignalVenue, kind: Kind, price: Money, exchangeMs: Int64, receiveMs: Int64) {
        self.asset = asset
        self.venue = venue
        self.kind = kind
        self.price = price
        self.exchangeMs = exchangeMs
        self.receiveMs = receiveMs
    }

    /// For the pricing model only.
    public var priceAsDouble: Double { Double(price.micros) / Double(Money.microsPerDollar) }

    public var description: String { "\(asset) \(venue) \(kind.rawValue) \(price) @\(exchangeMs)" }
}
