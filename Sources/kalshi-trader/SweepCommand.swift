import ArgumentParser
import Foundation
import KalshiAPI
import TraderRuntime

struct SweepCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep",
        abstract: "Backtest every combination of a parameter grid over every recording, in parallel.",
        discussion: """
            Each combination is the configuration (--config, or the defaults) with the grid's \
            fields set; every one is checked before anything runs. Each job is a backtest exactly \
            as `backtest` runs it (its files in DIR/runs/job-N/). Writes DIR/results.csv and \
            DIR/results.jsonl (one row per combination × recording: job, recording, the grid keys, \
            the metric keys of backtest) and DIR/index.html (heat maps of pnl_net and Brier). \
            Walk-forward: with --train and --test, the grid runs on the training recordings, the \
            combination best by --select-by is chosen, and only it runs on the test recordings \
            (DIR/walk_forward.json). --fill-model M is the grid key execution.queue_model. With \
            --queue postgresql://…, the jobs go to PostgreSQL and `kalshi-trader worker` processes \
            on any host run them (and --workers of this process, 0 to only wait).
            """
    )

    @Argument(help: "Recordings (or use --train and --test).")
    var recordings: [String] = []

    @Option(name: .customLong("grid"), parsing: .singleValue, help: "KEY=V1,V2,... (repeatable), e.g. risk.minimum_edge=0.02,0.03.")
    var grid: [String] = []

    @Option(help: "Base JSON configuration (see config/demo.json).")
    var config: String?

    @Option(name: .customLong("fill-model"), parsing: .singleValue, help: "Queue models to sweep (repeatable or comma list).")
    var fillModels: [String] = []

    @Option(help: "Output directory.")
    var out: String

    @Option(help: "Parallel backtests in this process (default: the cores).")
    var workers: Int?

    @Option(parsing: .singleValue, help: "Walk-forward training recording (repeatable).")
    var train: [String] = []

    @Option(parsing: .singleValue, help: "Walk-forward test recording (repeatable).")
    var test: [String] = []

    @Option(name: .customLong("select-by"), help: "Walk-forward choice: pnl_net (highest), brier_model or log_loss_model (lowest).")
    var selectBy = "pnl_net"

    @Option(help: "PostgreSQL job queue, postgresql://user:password@host:port/database.")
    var queue: String?

    @Option(name: .customLong("lease-seconds"), help: "With --queue: a job whose worker is silent this long goes to another.")
    var leaseSeconds = 30

    func validate() throws {
        if !train.isEmpty || !test.isEmpty {
            guard !train.isEmpty, !test.isEmpty else { throw ValidationError("--train and --test go together") }
            guard recordings.isEmpty else { throw ValidationError("give recordings either as arguments or with --train/--test") }
        } else if recordings.isEmpty {
            throw ValidationError("give at least one recording (or --train and --test)")
        }
        if let workers, !(0...256).contains(workers) { throw ValidationError("--workers must be 0...256, got \(workers)") }
        if workers == 0, queue == nil { throw ValidationError("--workers 0 needs --queue (someone must run the jobs)") }
        guard SweepPlan.selectionMetrics[selectBy] != nil else {
            throw ValidationError("--select-by '\(selectBy)' is not one of \(SweepPlan.selectionMetrics.keys.sorted().joined(separator: ", "))")
        }
        guard (5...3_600).contains(leaseSeconds) else { throw ValidationError("--lease-seconds must be 5...3600, got \(leaseSeconds)") }
        _ = try gridArguments()
    }

    private func gridArguments() throws -> [String] {
        let models = fillModels.flatMap { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
        guard !models.isEmpty else { return grid }
        if grid.contains(where: { $0.hasPrefix("execution.queue_model=") }) {
            throw ValidationError("--fill-model and --grid execution.queue_model=... say the same thing: give one")
        }
        return grid + ["execution.queue_model=" + models.joined(separator: ",")]
    }

    func run() throws {
        let started = ContinuousClock.now
        let plan: SweepPlan
        let main: [SweepRecording]
        let held: [SweepRecording]
        do {
            plan = try SweepPlan(grid: try SweepGrid.parse(try gridArguments()), baseConfiguration: config)
            main = try (train.isEmpty ? recordings : train).map { path throws(SweepError) in try SweepRecording(path: path) }
            held = try test.map { path throws(SweepError) in try SweepRecording(path: path) }
        } catch let error as SweepError {
            throw ValidationError(error.description)
        }
        let walkForward = !train.isEmpty
        let threads = workers ?? ProcessInfo.processInfo.activeProcessorCount
        let executor = try SweepExecutor.make(queue: queue, workers: threads, leaseSeconds: leaseSeconds, out: out)
        let firstJobs = plan.jobs(combinations: Array(plan.assignments.indices), recordings: main, set: walkForward ? "train" : nil)
        var rows = try executor.run(firstJobs)
        var outcome: WalkForwardOutcome?
        if walkForward {
            guard let chosen = SweepPlan.select(rows, metric: selectBy, recordings: main.count) else {
                throw CommandFailure(description: "walk-forward: no combination has \(selectBy) on every training recording")
            }
            let testJobs = plan.jobs(combinations: [chosen.combination], recordings: held, set: "test", firstIndex: firstJobs.count)
            let testRows = try executor.run(testJobs)
            rows += testRows
            outcome = WalkForwardOutcome(
                metric: selectBy, combination: chosen.combination, assignment: plan.assignments[chosen.combination],
                trainValue: chosen.value, testRows: testRows.map(\.result))
        }
        let elapsed = started.duration(to: .now)
        let wall = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let events = rows.reduce(0) { $0 + $1.result.events }
        let output = SweepOutput(plan: plan, rows: rows, walkForward: outcome)
        do {
            try output.write(
                to: out, title: "Sweep of \(plan.assignments.count) combinations",
                details: [
                    "Recordings: " + (main + held).map(\.name).joined(separator: ", "),
                    "Grid: " + (plan.grid.axes.isEmpty ? "none" : plan.grid.axes.map { "\($0.key)=\($0.values.joined(separator: ","))" }.joined(separator: " ")),
                    "Every cell is a full backtest with the engine, strategy, risk checks and simulated exchange of `backtest`.",
                ])
        } catch {
            throw CommandFailure(description: error.description)
        }
        var writer = JSONLineWriter()
        writer.add("out", out)
        writer.add("combinations", plan.assignments.count)
        writer.add("recordings", main.count + held.count)
        writer.add("jobs", rows.count)
        writer.add("workers", threads)
        writer.add("queue", queue.map { _ in "postgresql" })
        writer.add("events", events)
        writer.add("wall_s", wall, decimals: 3)
        writer.add("wall_events_per_s", wall > 0 ? Double(events) / wall : 0, decimals: 0)
        if let outcome { writer.add("walk_forward", json: outcome.json) }
        Console.line(writer.line)
    }
}

/// Runs a batch of jobs: on threads of this process, or through the PostgreSQL queue.
struct SweepExecutor {
    let runLocal: ([SweepJob]) throws -> [(job: SweepJob, result: SweepResult)]

    static func make(queue: String?, workers: Int, leaseSeconds: Int, out: String) throws -> SweepExecutor {
        let runs = URL(fileURLWithPath: out).appendingPathComponent("runs").path
        if let queue {
            return try QueuedSweep.executor(url: queue, workers: workers, leaseSeconds: leaseSeconds, runsDirectory: runs)
        }
        return SweepExecutor { jobs in
            let results = LocalSweepRunner.run(jobs, workers: workers, runsDirectory: runs)
            return try zip(jobs, results).map { job, result in
                switch result {
                case .success(let value): return (job, value)
                case .failure(let error): throw CommandFailure(description: error.description)
                }
            }
        }
    }

    func run(_ jobs: [SweepJob]) throws -> [(job: SweepJob, result: SweepResult)] { try runLocal(jobs) }
}
