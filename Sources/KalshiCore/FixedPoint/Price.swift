/// A contract price in 1/10,000 dollar ("centicents"), always within 0...1 dollar.
///
/// Kalshi's 2026 API quotes prices as fixed-point dollar strings with up to four decimals
/// (`"0.5600"`); an integer of ticks keeps book keys and comparisons exact.
public struct Price: Hashable, Comparable, Sendable, CustomStringConvertible {
    public static let ticksPerDollar: Int64 = 10_000
    public static let decimals = 4
    public static let zero = Price(uncheckedTicks: 0)
    public static let one = Price(uncheckedTicks: ticksPerDollar)

    /// Price in 1/10,000 dollar.
    public let ticks: Int64

    @inlinable
    public init(uncheckedTicks ticks: Int64) { self.ticks = ticks }

    public init(ticks: Int64) throws(FixedPointError) {
        guard (0...Price.ticksPerDollar).contains(ticks) else {
            throw .outOfRange(FixedPointParser.format(ticks, scale: 4, decimals: 4), allowed: "0.0000...1.0000")
        }
        self.ticks = ticks
    }

    /// Whole cents, e.g. `Price(cents: 56)` is $0.56.
    public init(cents: Int) throws(FixedPointError) {
        try self.init(ticks: Int64(cents) * 100)
    }

    @inlinable
    public init<Bytes: Collection>(utf8 bytes: Bytes) throws(FixedPointError) where Bytes.Element == UInt8 {
        let ticks = try FixedPointParser.parse(bytes, scale: Price.decimals, allowNegative: false)
        guard ticks <= Price.ticksPerDollar else {
            throw .outOfRange(String(decoding: bytes, as: UTF8.self), allowed: "0.0000...1.0000")
        }
        self.ticks = ticks
    }

    /// Parses Kalshi's dollar text (`"0.56"`, `"0.5600"`); refuses anything outside 0...1 dollar.
    public init(parsing text: String) throws(FixedPointError) {
        let ticks = try FixedPointParser.parse(text, scale: Price.decimals, allowNegative: false)
        guard ticks <= Price.ticksPerDollar else { throw .outOfRange(text, allowed: "0.0000...1.0000") }
        self.ticks = ticks
    }

    /// The same interest seen from the other leg: a YES bid at p is a NO ask at 1 − p.
    @inlinable
    public var complement: Price { Price(uncheckedTicks: Price.ticksPerDollar - ticks) }

    /// Price as dollars in the exact `Money` type.
    public var dollars: Money { Money(micros: ticks * 100) }

    /// Price as a probability, for the pricing model only.
    public var probability: Double { Double(ticks) / Double(Price.ticksPerDollar) }

    public var description: String { FixedPointParser.format(ticks, scale: 4, decimals: 4) }

    /// `description`'s bytes appended to `bytes` (the order's body is built as bytes).
    public func appendDescription(to bytes: inout [UInt8]) { FixedPointParser.append(ticks, scale: 4, decimals: 4, to: &bytes) }

    @inlinable
    public static func < (lhs: Price, rhs: Price) -> Bool { lhs.ticks < rhs.ticks }
}
