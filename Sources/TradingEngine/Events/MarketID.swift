/// A market's position in the engine's registry. Events carry it instead of the ticker so the
/// hot path indexes an array instead of hashing strings.
public struct MarketID: Hashable, Sendable, Comparable {
    public let index: Int

    public init(_ index: Int) { self.index = index }

    public static func < (lhs: MarketID, rhs: MarketID) -> Bool { lhs.index < rhs.index }
}
