import ArgumentParser
import Foundation

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

    @Option(help: "Triggering frames per run of live.tick_to_order (after its warm-up); rounds of machine.fixed_work.")
    var tickToOrderFrames: Int = 10_000

    /// 5 ms by default (200 frames a second): a session between frames is idle, as a trader's
    /// mostly is, and the signature made ahead for the next order is ready. Back to back, the
    /// benchmark would measure the previous order's answer and background signing (0.65 ms of
    /// CPU per order on one of two cores) as much as the frame's path. How long the session
    /// idles matters on this machine: see the README's figures at 1, 5 and 20 ms.
    @Option(
        help:
            "Least milliseconds between two triggering frames of live.tick_to_order (the session idles between them); machine.fixed_work idles as long before each round."
    )
    var tickToOrderIntervalMs: Int = 5

    /// Off by default: each stage's stamp takes the probe's lock inside the measured interval.
    @Flag(
        help:
            "Also report where live.tick_to_order's time goes: p50 and p99 of each stage of the session's path (stage_<name>_p50_us, ...)."
    )
    var tickToOrderStages = false

    /// For a profiler: `scripts/hot-functions.sh` keeps only the samples inside these intervals.
    @Option(
        help: ArgumentHelp(
            "Append each measured round of live.tick_to_order to this file: journal_fsync, then the frame's and the order request's hand-over in CLOCK_MONOTONIC nanoseconds, one round per line; with --tick-to-order-stages, then each stage's stamp in nanoseconds after the frame's ('-' when not reached).",
            valueName: "path"))
    var tickToOrderRoundsOut: String?

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
        guard (1...60_000).contains(tickToOrderIntervalMs) else {
            throw ValidationError("--tick-to-order-interval-ms must be 1...60000, got \(tickToOrderIntervalMs)")
        }
        if let path = tickToOrderRoundsOut {
            guard FileManager.default.createFile(atPath: path, contents: nil) else {
                throw ValidationError("--tick-to-order-rounds-out: cannot create '\(path)'")
            }
        }
        let latency = LatencySettings(
            frames: tickToOrderFrames, roundIntervalMs: tickToOrderIntervalMs, stages: tickToOrderStages,
            roundsOut: tickToOrderRoundsOut)
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
                for line in try await run(latency) { print(line) }
            }
        }
    }
}
