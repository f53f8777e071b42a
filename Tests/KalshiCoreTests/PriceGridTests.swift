import Testing

@testable import KalshiCore

struct PriceGridTests {
    private func price(_ text: String) -> Price { try! Price(parsing: text) }

    @Test(arguments: [
        ("linear_cent", 101), ("deci_cent", 1_001), ("center_centi_edge_centi_cent", 10_001),
        // 0–0.10 by 0.001 (100 steps), 0.10–0.90 by 0.01 (80), 0.90–1 by 0.001 (100), plus the start.
        ("tapered_deci_cent", 281),
        ("center_half_edge_half_cent", 201),
    ])
    func namedStructuresHaveTheDocumentedNumberOfPrices(name: String, count: Int) throws {
        let grid = try PriceGrid(structure: name)
        #expect(grid.count == count)
        #expect(grid.isOnGrid(.zero) && grid.isOnGrid(.one))
    }

    @Test(arguments: [
        ("0.005", true), ("0.095", true), ("0.1", true), ("0.105", false), ("0.11", true), ("0.555", false),
        ("0.9", true), ("0.905", true), ("0.9995", false), ("0.0001", false),
    ])
    func taperedGridIsFineOnlyAtTheEdges(text: String, onGrid: Bool) throws {
        #expect(try PriceGrid(structure: "tapered_deci_cent").isOnGrid(price(text)) == onGrid)
    }

    @Test func wholeCentsAreValidOnEveryStructure() throws {
        let grid = try PriceGrid(bands: [
            PriceBand(start: .zero, end: price("0.30"), step: 30), PriceBand(start: price("0.30"), end: .one, step: 100),
        ])
        #expect(grid.isOnGrid(price("0.003")))
        #expect(!grid.isOnGrid(price("0.004")))
        #expect(grid.isOnGrid(price("0.01")))  // not a multiple of the 0.003 step, but a whole cent
    }

    @Test func indexAndPriceAreInverse() throws {
        let grid = try PriceGrid(structure: "tapered_deci_cent")
        for index in 0..<grid.count {
            #expect(grid.index(of: grid.price(at: index)) == index)
        }
        #expect(grid.index(of: price("0.105")) == -1)
    }

    @Test func buildsFromPriceRanges() throws {
        let grid = try PriceGrid(
            priceRanges: [("0.0000", "0.1000", "0.0010"), ("0.1000", "0.9000", "0.0100"), ("0.9000", "1.0000", "0.0010")],
            structure: "tapered_deci_cent")
        #expect(grid == (try PriceGrid(structure: "tapered_deci_cent")))
    }

    @Test func rejectsBadGrids() {
        #expect(throws: PriceGridError.unknownStructure("quarter_cent")) { try PriceGrid(structure: "quarter_cent") }
        #expect(throws: PriceGridError.doesNotCoverZeroToOne) {
            try PriceGrid(priceRanges: [("0.0000", "0.5000", "0.0100")], structure: "custom")
        }
        #expect(throws: PriceGridError.invalidStep(0)) { try PriceBand(start: .zero, end: .one, step: 0) }
        #expect(throws: PriceGridError.invalidNumber(.notANumber("x"))) {
            try PriceGrid(priceRanges: [("0", "1", "x")], structure: "custom")
        }
        #expect(throws: PriceGridError.noBands) { try PriceGrid(bands: []) }
    }
}
