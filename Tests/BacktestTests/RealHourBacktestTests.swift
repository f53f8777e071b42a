import Foundation
import KalshiCore
import Recording
import Strategies
import Testing
import TraderRuntime
import TradingEngine

/// The real KXBTCD-25MAY1323 hour: converts, backtests with the default configuration, settles
/// from the recorded BRTI, and renders a report.
@Suite(.enabled(if: SharedData.exists(SharedData.bookCSV), "../shared/data is absent"))
struct RealHourBacktestTests {
    @Test func theKXBTCDHourConvertsBacktestsAndReports() throws {
        let recording = try Scratch.directory().appendingPathComponent("kxbtcd.krec").path
        let converter = try KalshiBookCSVConverter(path: SharedData.bookCSV.path, asset: nil)
        let writer = try RecordingWriter(path: recording, header: try RecordingMerger.header(for: [converter], source: "test"))
        _ = try RecordingMerger.merge([converter], into: writer)
        try writer.close()

        let (result, directory) = try backtest(recording, configuration: TradingConfiguration(), report: true)
        #expect(result.recordingError == nil)
        // Every market settled on the 60-second BRTI average before 03:00 UTC (≈ 103,701).
        #expect(result.summary.settlements.count == 7)
        let state = try lines(directory.appendingPathComponent("out/state.jsonl")).filter {
            $0.contains("\"kind\":\"settlement\"")
        }
        #expect(state.count == 7)
        #expect(state.contains { $0.contains("T103499.99") && $0.contains("result yes") })
        #expect(state.contains { $0.contains("T103749.99") && $0.contains("result no") })
        let value = try #require(state.first?.range(of: #"at 1037\d\d\.\d\d"#, options: .regularExpression))
        #expect(!state[0][value].isEmpty)
        let metrics = try #require(
            try jsonObject(directory.appendingPathComponent("out/summary.json"))["metrics"] as? [String: Any])
        let brierModel = try #require(metrics["brier_model"] as? Double)
        let brierMarket = try #require(metrics["brier_market"] as? Double)
        #expect(brierModel > 0 && brierModel < 0.25)
        #expect(brierMarket > 0 && brierMarket < 0.25)
        let decisions = try lines(directory.appendingPathComponent("out/decisions.jsonl"))
        #expect(decisions.contains { $0.contains("\"fair\":0.") })
        let html = try String(contentsOf: directory.appendingPathComponent("report/index.html"), encoding: .utf8)
        #expect(html.contains("KXBTCD-25MAY1323-T103499.99"))
        #expect(html.components(separatedBy: "<svg").count > 3)
        #expect(html.contains("<section id=\"calibration\">") && html.contains("svg class=\"chart reliability\""))
    }

    /// The issue's goal, kept as a test: on this hour the settlement-average model forecasts the
    /// outcomes better (Brier and log loss) than plain N(d2) on spot and than the market's mid,
    /// over the same valuations; the calibration object's tables add up.
    @Test func theSettlementModelIsTheBetterForecastOnTheHour() throws {
        let recording = try Scratch.directory().appendingPathComponent("kxbtcd.krec").path
        let converter = try KalshiBookCSVConverter(path: SharedData.bookCSV.path, asset: nil)
        let writer = try RecordingWriter(path: recording, header: try RecordingMerger.header(for: [converter], source: "test"))
        _ = try RecordingMerger.merge([converter], into: writer)
        try writer.close()
        var scores: [String: [String: Any]] = [:]
        for model in BinaryEdgeConfiguration.PricingModel.allCases {
            var configuration = TradingConfiguration()
            configuration.strategy.model = model
            let (_, directory) = try backtest(recording, configuration: configuration)
            scores[model.rawValue] = try #require(
                try jsonObject(directory.appendingPathComponent("out/summary.json"))["calibration"] as? [String: Any])
        }
        let average = try #require(scores["settlement_average"])
        let plain = try #require(scores["black_scholes"])
        #expect(average["valuations"] as? Int == plain["valuations"] as? Int)
        for key in ["brier", "log_loss"] {
            let averageModel = try #require(average["\(key)_model"] as? Double)
            let plainModel = try #require(plain["\(key)_model"] as? Double)
            let market = try #require(average["\(key)_market"] as? Double)
            #expect(averageModel < plainModel && averageModel < market, "\(key): \(averageModel) vs \(plainModel), market \(market)")
        }
        let valuations = try #require(average["valuations"] as? Int)
        let reliability = try #require(average["reliability_model"] as? [[String: Any]])
        #expect(reliability.count == 10)
        #expect(reliability.compactMap { $0["count"] as? Int }.reduce(0, +) == valuations)
        let byStrike = try #require(average["pnl_by_strike"] as? [[String: Any]])
        let byTime = try #require(average["pnl_by_time_to_close"] as? [[String: Any]])
        #expect(byStrike.compactMap { $0["fills"] as? Int }.reduce(0, +) == byTime.compactMap { $0["fills"] as? Int }.reduce(0, +))
        #expect(byStrike.allSatisfy { ($0["strike"] as? String)?.hasPrefix("10") == true })
    }
}

/// The next hour's capture (kept back) ends 9 s before its close; the same cut on this hour
/// must still settle every market from the index values recorded in the final minute.
@Suite(.enabled(if: SharedData.exists(SharedData.bookCSV), "../shared/data is absent"))
struct RecordingEndingBeforeTheCloseTests {
    @Test func marketsSettleWhenTheRecordingReachedTheSettlementWindow() throws {
        let directory = try Scratch.directory()
        let text = try String(contentsOf: SharedData.bookCSV, encoding: .utf8)
        let kept = text.split(separator: "\n", omittingEmptySubsequences: false).filter {
            !$0.hasPrefix("2025-05-14 02:59:5") && !$0.hasPrefix("2025-05-14 03:")
        }
        let csv = directory.appendingPathComponent("cut.csv")
        try kept.joined(separator: "\n").write(to: csv, atomically: true, encoding: .utf8)
        let recording = directory.appendingPathComponent("cut.krec").path
        let converter = try KalshiBookCSVConverter(path: csv.path, asset: nil)
        let writer = try RecordingWriter(path: recording, header: try RecordingMerger.header(for: [converter], source: "test"))
        let summary = try RecordingMerger.merge([converter], into: writer)
        try writer.close()
        #expect(summary.lastTimeMs! < UTCTime.ms("2025-05-14 02:59:50"))

        let (result, _) = try backtest(recording, configuration: TradingConfiguration())
        #expect(result.summary.settlements.count == 7)
        let metrics = try #require(result.runs.first?.metrics)
        #expect(!metrics.contains("\"brier_model\":null"))
    }
}

enum UTCTime {
    static func ms(_ text: String) -> Int64 {
        let formatter = ISO8601DateFormatter()
        return Int64(formatter.date(from: text.replacingOccurrences(of: " ", with: "T") + "Z")!.timeIntervalSince1970 * 1_000)
    }
}
