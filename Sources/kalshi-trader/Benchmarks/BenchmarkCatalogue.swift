enum BenchmarkCatalogue {
    static var all: [BenchmarkEntry] {
        [
            BenchmarkEntry(name: "book.apply_delta_bbo", make: BookBenchmarks.applyDeltaAndReadTopOfBook),
            BenchmarkEntry(name: "fixedpoint.parse", make: FixedPointBenchmarks.parse),
        ]
    }
}
