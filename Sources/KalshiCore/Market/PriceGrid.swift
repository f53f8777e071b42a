/// The valid prices of one market, with a dense index for book storage.
///
/// Kalshi markets quote on per-market grids (`linear_cent`, `deci_cent`, `tapered_deci_cent`, …,
/// reference §5.2). The book stores levels in arrays indexed by *grid position*, so looking up a
/// price must be one memory read: `indexByTick` maps every tick 0...10,000 to its position (or −1).
public struct PriceGrid: Sendable, Equatable {
    public let bands: [PriceBand]
    /// Name Kalshi uses for this structure, or "custom".
    public let structure: String
    @usableFromInline let indexByTick: [Int32]
    @usableFromInline let tickByIndex: [Int64]

    public init(bands: [PriceBand], structure: String = "custom") throws(PriceGridError) {
        guard !bands.isEmpty else { throw .noBands }
        let sorted = bands.sorted { $0.start < $1.start }
        guard sorted.first!.start == .zero, sorted.last!.end == .one else { throw .doesNotCoverZeroToOne }
        for (left, right) in zip(sorted, sorted.dropFirst()) where left.end != right.start {
            throw .doesNotCoverZeroToOne
        }
        var indexByTick = [Int32](repeating: -1, count: Int(Price.ticksPerDollar) + 1)
        var tickByIndex: [Int64] = []
        for tick in 0...Price.ticksPerDollar {
            let price = Price(uncheckedTicks: tick)
            // Whole cents are valid on every structure (reference §5.2).
            if tick % 100 == 0 || sorted.contains(where: { $0.contains(price) }) {
                indexByTick[Int(tick)] = Int32(tickByIndex.count)
                tickByIndex.append(tick)
            }
        }
        self.bands = sorted
        self.structure = structure
        self.indexByTick = indexByTick
        self.tickByIndex = tickByIndex
    }

    /// Number of valid prices, including 0 and 1 dollar.
    @inlinable public var count: Int { tickByIndex.count }

    @inlinable
    public func isOnGrid(_ price: Price) -> Bool { indexByTick[Int(price.ticks)] >= 0 }

    /// Grid position of `price`, or −1 when the price is not on this grid.
    @inlinable
    public func index(of price: Price) -> Int { Int(indexByTick[Int(price.ticks)]) }

    @inlinable
    public func price(at index: Int) -> Price { Price(uncheckedTicks: tickByIndex[index]) }

    public static func == (lhs: PriceGrid, rhs: PriceGrid) -> Bool {
        lhs.bands == rhs.bands
    }
}
