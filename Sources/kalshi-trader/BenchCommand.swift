import ArgumentParser

struct BenchCommand: AsyncParsableCommand {
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

    @Option(help: "Triggering frames per run of live.tick_to_order (after its warm-up).")
    var tickToOrderFrames: Int = 10_000

    @Flag(help: "List the benchmark names and exit.")
    var list = false

    func run() async throws {
        let catalogue = BenchmarkCatalogue.all
        if list {
            for entry in catalogue { print(entry.name) }
            return
        }
        guard runs > 0 else { throw ValidationError("--runs must be positive, got \(runs)") }
        guard (1...10_000_000).contains(tickToOrderFrames) else {
            throw ValidationError("--tick-to-order-frames must be 1...10000000, got \(tickToOrderFrames)")
        }
        let selected = catalogue.filter { filter == nil || $0.name.contains(filter!) }
        guard !selected.isEmpty else {
            throw ValidationError(
                "no benchmark matches '\(filter ?? "")'; available: \(catalogue.map(\.name).joined(separator: ", "))")
        }
        for entry in selected {
            switch entry.kind {
            case .throughput(let make):
                print(BenchmarkRunner(runs: runs).measure(make()).json)
            case .latency(let run):
                for line in try await run(tickToOrderFrames) { print(line) }
            }
        }
    }
}
