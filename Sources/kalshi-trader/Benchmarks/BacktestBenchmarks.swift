import Foundation
import KalshiCore
import Recording
import Strategies
import TraderRuntime
import TradingEngine

/// Backtests over a 10-million-event synthetic recording read from disk (written once to the
/// temporary folder, about 240 MB, and reused): the demo strategy, the risk engine and the
/// simulated exchange on every event, without the log files (a backtest's files are formatting
/// work on top). `backtest.replay` is the replay layer alone: read, verify, decode, translate.
enum BacktestBenchmarks {
    static let eventCount = 10_000_000

    static func recordingPath() -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("kalshi-trader-bench-\(eventCount).krec").path
        let expected = "synthetic seed 7"
        if let reader = try? RecordingReader(path: path), reader.header.source == expected, reader.fileSize > 100_000_000 {
            return path
        }
        do {
            try SyntheticRecording.write(path: path, events: eventCount, seed: 7)
        } catch {
            fatalError("cannot write the benchmark recording: \(error)")
        }
        return path
    }

    static var configuration: TradingConfiguration {
        var configuration = TradingConfiguration()
        configuration.asset = "ETH"
        configuration.startingBalance = Money(cents: 10_000_000)
        configuration.risk = SyntheticSession.looseLimits
        configuration.strategy.tradeSize = Quantity(contracts: 1)
        return configuration
    }

    static func events() -> Benchmark {
        let path = recordingPath()
        var options = BacktestOptions()
        options.collectRecords = false
        PeakMemory.reset()
        return Benchmark(
            name: "backtest.events", operations: eventCount,
            pass: {
                guard let result = try? BacktestSession.run(recordingPath: path, configuration: configuration, options: options)
                else {
                    preconditionFailure("the benchmark backtest failed")
                }
                return Int64(result.events) &+ result.summary.finalBalance.micros &+ Int64(result.summary.trades)
            }, details: PeakMemory.details)
    }

    static func replay() -> Benchmark {
        let path = recordingPath()
        PeakMemory.reset()
        return Benchmark(
            name: "backtest.replay", operations: eventCount,
            pass: {
                guard let result = try? BacktestSession.replayOnly(recordingPath: path) else {
                    preconditionFailure("the replay failed")
                }
                return Int64(result.events) &+ result.checksum
            }, details: PeakMemory.details)
    }
}

/// Peak resident memory of the process (Linux `VmHWM`), reset before a benchmark's passes.
enum PeakMemory {
    static func reset() {
        // "5" resets the peak RSS counter (Linux ≥ 4.0); harmless elsewhere.
        try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)
    }

    static func megabytes() -> Double? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
            let kilobytes = Double(line.split(separator: " ").dropFirst().first ?? "")
        else { return nil }
        return kilobytes / 1_024
    }

    static func details() -> [(String, String)] {
        var fields = [("peak_rss_mb", megabytes().map { String(format: "%.1f", $0) } ?? "null")]
        let path = BacktestBenchmarks.recordingPath()
        if let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber {
            fields.append(("recording_mb", String(format: "%.1f", size.doubleValue / 1_048_576)))
        }
        return fields
    }
}
