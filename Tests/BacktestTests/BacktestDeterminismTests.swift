import Foundation
import KalshiCore
import Recording
import Testing
import TraderRuntime
import TradingEngine

struct BacktestDeterminismTests {
    static let sessionFiles = ["decisions.jsonl", "orders.jsonl", "fills.jsonl", "state.jsonl", "summary.json"]

    @Test func theSameRecordingAndConfigurationGiveByteIdenticalFiles() throws {
        let path = try synthetic(events: 60_000)
        let variants = [
            ExecutionVariant(queueModel: .conservative, entryLatencyMs: 50, acknowledgementLatencyMs: 50),
            ExecutionVariant(queueModel: .probabilistic, entryLatencyMs: 400, acknowledgementLatencyMs: 400),
        ]
        let (first, one) = try backtest(path, report: true, variants: variants)
        let (second, two) = try backtest(path, report: true, variants: variants)
        #expect(first.summary.trades > 10)
        for name in Self.sessionFiles {
            let a = contents(one.appendingPathComponent("out/\(name)"))
            #expect(a != nil && a == contents(two.appendingPathComponent("out/\(name)")), "\(name) differs")
        }
        let report = contents(one.appendingPathComponent("report/index.html"))
        #expect(report != nil && report == contents(two.appendingPathComponent("report/index.html")))
        #expect(first.summary == second.summary)
    }

    @Test func readingAheadOnASecondThreadChangesNothing() throws {
        let path = try synthetic(events: 50_000, seed: 9)
        let (threaded, one) = try backtest(path, readAhead: true)
        let (inline, two) = try backtest(path, readAhead: false)
        #expect(threaded.events == 50_000 && inline.events == 50_000)
        for name in Self.sessionFiles {
            #expect(
                contents(one.appendingPathComponent("out/\(name)")) == contents(two.appendingPathComponent("out/\(name)")),
                "\(name) differs")
        }
    }

    @Test func summaryHasExactlyTheBacktestMetrics() throws {
        let (result, directory) = try backtest(try synthetic(events: 30_000))
        let summary = try jsonObject(directory.appendingPathComponent("out/summary.json"))
        let metrics = try #require(summary["metrics"] as? [String: Any])
        #expect(
            Set(metrics.keys) == [
                "pnl_net", "trades", "hit_rate", "max_drawdown", "brier_model", "brier_market", "log_loss_model",
                "log_loss_market", "events", "events_per_s",
            ])
        #expect(metrics["trades"] as? Int == result.summary.trades)
        #expect(metrics["events"] as? Int == result.events)
        #expect(result.events == 30_000)
        #expect(summary["mode"] as? String == "backtest")
        #expect(summary["session_id"] as? String == "backtest-synthetic")
        // P&L net of fees is the final equity less the start; with no open position it is cash.
        let pnl = try Money(parsing: try #require(metrics["pnl_net"] as? String))
        if result.summary.positions.isEmpty { #expect(pnl == result.summary.finalBalance - result.summary.startingBalance) }
        let drawdown = try Money(parsing: try #require(metrics["max_drawdown"] as? String))
        #expect(drawdown >= .zero)
    }

    @Test func latencyChangesWhatFills() throws {
        let path = try synthetic(events: 60_000)
        let fast = try backtest(
            path, variants: [.init(queueModel: .conservative, entryLatencyMs: 0, acknowledgementLatencyMs: 0)]
        ).0
        let slow = try backtest(
            path, variants: [.init(queueModel: .conservative, entryLatencyMs: 2_000, acknowledgementLatencyMs: 2_000)]
        ).0
        #expect(fast.summary.trades > 0)
        #expect(fast.summary != slow.summary)
    }
}

struct BacktestDamageTests {
    @Test func aTruncatedRecordingIsBacktestedUpToTheDamage() throws {
        let path = try synthetic(events: 40_000)
        let bytes = try #require(FileManager.default.contents(atPath: path))
        let cut = try Scratch.directory().appendingPathComponent("cut.krec")
        try bytes.prefix(bytes.count * 2 / 3).write(to: cut)
        let (result, directory) = try backtest(cut.path)
        let damage = try #require(result.recordingError)
        guard case .truncated(let offset, _, let valid) = damage else {
            Issue.record("expected truncation, got \(damage)")
            return
        }
        #expect(offset > 0 && offset < Int64(bytes.count * 2 / 3))
        #expect(result.records == valid)
        #expect(result.events > 10_000 && result.events < 40_000)
        // The valid part was backtested and its files written.
        let summary = try jsonObject(directory.appendingPathComponent("out/summary.json"))
        #expect((summary["metrics"] as? [String: Any])?["events"] as? Int == result.events)
    }
}
