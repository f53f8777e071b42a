import Foundation
import Testing

/// The documented command-line contracts, checked on the real executable.
@Suite(.enabled(if: CLIRunner.isAvailable, "the kalshi-trader executable is not built"))
struct CommandContractTests {
    @Test(arguments: [
        (["--price", "0.50", "--count", "100"], "fee 1.75\n"),
        (["--price", "0.50", "--count", "1"], "fee 0.02\n"),
        (["--price", "0.50", "--count", "100", "--maker"], "fee 0.00\n"),
        (["--price", "0.50", "--count", "100", "--maker", "--fee-type", "quadratic_with_maker_fees"], "fee 0.44\n"),
        (["--price", "0.50", "--count", "100", "--maker", "--fee-type", "quadratic_with_combo_maker_fees"], "fee 0.88\n"),
        (["--price", "0.50", "--count", "100", "--multiplier", "0.5"], "fee 0.88\n"),
        (["--price", "0.35", "--count", "37"], "fee 0.59\n"),
    ])
    func feePrintsTheRetailOrderFee(arguments: [String], expected: String) async throws {
        let result = try await CLIRunner.run(["fee"] + arguments)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == expected)
    }

    // Expected values from scipy: norm.cdf((log(S/K) + (r - v*v/2)*T) / (v*sqrt(T))), T = seconds / 31557600.
    @Test(arguments: [
        (["--spot", "3000", "--strike", "3050", "--vol", "0.6", "--minutes", "30"], "fair 0.00013114\n"),
        (["--spot", "100", "--strike", "100", "--vol", "0.5", "--minutes", "60", "--rate", "0.05"], "fair 0.49936085\n"),
        (["--spot", "3100", "--strike", "3050", "--vol", "0.6", "--minutes", "0"], "fair 1.00000000\n"),
        // The settlement average, worked in Python from the closed forms (README, "Pricing model"):
        // 60 samples ahead, log-variance σ²·C/60² with C = 60²·1741 + 60·59·119/6.
        (
            ["--spot", "3000", "--strike", "3050", "--vol", "0.6", "--minutes", "30", "--model", "settlement_average"],
            "fair 0.00011184\n"
        ),
        // 30 s left, the first 30 values averaged 3002: the next 30 must sum past 60·3000.5 − 30·3002.
        (
            [
                "--spot", "3000", "--strike", "3000.5", "--vol", "0.6", "--minutes", "0.5", "--model", "settlement_average",
                "--known-average", "3002",
            ],
            "fair 0.83219490\n"
        ),
    ])
    func pricePrintsTheFairProbability(arguments: [String], expected: String) async throws {
        let result = try await CLIRunner.run(["price"] + arguments)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == expected)
    }

    @Test func volPrintsAnnualizedVolatility() async throws {
        // 40 one-minute candles starting on a 5-minute boundary: 8 complete 5m bars.
        var rows = ["timestamp_ms,open,high,low,close,volume"]
        var close = 100.0
        for minute in 0..<40 {
            let open = close
            close = open * (minute % 3 == 0 ? 1.001 : 0.9995)
            rows.append(
                "\(1_735_700_400_000 + Int64(minute) * 60_000),\(open),\(max(open, close) * 1.0004),\(min(open, close) * 0.9996),\(close),1"
            )
        }
        let file = try CLIRunner.temporaryFile(named: "candles.csv", contents: rows.joined(separator: "\n") + "\n")
        for estimator in ["rogers-satchell", "parkinson", "garman-klass", "close-to-close", "ewma"] {
            let result = try await CLIRunner.run([
                "vol", "--candles", file.path, "--estimator", estimator, "--window", "8", "--interval", "5m",
            ])
            #expect(result.status == 0, "\(estimator): \(result.stderr)")
            #expect(result.stdout.range(of: #"^vol [0-9]+\.[0-9]{8}\n$"#, options: .regularExpression) != nil, "\(result.stdout)")
        }
        let tooFew = try await CLIRunner.run(["vol", "--candles", file.path, "--window", "9"])
        #expect(tooFew.status != 0)
        #expect(tooFew.stderr.contains("9"))
    }

    @Test func bookReplaysFramesAndReportsMalformedLines() async throws {
        let lines = [
            #"{"type":"subscribed","id":1,"msg":{"channel":"orderbook_delta","sid":1}}"#,
            #"{"type":"orderbook_snapshot","sid":1,"seq":1,"msg":{"market_ticker":"B","yes_dollars_fp":[["0.40","10.00"]]}}"#,
            #"{"type":"orderbook_snapshot","sid":1,"seq":2,"msg":{"market_ticker":"A","yes_dollars_fp":[["0.30","1.00"]],"no_dollars_fp":[["0.60","2.50"]]}}"#,
            "{oops",
            #"{"type":"orderbook_delta","sid":1,"seq":4,"msg":{"market_ticker":"A","price_dollars":"0.31","delta_fp":"1.00","side":"yes"}}"#,
        ]
        let file = try CLIRunner.temporaryFile(named: "frames.jsonl", contents: lines.joined(separator: "\n"))
        let result = try await CLIRunner.run(["book", "--replay", file.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(
            result.stdout == """
                {"ticker":"A","state":"needs_resync","yes_bid":"0.3000","yes_bid_size":"1.00","yes_ask":"0.4000","yes_ask_size":"2.50","yes_levels":1,"no_levels":1}
                {"ticker":"B","state":"needs_resync","yes_bid":"0.4000","yes_bid_size":"10.00","yes_ask":null,"yes_ask_size":null,"yes_levels":1,"no_levels":0}
                {"frames":4,"snapshots":2,"deltas":1,"gaps":1,"errors":1}

                """)
        #expect(result.stderr.contains(":4:"))
    }

    @Test(arguments: [
        (["fee", "--price", "1.5", "--count", "1"], "1.5"),
        (["fee", "--price", "0.5", "--count=-1"], "'-1' is negative"),
        (["fee", "--price", "0.5", "--count", "0"], "0"),
        (["fee", "--price", "0.12345", "--count", "1"], "0.12345"),
        (["fee", "--price", "0.5", "--count", "1", "--fee-type", "flat"], "flat"),
        (["fee", "--price", "0.5", "--count", "1", "--multiplier", "x"], "x"),
        (["fee", "--count", "1"], "--price"),
        (
            ["price", "--spot=-3000", "--strike", "3050", "--vol", "0.6", "--minutes", "30"],
            "spot must be a finite positive number"
        ),
        (["price", "--spot", "3000", "--strike", "3050", "--vol=-0.6", "--minutes", "30"], "-0.6"),
        (["price", "--spot", "abc", "--strike", "3050", "--vol", "0.6", "--minutes", "30"], "abc"),
        (["price", "--spot", "3000", "--strike", "nan", "--vol", "0.6", "--minutes", "30"], "nan"),
        (
            ["price", "--spot", "3000", "--strike", "3050", "--vol", "0.6", "--minutes", "30", "--model", "student_t"],
            "student_t"
        ),
        (
            ["price", "--spot", "3000", "--strike", "3050", "--vol", "0.6", "--minutes", "30", "--known-average", "3000"],
            "--known-average"
        ),
        (
            [
                "price", "--spot", "3000", "--strike", "3050", "--vol", "0.6", "--minutes", "30", "--model", "settlement_average",
                "--known-average", "3000",
            ],
            "final minute"
        ),
        (["vol", "--candles", "/nonexistent/candles.csv"], "/nonexistent/candles.csv"),
        (["vol", "--candles", "x.csv", "--interval", "7x"], "7x"),
        (["vol", "--candles", "x.csv", "--estimator", "garch"], "garch"),
        (["book", "--replay", "/nonexistent/frames.jsonl"], "/nonexistent/frames.jsonl"),
        (["bench", "--filter", "no-such-benchmark"], "no-such-benchmark"),
        (["bench", "--filter", "live.tick_to_order", "--tick-to-order-frames", "0"], "--tick-to-order-frames"),
        (["bench", "--filter", "live.tick_to_order", "--tick-to-order-interval-ms", "0"], "--tick-to-order-interval-ms"),
        (
            ["bench", "--filter", "live.tick_to_order", "--tick-to-order-rounds-out", "/nonexistent/dir/rounds.txt"],
            "--tick-to-order-rounds-out"
        ),
        (["no-such-command"], "no-such-command"),
        // The demo's floor is 100.00: nothing could trade, so it refuses to start.
        (["demo", "--balance", "50"], "--balance / risk.minimum_balance"),
        (["init", "--budget", "5"], "--budget must be a dollar amount from 20"),
        (["init", "--asset", "DOGE"], "DOGE"),
        (["init", "--environment", "ftp://x"], "--environment"),
        (["check"], "--config"),
    ])
    func badInputFailsWithAMessageNamingIt(arguments: [String], named: String) async throws {
        let result = try await CLIRunner.run(arguments)
        #expect(result.status != 0)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains(named), "stderr: \(result.stderr)")
    }

    static let sample = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("config/live.yaml").path

    /// A password in a URL is never printed back, whatever the scheme's spelling.
    @Test(arguments: [
        ["live", "--config", sample, "--journal", "postgresq://u:hunter2@db/kalshi"],
        ["live", "--config", sample, "--journal", "mysql://u:hunter2@db/kalshi"],
        ["live", "--config", sample, "--journal", "POSTGRESQL://u:hunter2@db"],
        ["live", "--config", sample, "--url", "httpx://u:hunter2@db", "--key", "/nonexistent.pem"],
        ["markets", "--url", "ftp://u:hunter2@127.0.0.1:1"],
    ])
    func passwordsInURLsAreNeverPrinted(arguments: [String]) async throws {
        let result = try await CLIRunner.run(arguments)
        #expect(result.status != 0)
        #expect(!result.stdout.contains("hunter2") && !result.stderr.contains("hunter2"), "\(result.stderr)")
        #expect(result.stderr.contains("u:***@"), "the URL is still named: \(result.stderr)")
    }

    @Test(arguments: ["fee", "price", "vol", "book", "bench"])
    func everyCommandHasHelp(command: String) async throws {
        let result = try await CLIRunner.run([command, "--help"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("USAGE"))
    }

    @Test func benchListsItsBenchmarks() async throws {
        let result = try await CLIRunner.run(["bench", "--list"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("book.apply_delta_bbo"))
        #expect(result.stdout.contains("fixedpoint.parse"))
        #expect(
            result.stdout.contains("live.tick_to_order") && result.stdout.contains("journal.append")
                && result.stdout.contains("journal.write_ahead") && result.stdout.contains("machine.fixed_work"))
    }

    /// The machine's own jitter: the same work after the rounds' idle interval, then back to
    /// back, as two latency lines whose percentiles are in order and whose rounds are those asked.
    @Test func machineFixedWorkReportsTheSameWorkIdleThenBackToBack() async throws {
        let result = try await CLIRunner.run([
            "bench", "--filter", "machine.fixed_work", "--tick-to-order-frames", "30", "--tick-to-order-interval-ms", "1",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
        #expect(lines.map { $0["idle_ms"] as? Int } == [1, 0], "\(result.stdout)")
        for line in lines {
            #expect(line["name"] as? String == "machine.fixed_work")
            #expect(line["rounds"] as? Int == 30)
            #expect((line["work_steps"] as? Int ?? 0) >= 1, "\(line)")
            let values = ["p50", "p99", "p99_9", "max"].compactMap { line["\($0)_us"] as? Double }
            #expect(values.count == 4 && values[0] > 0 && values == values.sorted(), "\(line)")
            #expect((line["p99_over_p50"] as? Double ?? 0) >= 1, "\(line)")
        }
        #expect(Set(lines.compactMap { $0["work_steps"] as? Int }).count == 1, "both lines run the same work")
    }

    /// With stages on, each round's line also gives where its time went: each stage's stamp
    /// after the frame's, in the path's order, none after the request's hand-over.
    @Test func tickToOrderRoundsCarryTheirStagesWhenAsked() async throws {
        let roundsFile = FileManager.default.temporaryDirectory.appendingPathComponent("rounds-\(UUID().uuidString).txt").path
        defer { try? FileManager.default.removeItem(atPath: roundsFile) }
        let result = try await CLIRunner.run([
            "bench", "--filter", "live.tick_to_order", "--tick-to-order-frames", "20", "--tick-to-order-interval-ms", "2",
            "--tick-to-order-stages", "--tick-to-order-rounds-out", roundsFile,
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let rounds = try String(contentsOfFile: roundsFile, encoding: .utf8).split(separator: "\n").map {
            $0.split(separator: " ")
        }
        #expect(rounds.count == 40, "\(rounds.count) rounds")
        let stageCount = 6  // TickToOrderProbe.Stage: frame_handled … request_built
        for fields in rounds {
            #expect(fields.count == 3 + stageCount, "\(fields)")
            guard fields.count == 3 + stageCount, let from = Int64(fields[1]), let to = Int64(fields[2]) else { continue }
            let stamps = fields.dropFirst(3).compactMap { Int64($0) }
            #expect(fields.dropFirst(3).allSatisfy { $0 == "-" || Int64($0) != nil }, "\(fields)")
            #expect(stamps.allSatisfy { $0 >= 0 && $0 <= to - from }, "\(fields)")
            #expect(stamps == stamps.sorted(), "stages out of the path's order: \(fields)")
        }
        #expect(rounds.filter { !$0.contains("-") }.count >= 20, "most rounds pass every stage")
    }

    /// The tick-to-order benchmark runs a live session against the fake exchange and reports
    /// both latencies as histograms, with fsync then without; a frame's whole trip (`wire`)
    /// never takes less than the session's part of it (`in_process`), round by round.
    /// Its rounds, written for a profiler, are the rounds the histograms hold: one line per
    /// measured round, with fsync then without, in time order, the longest the histogram's max.
    @Test func tickToOrderReportsBothLatenciesWithAndWithoutFsync() async throws {
        let roundsFile = FileManager.default.temporaryDirectory.appendingPathComponent("rounds-\(UUID().uuidString).txt").path
        defer { try? FileManager.default.removeItem(atPath: roundsFile) }
        let result = try await CLIRunner.run([
            "bench", "--filter", "live.tick_to_order", "--tick-to-order-frames", "50", "--tick-to-order-interval-ms", "2",
            "--tick-to-order-rounds-out", roundsFile,
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
        #expect(lines.count == 2, "\(result.stdout)")
        #expect(lines.map { $0["journal_fsync"] as? Bool } == [true, false])
        for line in lines {
            #expect(line["name"] as? String == "live.tick_to_order")
            #expect(line["frames"] as? Int == 50)
            #expect(line["round_interval_ms"] as? Int == 2)
            for prefix in ["in_process", "wire"] {
                let values = ["p50", "p99", "p99_9", "max"].compactMap { line["\(prefix)_\($0)_us"] as? Double }
                #expect(values.count == 4 && values[0] > 0 && values == values.sorted(), "\(line)")
            }
            for percentile in ["p50", "p99", "max"] {
                let inProcess = try #require(line["in_process_\(percentile)_us"] as? Double)
                let wire = try #require(line["wire_\(percentile)_us"] as? Double)
                #expect(inProcess <= wire, "\(line)")
            }
        }
        let rounds = try String(contentsOfFile: roundsFile, encoding: .utf8).split(separator: "\n").map {
            $0.split(separator: " ")
        }
        #expect(rounds.count == 100, "\(rounds.count) rounds")
        #expect(
            rounds.map { $0.first.map(String.init) } == Array(repeating: "true", count: 50) + Array(repeating: "false", count: 50)
        )
        for (runIndex, run) in [rounds.prefix(50), rounds.suffix(50)].enumerated() {
            let intervals = run.compactMap { fields -> (Int64, Int64)? in
                guard fields.count == 3, let from = Int64(fields[1]), let to = Int64(fields[2]) else { return nil }
                return (from, to)
            }
            #expect(intervals.count == 50, "\(run)")
            #expect(intervals.allSatisfy { $0.0 > 0 && $0.1 > $0.0 }, "\(intervals)")
            #expect(zip(intervals, intervals.dropFirst()).allSatisfy { $0.0.1 < $0.1.0 }, "rounds overlap: \(intervals)")
            let longestUs = Double(intervals.map { $0.1 - $0.0 }.max() ?? 0) / 1_000
            if runIndex < lines.count, let max = lines[runIndex]["in_process_max_us"] as? Double {
                #expect(abs(longestUs - max) <= max * 0.01 + 0.01, "longest round \(longestUs) µs, histogram max \(max) µs")
            }
        }
    }
}
