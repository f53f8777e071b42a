import Foundation
import KalshiAPI

/// The commands a user runs, timed as whole processes: this binary spawned on a generated capture
/// of 1,000,000 book frames (`{"recv_ts_ns":…,"raw":"…"}` lines, as `record` and the captures in
/// ../shared/data write them), start-up, reading, decoding, books and output included.
enum WholeProcessBenchmarks {
    static let frames = 1_000_000

    /// `kalshi-trader book --replay FILE`; per op: one frame.
    static func bookReplay() -> Benchmark {
        let capture = Capture.shared
        return Benchmark(name: "replay.whole_process", operations: capture.lines) {
            let output = run(["book", "--replay", capture.path])
            guard let summary = output.split(separator: "\n").last, summary.contains("\"frames\":\(capture.lines)") else {
                preconditionFailure("book --replay did not replay every frame: \(output.suffix(400))")
            }
            return checksum(output)
        }
    }

    /// `kalshi-trader convert --from kalshi-ws-jsonl FILE --out RECORDING`; per op: one frame.
    static func convertCapture() -> Benchmark {
        let capture = Capture.shared
        let out = capture.directory.appendingPathComponent("converted.kbr").path
        return Benchmark(name: "convert.kalshi_ws", operations: capture.lines) {
            let output = run(["convert", "--from", "kalshi-ws-jsonl", "--out", out, capture.path])
            guard output.contains("\"records\"") else { preconditionFailure("convert printed no summary: \(output.suffix(400))") }
            let size = (try? FileManager.default.attributesOfItem(atPath: out)[.size] as? Int) ?? 0
            return Int64(size)
        }
    }

    /// `kalshi-trader backtest RECORDING --out DIR` on the 10-million-event recording of
    /// `backtest.events`: start-up, reading, the strategy, the simulated exchange and the session
    /// files (decisions, orders, fills, state, summary) written; per op: one event.
    static func backtest() -> Benchmark {
        let recording = BacktestBenchmarks.recordingPath()
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("kalshi-bench-backtest-\(UUID().uuidString)")
        return Benchmark(name: "backtest.whole_process", operations: BacktestBenchmarks.eventCount) {
            let output = run(["backtest", recording, "--out", out.path])
            guard output.contains("\"events\":\(BacktestBenchmarks.eventCount)") else {
                preconditionFailure("backtest did not run every event: \(output.suffix(400))")
            }
            let decisionsFile = out.appendingPathComponent("decisions.jsonl").path
            let decisions = (try? FileManager.default.attributesOfItem(atPath: decisionsFile)[.size] as? Int) ?? 0
            // Each pass writes its files afresh; the last pass's are removed too.
            try? FileManager.default.removeItem(at: out)
            return Int64(decisions)
        }
    }

    /// Runs this executable with `arguments`; its standard output, after checking it exited 0.
    static func run(_ arguments: [String]) -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        process.arguments = arguments
        let stdout = Pipe()
        process.standardOutput = stdout
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { preconditionFailure("cannot spawn \(arguments): \(error)") }
        let data = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        precondition(process.terminationStatus == 0, "kalshi-trader \(arguments.joined(separator: " ")) exited \(process.terminationStatus)")
        return String(decoding: data, as: UTF8.self)
    }

    static func checksum(_ text: String) -> Int64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return Int64(bitPattern: hash)
    }

    /// The generated capture, written once per `bench` run into a temporary folder.
    final class Capture: @unchecked Sendable {
        // @unchecked: immutable after `init`, which runs once (a lazy static).
        static let shared = Capture()
        let directory: URL
        let path: String
        let lines: Int

        private init() {
            directory = FileManager.default.temporaryDirectory.appendingPathComponent("kalshi-bench-\(UUID().uuidString)")
            try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            path = directory.appendingPathComponent("capture.jsonl").path
            let stream = DeltaTextStream(frames: WholeProcessBenchmarks.frames - DeltaTextStream.markets, seed: 0x5EED)
            var text = ""
            text.reserveCapacity(400 << 20)
            var receivedAtNs: Int64 = 1_776_490_453_460_692_000
            for frame in stream.snapshotTexts + stream.texts {
                receivedAtNs += 1_713_000
                text += #"{"recv_ts_ns": \#(receivedAtNs), "raw": ""#
                text += frame.replacingOccurrences(of: "\"", with: "\\\"")
                text += "\"}\n"
            }
            guard FileManager.default.createFile(atPath: path, contents: Data(text.utf8)) else {
                preconditionFailure("cannot write the benchmark capture to \(path)")
            }
            lines = stream.snapshotTexts.count + stream.texts.count
            atexit { try? FileManager.default.removeItem(at: Capture.shared.directory) }
        }
    }
}
