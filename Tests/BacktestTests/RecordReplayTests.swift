import Foundation
import KalshiCore
import Recording
import Testing
import TraderRuntime
import TradingEngine

/// §6: record from the fake venues (in-process, on loopback, the real WebSocket and REST
/// clients), then backtest the recording: the same decisions as the run that recorded it.
struct RecordReplayTests {
    static func withoutOrderIds(_ line: String) -> String {
        line.replacingOccurrences(of: #""client_order_id":"[^"]*""#, with: "", options: .regularExpression)
    }

    @Test(.timeLimit(.minutes(6)))
    func aBacktestOfARecordingMakesTheRecordingRunsDecisions() async throws {
        let directory = try Scratch.directory()
        var configuration = TradingConfiguration()
        configuration.speed = 60
        var options = RecordOptions(outPath: directory.appendingPathComponent("fake.krec").path)
        // Records until the strategy has valued markets 20 times (what is checked below), not for
        // a guessed duration: connecting and loading history take minutes on a loaded machine.
        options.stopAfterValuations = 20
        options.durationSeconds = 300
        options.logsDirectory = directory.appendingPathComponent("logs").path
        let recorded = try await RecordSession.run(configuration: configuration, options: options, console: ConsoleReporter())
        #expect(recorded.records > 100)
        let header = try RecordingReader(path: recorded.recordingPath).header
        #expect(header.producer == "record")
        #expect(header.timers == .recorded)
        #expect(!(header.kalshiSubscriptions.first?.marketTickers.isEmpty ?? true))

        var backtestOptions = BacktestOptions()
        backtestOptions.outDirectory = directory.appendingPathComponent("backtest").path
        let replayed = try BacktestSession.run(
            recordingPath: recorded.recordingPath, configuration: configuration, options: backtestOptions)
        #expect(replayed.recordingError == nil)

        let live = URL(fileURLWithPath: recorded.logDirectory)
        let replay = URL(fileURLWithPath: backtestOptions.outDirectory!)
        let decisions = try lines(live.appendingPathComponent("decisions.jsonl"))
        #expect(decisions.count >= 20)
        #expect(decisions.contains { !$0.contains("\"fair\":null") }, "the recording run never valued a market")
        #expect(
            contents(live.appendingPathComponent("decisions.jsonl")) == contents(replay.appendingPathComponent("decisions.jsonl"))
        )
        #expect(contents(live.appendingPathComponent("state.jsonl")) == contents(replay.appendingPathComponent("state.jsonl")))
        // Orders and fills too, but for their ids, which carry each session's own id.
        for file in ["orders.jsonl", "fills.jsonl"] {
            #expect(
                try lines(live.appendingPathComponent(file)).map(Self.withoutOrderIds)
                    == lines(replay.appendingPathComponent(file)).map(Self.withoutOrderIds), "\(file) differs")
        }
        #expect(recorded.summary.trades == replayed.summary.trades)
        #expect(recorded.summary.finalBalance == replayed.summary.finalBalance)
    }
}
