import Foundation
import Testing

/// The `record`, `convert`, `replay` and `backtest` command contracts, on the real executable.
@Suite(.enabled(if: CLIRunner.isAvailable, "the kalshi-trader executable is not built"))
struct RecordingCommandTests {
    static let header =
        "timestamp,product,price,strike,expiration_time,bid_1_price,bid_1_quantity,bid_2_price,bid_2_quantity,bid_3_price,bid_3_quantity,bid_4_price,bid_4_quantity,bid_5_price,bid_5_quantity,ask_1_price,ask_1_quantity,ask_2_price,ask_2_quantity,ask_3_price,ask_3_quantity,ask_4_price,ask_4_quantity,ask_5_price,ask_5_quantity"

    /// Twenty minutes of three markets of a synthetic KXBTCD hour in the book + BRTI CSV format, through the close.
    static func bookCSV() throws -> URL {
        var rows = [header]
        var index = 103_600.0
        for second in stride(from: 0, to: 1_230, by: 2) {
            let minute = 40 + second / 60
            let stamp =
                minute < 60
                ? String(format: "2025-05-14 02:%02d:%02d", minute, second % 60)
                : String(format: "2025-05-14 03:%02d:%02d", minute - 60, second % 60)
            index += Double((second * 7919) % 41) - 20
            rows.append("\(stamp),BRTI,\(String(format: "%.2f", index)),,,,,,,,,,,,,,,,,,,,,,")
            let centre = 50 + Int((index - 103_600) / 8)
            let bid = max(2, min(96, centre - 1 - (second / 2) % 3))
            for (strike, shift) in [("103599.99", 0), ("103349.99", 30), ("103849.99", -30)] {
                let price = max(2, min(93, bid + shift))
                rows.append(
                    "\(stamp),KXBTCD-25MAY1323-T\(strike),,0,2025-05-14 03:05:00+00:00,\(price).0,120.0,\(price - 1).0,300.0,,,,,,,\(price + 3).0,150.0,\(price + 4).0,80.0"
                )
            }
        }
        return try CLIRunner.temporaryFile(named: "book.csv", contents: rows.joined(separator: "\n") + "\n")
    }

    static func convert(_ csv: URL) async throws -> URL {
        let out = csv.deletingLastPathComponent().appendingPathComponent("hour.krec")
        let result = try await CLIRunner.run(["convert", "--from", "kalshi-book-csv", csv.path, "--out", out.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains(#""markets":3"#), "\(result.stdout)")
        return out
    }

    static func json(_ url: URL) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
    }

    @Test func convertReplayAndBacktestAreDeterministic() async throws {
        let recording = try await Self.convert(try Self.bookCSV())
        let replay = try await CLIRunner.run(["replay", recording.path])
        #expect(replay.status == 0, "\(replay.stderr)")
        let replayLines = replay.stdout.split(separator: "\n")
        #expect(replayLines.contains { $0.contains(#""type":"book""#) && $0.contains("KXBTCD-25MAY1323-T103599.99") })
        #expect(replayLines.contains { $0.contains(#""type":"spot""#) && $0.contains(#""kind":"index""#) })
        #expect(replayLines.contains { $0.contains(#""type":"volatility""#) })
        #expect(replayLines.last?.contains(#""markets":3"#) == true)

        let base = recording.deletingLastPathComponent()
        var outputs: [[String: Data]] = []
        for run in ["a", "b"] {
            let out = base.appendingPathComponent("out-\(run)")
            let result = try await CLIRunner.run([
                "backtest", recording.path, "--out", out.path, "--report", base.appendingPathComponent("report-\(run)").path,
            ])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stderr.isEmpty, "no progress bar off a terminal: \(result.stderr)")
            var files: [String: Data] = [:]
            for name in ["decisions.jsonl", "orders.jsonl", "fills.jsonl", "state.jsonl", "summary.json"] {
                files[name] = FileManager.default.contents(atPath: out.appendingPathComponent(name).path)
            }
            files["index.html"] = FileManager.default.contents(
                atPath: base.appendingPathComponent("report-\(run)/index.html").path)
            #expect(files.values.allSatisfy { !$0.isEmpty } || files["fills.jsonl"]?.isEmpty == true)
            outputs.append(files)
        }
        #expect(outputs[0] == outputs[1], "two backtests of the same recording wrote different files")
        let summary = try Self.json(base.appendingPathComponent("out-a/summary.json"))
        let metrics = try #require(summary["metrics"] as? [String: Any])
        #expect(
            Set(metrics.keys) == [
                "pnl_net", "trades", "hit_rate", "max_drawdown", "brier_model", "brier_market", "log_loss_model",
                "log_loss_market", "events", "events_per_s",
            ])
        // The market closed inside the recording: it settled from the recorded index.
        #expect((summary["settlements"] as? [String: String])?.keys.contains("KXBTCD-25MAY1323-T103599.99") == true)
        let html = try String(contentsOf: base.appendingPathComponent("report-a/index.html"), encoding: .utf8)
        // Without --fill-model/--latency-ms the report compares both queue models at two latencies.
        for label in ["conservative, 50 ms", "probabilistic, 50 ms", "conservative, 1050 ms", "probabilistic, 1050 ms"] {
            #expect(html.contains(label), "report lacks \(label)")
        }
    }

    @Test func aTruncatedRecordingNamesTheOffsetAndItsPrefixIsStillBacktested() async throws {
        let recording = try await Self.convert(try Self.bookCSV())
        let bytes = try Data(contentsOf: recording)
        let cut = recording.deletingLastPathComponent().appendingPathComponent("cut.krec")
        #expect(bytes.count > 2 * 65_536, "the test needs a recording of several blocks")
        try bytes.prefix(bytes.count - 100).write(to: cut)
        let out = recording.deletingLastPathComponent().appendingPathComponent("out-cut")
        let result = try await CLIRunner.run(["backtest", cut.path, "--out", out.path])
        #expect(result.status != 0)
        #expect(
            result.stderr.range(of: #"truncated recording at byte offset \d+"#, options: .regularExpression) != nil,
            "\(result.stderr)")
        let summary = try Self.json(out.appendingPathComponent("summary.json"))
        #expect(((summary["metrics"] as? [String: Any])?["events"] as? Int ?? 0) > 0)
        let replay = try await CLIRunner.run(["replay", "--summary", cut.path])
        #expect(replay.status != 0)
        #expect(replay.stderr.contains("byte offset"))
        #expect(replay.stdout.contains(#""records":"#))

        var corrupt = bytes
        corrupt[corrupt.count / 2] ^= 0xFF
        let damaged = recording.deletingLastPathComponent().appendingPathComponent("corrupt.krec")
        try corrupt.write(to: damaged)
        let corrupted = try await CLIRunner.run([
            "backtest", damaged.path, "--out", recording.deletingLastPathComponent().appendingPathComponent("out-corrupt").path,
        ])
        #expect(corrupted.status != 0)
        #expect(
            corrupted.stderr.range(of: #"corrupt recording at byte offset \d+"#, options: .regularExpression) != nil,
            "\(corrupted.stderr)")
    }

    @Test func badArgumentsAreRefusedBeforeAnythingRuns() async throws {
        let csv = try Self.bookCSV()
        let out = try CLIRunner.temporaryDirectory().appendingPathComponent("x.krec")
        let unknown = try await CLIRunner.run(["convert", "--from", "parquet", csv.path, "--out", out.path])
        #expect(unknown.status != 0)
        let notRecording = try await CLIRunner.run(["backtest", csv.path])
        #expect(notRecording.status != 0)
        #expect(notRecording.stderr.contains("is not a recording"))
        let model = try await CLIRunner.run(["backtest", csv.path, "--fill-model", "optimistic"])
        #expect(model.status != 0)
        #expect(model.stderr.contains("--fill-model"))
        let latency = try await CLIRunner.run(["backtest", csv.path, "--latency-ms", "-5"])
        #expect(latency.status != 0)
    }

    @Test(.timeLimit(.minutes(2)))
    func recordFromTheFakeVenuesThenBacktestMakesTheSameDecisions() async throws {
        let directory = try CLIRunner.temporaryDirectory()
        let recording = directory.appendingPathComponent("fake.krec")
        let logs = directory.appendingPathComponent("logs")
        let record = try await CLIRunner.run([
            "record", "--asset", "ETH", "--duration", "6", "--out", recording.path, "--logs", logs.path,
        ])
        #expect(record.status == 0, "\(record.stderr)")
        let line = try #require(record.stdout.split(separator: "\n").last)
        let described = try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
        let liveLogs = URL(fileURLWithPath: try #require(described["logs"] as? String))
        let out = directory.appendingPathComponent("replayed")
        let backtest = try await CLIRunner.run(["backtest", recording.path, "--out", out.path])
        #expect(backtest.status == 0, "\(backtest.stderr)")
        let live = try Data(contentsOf: liveLogs.appendingPathComponent("decisions.jsonl"))
        #expect(!live.isEmpty)
        #expect(live == (try Data(contentsOf: out.appendingPathComponent("decisions.jsonl"))))
    }
}

/// Converters on the real captures of ../shared/data (skipped when the folder is absent).
@Suite(.enabled(if: CLIRunner.isAvailable, "the kalshi-trader executable is not built"))
struct RealDataConvertCommandTests {
    static let data = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/data")
    static let capture = data.appendingPathComponent("kalshi/ws_orderbook_KXBTC_range_2026-04-18.jsonl")
    static let candles = data.appendingPathComponent("ethusdt_1m_binance_2025-01-01_2025-02-04.csv")

    @Test(.enabled(if: FileManager.default.fileExists(atPath: capture.path), "../shared/data is absent"))
    func theWebSocketCaptureConvertsAndReplays() async throws {
        let out = try CLIRunner.temporaryDirectory().appendingPathComponent("capture.krec")
        let result = try await CLIRunner.run(["convert", "--from", "kalshi-ws-jsonl", Self.capture.path, "--out", out.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains(#""markets":8"#))
        #expect(result.stderr.contains("exchange error 8"))
        let replay = try await CLIRunner.run(["replay", "--summary", out.path])
        #expect(replay.status == 0)
        #expect(
            replay.stdout.contains(
                #"{"ticker":"KXBTC-26APR1817-B76125","state":"ok","yes_bid":"0.0200","yes_bid_size":"205.00","yes_ask":"0.0700","yes_ask_size":"5130.00""#
            ))
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: candles.path), "../shared/data is absent"))
    func candlesConvertAndMergeWithARecording() async throws {
        let directory = try CLIRunner.temporaryDirectory()
        let candles = directory.appendingPathComponent("eth.krec")
        let first = try await CLIRunner.run(["convert", "--from", "candles-csv", Self.candles.path, "--out", candles.path])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains(#""first_time":"2025-01-01T03:01:00Z""#))
        let capture = directory.appendingPathComponent("capture.krec")
        _ = try await CLIRunner.run(["convert", "--from", "kalshi-ws-jsonl", Self.capture.path, "--out", capture.path])
        let merged = directory.appendingPathComponent("merged.krec")
        let merge = try await CLIRunner.run([
            "convert", "--from", "candles-csv", candles.path, capture.path, "--out", merged.path,
        ])
        #expect(merge.status == 0, "\(merge.stderr)")
        #expect(merge.stdout.contains(#""markets":8"#))
        #expect(merge.stdout.contains(#""first_time":"2025-01-01T03:01:00Z""#))
    }
}
