import Foundation
import Testing

/// `sweep` and `worker` on the real executable: every combination × recording, results equal to
/// single backtests, walk-forward, and the PostgreSQL queue with a worker killed mid-job.
@Suite(.enabled(if: CLIRunner.isAvailable, "the kalshi-trader executable is not built"))
struct SweepCommandTests {
    static func recordings() async throws -> (URL, URL) {
        let first = try await RecordingCommandTests.convert(try RecordingCommandTests.bookCSV())
        let second = first.deletingLastPathComponent().appendingPathComponent("hour-copy.krec")
        try FileManager.default.copyItem(at: first, to: second)
        return (first, second)
    }

    static func rows(_ url: URL) throws -> [[String: Any]] {
        try String(contentsOf: url, encoding: .utf8).split(separator: "\n").map {
            try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any]
        }
    }

    @Test func everyCombinationRunsAsItsOwnBacktestWouldAndParallelismChangesNothing() async throws {
        let (first, second) = try await Self.recordings()
        let base = first.deletingLastPathComponent()
        var outputs: [Data] = []
        for workers in ["2", "1"] {
            let out = base.appendingPathComponent("sweep-\(workers)")
            let result = try await CLIRunner.run([
                "sweep", first.path, second.path, "--grid", "strategy.model=black_scholes,settlement_average",
                "--grid", "risk.minimum_edge=0.01,0.04", "--out", out.path, "--workers", workers,
            ])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout.contains(#""combinations":4,"recordings":2,"jobs":8"#), "\(result.stdout)")
            outputs.append(try Data(contentsOf: out.appendingPathComponent("results.csv")))
        }
        #expect(outputs[0] == outputs[1], "results depend on the number of workers")
        let out = base.appendingPathComponent("sweep-2")
        let csv = try String(contentsOf: out.appendingPathComponent("results.csv"), encoding: .utf8).split(separator: "\n")
        #expect(
            csv.first
                == "job,recording,strategy.model,risk.minimum_edge,pnl_net,trades,hit_rate,max_drawdown,brier_model,brier_market,log_loss_model,log_loss_market,events,events_per_s"
        )
        #expect(csv.count == 9)
        let rows = try Self.rows(out.appendingPathComponent("results.jsonl"))
        #expect(rows.count == 8)
        // Row 5: combination 2 (settlement_average, 0.01) on the second recording — the same
        // metrics as `backtest` of that recording with that configuration.
        let row = rows[5]
        #expect(row["strategy.model"] as? String == "settlement_average" && row["risk.minimum_edge"] as? String == "0.01")
        #expect(row["recording"] as? String == second.path)
        let config = try CLIRunner.temporaryFile(
            named: "c.json", contents: #"{"strategy":{"model":"settlement_average"},"risk":{"minimum_edge":"0.01"}}"#)
        let single = base.appendingPathComponent("single")
        let backtest = try await CLIRunner.run(["backtest", second.path, "--config", config.path, "--out", single.path])
        #expect(backtest.status == 0, "\(backtest.stderr)")
        let metrics = try #require(RecordingCommandTests.json(single.appendingPathComponent("summary.json"))["metrics"] as? [String: Any])
        for key in metrics.keys.sorted() {
            #expect("\(metrics[key]!)" == "\(row[key]!)", "\(key)")
        }
        let html = try String(contentsOf: out.appendingPathComponent("index.html"), encoding: .utf8)
        #expect(html.contains("id=\"heat-pnl\"") && html.contains("id=\"heat-brier\"") && html.contains("strategy.model"))
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("runs/job-7/summary.json").path))
    }

    @Test func walkForwardChoosesOnTrainingAndRunsOnlyTheChoiceOnTest() async throws {
        let (first, second) = try await Self.recordings()
        let out = first.deletingLastPathComponent().appendingPathComponent("wf")
        let result = try await CLIRunner.run([
            "sweep", "--train", first.path, "--test", second.path, "--grid", "risk.minimum_edge=0.01,0.02,0.06",
            "--select-by", "brier_model", "--out", out.path,
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let rows = try Self.rows(out.appendingPathComponent("results.jsonl"))
        #expect(rows.filter { $0["set"] as? String == "train" }.count == 3)
        let test = rows.filter { $0["set"] as? String == "test" }
        #expect(test.count == 1 && test.first?["recording"] as? String == second.path)
        let verdict = try RecordingCommandTests.json(out.appendingPathComponent("walk_forward.json"))
        #expect(verdict["selected_by"] as? String == "brier_model")
        let chosen = try #require(verdict["chosen"] as? [String: Any])
        #expect(chosen["risk.minimum_edge"] as? String == test.first?["risk.minimum_edge"] as? String)
        // The lowest training Brier (ties to the earlier combination) is the one chosen.
        let train = rows.filter { $0["set"] as? String == "train" }
        let best = train.min { ($0["brier_model"] as? Double ?? 9, $0["job"] as! Int) < ($1["brier_model"] as? Double ?? 9, $1["job"] as! Int) }
        #expect(best?["risk.minimum_edge"] as? String == chosen["risk.minimum_edge"] as? String)
    }

    @Test(arguments: [
        (["--grid", "strategy.modle=a,b"], "strategy.modle"),
        (["--grid", "risk.minimum_edge=abc"], "risk.minimum_edge"),
        (["--grid", "risk.minimum_edge=0.01,0.01"], "repeated"),
        (["--grid", "novalues"], "KEY=V1,V2"),
        (["--fill-model", "fifo"], "execution.queue_model"),
        (["--workers", "0"], "--queue"),
    ])
    func badArgumentsAreNamedBeforeAnythingRuns(arguments: [String], named: String) async throws {
        let out = try CLIRunner.temporaryDirectory().appendingPathComponent("never")
        let csv = try CLIRunner.temporaryFile(named: "x.krec", contents: "not a recording")
        let result = try await CLIRunner.run(["sweep", csv.path, "--out", out.path] + arguments)
        #expect(result.status != 0)
        #expect(result.stderr.contains(named), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }
}

/// The queue: jobs in PostgreSQL, two worker processes, the first killed while it holds a job;
/// the job goes to the other worker when its lease runs out and the results equal a local run.
@Suite(
    .enabled(if: CLIRunner.isAvailable, "the kalshi-trader executable is not built"),
    .enabled(if: ProcessInfo.processInfo.environment["KALSHI_TEST_POSTGRES_URL"].map { !$0.isEmpty } ?? false, "no PostgreSQL"),
    .enabled(if: FileManager.default.fileExists(atPath: RealHour.csv.path), "../shared/data is absent"))
struct SweepQueueTests {

    /// A process whose output goes to a file the test can read while it runs.
    final class Background {
        let process = Process()
        let output: URL

        init(_ arguments: [String]) throws {
            output = try CLIRunner.temporaryDirectory().appendingPathComponent("stdout")
            FileManager.default.createFile(atPath: output.path, contents: nil)
            process.executableURL = CLIRunner.executable
            process.arguments = arguments
            process.standardInput = FileHandle.nullDevice
            process.standardOutput = try FileHandle(forWritingTo: output)
            process.standardError = process.standardOutput
            try process.run()
        }

        /// A failed test leaves no process behind (a sweep would wait for its jobs forever).
        deinit { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }

        var text: String { (try? String(contentsOf: output, encoding: .utf8)) ?? "" }

        /// Polls the output until `condition` holds or the process ends.
        func waitFor(_ condition: (String) -> Bool, seconds: Double = 120) async throws -> Bool {
            let deadline = ContinuousClock.now + .seconds(seconds)
            while ContinuousClock.now < deadline {
                if condition(text) { return true }
                if !process.isRunning { return condition(text) }
                try await Task.sleep(for: .milliseconds(10))
            }
            return false
        }

        func waitForExit(seconds: Double = 180) async throws -> Int32? {
            let deadline = ContinuousClock.now + .seconds(seconds)
            while process.isRunning, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(50)) }
            if process.isRunning {
                process.terminate()
                return nil
            }
            return process.terminationStatus
        }
    }

    @Test func aKilledWorkersJobGoesToTheOtherAndResultsEqualTheLocalRun() async throws {
        let url = try #require(ProcessInfo.processInfo.environment["KALSHI_TEST_POSTGRES_URL"])
        let directory = try CLIRunner.temporaryDirectory()
        let recording = directory.appendingPathComponent("hour.krec")
        let convert = try await CLIRunner.run(["convert", "--from", "kalshi-book-csv", RealHour.csv.path, "--out", recording.path])
        #expect(convert.status == 0, "\(convert.stderr)")
        let grid = ["--grid", "risk.minimum_edge=0.02,0.03,0.05", "--grid", "strategy.model=black_scholes,settlement_average"]
        let local = directory.appendingPathComponent("local")
        let localRun = try await CLIRunner.run(["sweep", recording.path, "--out", local.path, "--workers", "2"] + grid)
        #expect(localRun.status == 0, "\(localRun.stderr)")

        // Until the kill lands while the first worker holds a job (it could finish first).
        var killedMidJob = false
        for attempt in 1...3 where !killedMidJob {
            let out = directory.appendingPathComponent("queued-\(attempt)")
            let sweep = try Background(
                ["sweep", recording.path, "--out", out.path, "--queue", url, "--workers", "0", "--lease-seconds", "5"] + grid)
            // A worker told to exit when idle must not start before there is work; both workers
            // take only this sweep's jobs (the database may hold others).
            #expect(try await sweep.waitFor { $0.contains("queued 6 jobs as ") }, "\(sweep.text)")
            let queuedLine = try #require(sweep.text.split(separator: "\n").first { $0.hasPrefix("queued 6 jobs as ") })
            let sweepId = String(queuedLine.dropFirst("queued 6 jobs as ".count))
            let doomed = try Background(["worker", "--queue", url, "--lease-seconds", "5", "--exit-when-idle", "--sweep", sweepId])
            #expect(try await doomed.waitFor { $0.contains(#""claimed":"#) }, "\(doomed.text)")
            kill(doomed.process.processIdentifier, SIGKILL)
            _ = try await doomed.waitForExit()
            let claimedLine = try #require(doomed.text.split(separator: "\n").first { $0.contains(#""claimed":"#) })
            let claimed = try #require(
                (try JSONSerialization.jsonObject(with: Data(claimedLine.utf8)) as? [String: Any])?["claimed"] as? Int)
            killedMidJob = !doomed.text.contains(#"{"finished":\#(claimed),"#)
            let survivor = try Background(
                ["worker", "--queue", url, "--lease-seconds", "5", "--poll-seconds", "0.2", "--exit-when-idle", "--sweep", sweepId])
            #expect(try await survivor.waitForExit() == 0, "\(survivor.text)")
            #expect(try await sweep.waitForExit() == 0, "\(sweep.text)")
            if killedMidJob {
                #expect(survivor.text.contains(#"{"claimed":\#(claimed),"#), "the killed worker's job was not taken over")
            }
            let queued = try Data(contentsOf: out.appendingPathComponent("results.csv"))
            #expect(queued == (try Data(contentsOf: local.appendingPathComponent("results.csv"))))
        }
        #expect(killedMidJob, "the worker was never killed while holding a job")
    }
}

/// The recorded KXBTCD hour in ../shared/data (its jobs last long enough to be killed mid-run).
enum RealHour {
    static let csv = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("shared/data/kalshi_KXBTCD-25MAY1323_book_brti_2025-05-14.csv")
}
