extension PriceGrid {
    /// The grid of a named `price_level_structure` (reference §5.2; "edges" = 0–0.10 and 0.90–1).
    public init(structure name: String) throws(PriceGridError) {
        guard let steps = PriceGrid.edgeAndCentreSteps[name] else { throw .unknownStructure(name) }
        let edge = Price(uncheckedTicks: 1_000)
        let upperEdge = Price(uncheckedTicks: 9_000)
        let bands: [PriceBand]
        if steps.edge == steps.centre {
            bands = [try PriceBand(start: .zero, end: .one, step: steps.edge)]
        } else {
            let (low, high) =
                steps.edgeWidth.map { (Price(uncheckedTicks: $0), Price(uncheckedTicks: Price.ticksPerDollar - $0)) }
                ?? (edge, upperEdge)
            bands = [
                try PriceBand(start: .zero, end: low, step: steps.edge),
                try PriceBand(start: low, end: high, step: steps.centre),
                try PriceBand(start: high, end: .one, step: steps.edge),
            ]
        }
        try self.init(bands: bands, structure: name)
    }

    /// Grid from a market's `price_ranges`, labelled with its `price_level_structure`.
    public init(priceRanges: [(start: String, end: String, step: String)], structure: String) throws(PriceGridError) {
        var bands: [PriceBand] = []
        for range in priceRanges {
            bands.append(try PriceBand(start: range.start, end: range.end, step: range.step))
        }
        try self.init(bands: bands, structure: structure)
    }

    /// One-cent grid, the structure of the hourly crypto markets.
    public static let linearCent = try! PriceGrid(structure: "linear_cent")
    /// The finest grid (every 1/10,000 dollar): used when a market's grid is not known,
    /// e.g. replaying frames without market metadata, so that no valid price is refused.
    public static let finest = try! PriceGrid(structure: "center_centi_edge_centi_cent")

    /// Steps in ticks (1/10,000 dollar) for the edge bands and the centre band.
    private static let edgeAndCentreSteps: [String: (edge: Int64, centre: Int64, edgeWidth: Int64?)] = [
        "linear_cent": (100, 100, nil),
        "deci_cent": (10, 10, nil),
        "tapered_deci_cent": (10, 100, nil),
        "center_whole_edge_half_cent": (50, 100, nil),
        "center_whole_edge_quint_cent": (20, 100, nil),
        "center_half_edge_half_cent": (50, 50, nil),
        "center_half_edge_quint_cent": (20, 50, nil),
        "center_half_edge_deci_cent": (10, 50, nil),
        "center_quint_edge_quint_cent": (20, 20, nil),
        "center_quint_edge_deci_cent": (10, 20, nil),
        "center_centi_edge_centi_cent": (1, 1, nil),
        "center_deci_edge_centi_cent": (1, 10, 100),
    ]
}
