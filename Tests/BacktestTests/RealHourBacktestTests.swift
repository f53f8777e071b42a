import Foundation
import KalshiCore
import Recording
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
