import ArgumentParser

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Run the benchmarks and print one JSON object per line.",
        discussion: """
            Each benchmark runs warm-up passes, then several measured passes; `ns_per_op` is the \
            median. Run from a release build: swift run -c release kalshi-trader bench
            """
    )

    @Option(help: "Run only benchmarks whose name contains this text.")
    var filter: String?

    @Option(help: "Measured passes per benchmark (the median is reported).")
    var runs: Int = 7

    @Flag(help: "List the benchmark names and exit.")
    var list = false

    func run() throws {
        let catalogue = BenchmarkCatalogue.all
        if list {
            for entry in catalogue { print(entry.name) }
            return
        }
        guard runs > 0 else { throw ValidationError("--runs must be positive, got \(runs)") }
        let selected = catalogue.filter { filter == nil || $0.name.contains(filter!) }
        guard !selected.isEmpty else {
            throw ValidationError(
                "no benchmark matches '\(filter ?? "")'; available: \(catalogue.map(\.name).joined(separator: ", "))")
        }
        for entry in selected {
            let benchmark = entry.make()
            print(BenchmarkRunner(runs: runs).measure(benchmark).json)
        }
    }
}
