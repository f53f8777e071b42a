import KalshiAPI

/// A named piece of work repeated `operations` times per pass. `pass` returns a checksum so the
/// optimizer cannot drop the work; the runner reports it, which also catches a benchmark whose
/// passes stop doing the same thing.
struct Benchmark {
    let name: String
    let operations: Int
    let pass: () -> Int64
    /// Extra numeric fields for the JSON line, read after the measured passes (e.g. peak memory).
    var details: () -> [(String, String)] = { [] }
}

/// A catalogue entry builds its benchmark lazily: preparing inputs can take a while.
struct BenchmarkEntry {
    enum Kind {
        /// Repeated passes timed as a whole (ns per operation).
        case throughput(() -> Benchmark)
        /// Runs once with the settings asked for and prints its own JSON lines (latency
        /// distributions).
        case latency((LatencySettings) async throws -> [String])
    }

    let name: String
    let kind: Kind

    init(name: String, make: @escaping () -> Benchmark) {
        self.name = name
        self.kind = .throughput(make)
    }

    init(name: String, latency: @escaping (LatencySettings) async throws -> [String]) {
        self.name = name
        self.kind = .latency(latency)
    }
}

/// What a latency benchmark is asked to run (`bench --tick-to-order-frames`, `--tick-to-order-interval-ms`).
struct LatencySettings {
    /// Triggering events measured (after the warm-up).
    var frames: Int
    /// The least milliseconds from one triggering event to the next: how long the session is
    /// idle between them.
    var roundIntervalMs: Int
    /// Whether `live.tick_to_order` stamps and reports the stages of the session's path.
    var stages = false
    /// Where `live.tick_to_order` appends each measured round's interval on the system's
    /// monotonic clock (`--tick-to-order-rounds-out`), or nil.
    var roundsOut: String? = nil

    var roundInterval: Duration { .milliseconds(roundIntervalMs) }
}

struct BenchmarkResult {
    let name: String
    let operations: Int
    let runs: Int
    let medianNs: Double
    let minNs: Double
    let maxNs: Double
    let checksum: Int64
    var details: [(String, String)] = []

    var json: String {
        var writer = JSONLineWriter()
        writer.add("name", name)
        writer.add("ns_per_op", medianNs, decimals: 3)
        writer.add("ops_per_s", 1e9 / medianNs, decimals: 0)
        writer.add("min_ns_per_op", minNs, decimals: 3)
        writer.add("max_ns_per_op", maxNs, decimals: 3)
        writer.add("ops", operations)
        writer.add("runs", runs)
        writer.add("checksum", String(checksum))
        for (key, value) in details { writer.add(key, json: value) }
        writer.addBuild()
        return writer.line
    }
}

struct BenchmarkRunner {
    var runs: Int
    var warmUps = 2

    func measure(_ benchmark: Benchmark) -> BenchmarkResult {
        var checksum: Int64 = 0
        for _ in 0..<warmUps { checksum = benchmark.pass() }
        var perOp: [Double] = []
        let clock = ContinuousClock()
        for _ in 0..<runs {
            let start = clock.now
            let passChecksum = benchmark.pass()
            let elapsed = start.duration(to: clock.now)
            precondition(passChecksum == checksum, "\(benchmark.name): passes disagree; the benchmark is not repeatable")
            let nanoseconds = Double(elapsed.components.seconds) * 1e9 + Double(elapsed.components.attoseconds) / 1e9
            perOp.append(nanoseconds / Double(benchmark.operations))
        }
        perOp.sort()
        return BenchmarkResult(
            name: benchmark.name, operations: benchmark.operations, runs: runs, medianNs: perOp[perOp.count / 2],
            minNs: perOp.first!, maxNs: perOp.last!, checksum: checksum, details: benchmark.details())
    }
}
