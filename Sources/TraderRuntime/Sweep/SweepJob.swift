import Crypto
import Foundation
import Synchronization

/// One backtest of a sweep: a complete configuration (one grid combination) over one
/// recording. Self-contained, so a worker on another host runs it from the queue alone.
public struct SweepJob: Sendable, Equatable, Codable {
    /// Position in the sweep's results (combination-major, then recording).
    public var index: Int
    public var combination: Int
    /// `train` or `test` in a walk-forward sweep, nil otherwise.
    public var set: String?
    /// The recording's path as given to `sweep`, and the absolute one a worker opens.
    public var recording: String
    public var recordingPath: String
    /// SHA-256 of the recording: a worker refuses a file that differs from the one swept.
    public var recordingSHA256: String
    public var assignment: [[String]]
    /// The configuration JSON (the `--config` file with the combination applied).
    public var configuration: String

    public init(
        index: Int, combination: Int, set: String?, recording: String, recordingPath: String, recordingSHA256: String,
        assignment: [(key: String, value: String)], configuration: String
    ) {
        self.index = index
        self.combination = combination
        self.set = set
        self.recording = recording
        self.recordingPath = recordingPath
        self.recordingSHA256 = recordingSHA256
        self.assignment = assignment.map { [$0.key, $0.value] }
        self.configuration = configuration
    }

    /// Runs the backtest exactly as `kalshi-trader backtest` does (files in `outDirectory`, or a
    /// scratch directory removed afterwards) and returns the primary run's metrics.
    public func run(outDirectory: String?) throws(SweepError) -> SweepResult {
        let configuration: TradingConfiguration
        do { configuration = try ConfigurationLoader.parse(Data(self.configuration.utf8)) } catch {
            throw .job("\(index)", error.description)
        }
        let digest: String
        do { digest = try FileDigest.sha256(path: recordingPath) } catch { throw .recording(recording, error.description) }
        guard digest == recordingSHA256 else {
            throw .recording(recording, "its SHA-256 is \(digest), not the \(recordingSHA256) of the file swept")
        }
        let scratch = outDirectory == nil
        let directory =
            outDirectory
            ?? FileManager.default.temporaryDirectory.appendingPathComponent("kalshi-sweep-\(UUID().uuidString)").path
        defer { if scratch { try? FileManager.default.removeItem(atPath: directory) } }
        var options = BacktestOptions()
        options.outDirectory = directory
        let result: BacktestResult
        do { result = try BacktestSession.run(recordingPath: recordingPath, configuration: configuration, options: options) } catch {
            throw .job("\(index)", "\(recording): \(error.description)")
        }
        if let damage = result.recordingError { throw .recording(recording, damage.description) }
        return SweepResult(job: index, metrics: result.metricFields.map { [$0.key, $0.json] }, events: result.events)
    }
}

/// What a job produced: the backtest's metrics as (key, JSON literal) pairs.
public struct SweepResult: Sendable, Equatable, Codable {
    public var job: Int
    public var metrics: [[String]]
    public var events: Int

    public func metric(_ key: String) -> String? { metrics.first { $0.first == key }?.last }
    public func number(_ key: String) -> Double? { metric(key).flatMap { Double($0.trimmingCharacters(in: ["\""])) } }
}

/// Runs jobs on `workers` threads of this process; results come back in job order.
public enum LocalSweepRunner {
    public static func run(
        _ jobs: [SweepJob], workers: Int, runsDirectory: String?, onFinished: @escaping @Sendable (SweepJob) -> Void = { _ in }
    ) -> [Result<SweepResult, SweepError>] {
        let state = Mutex((next: 0, results: [Int: Result<SweepResult, SweepError>]()))
        let group = DispatchGroup()
        for _ in 0..<max(1, min(workers, jobs.count)) {
            group.enter()
            let thread = Thread {
                while true {
                    let position = state.withLock { value -> Int? in
                        guard value.next < jobs.count else { return nil }
                        value.next += 1
                        return value.next - 1
                    }
                    guard let position else { break }
                    let job = jobs[position]
                    let out = runsDirectory.map { URL(fileURLWithPath: $0).appendingPathComponent("job-\(job.index)").path }
                    let result: Result<SweepResult, SweepError>
                    result = Result { () throws(SweepError) in try job.run(outDirectory: out) }
                    state.withLock { $0.results[position] = result }
                    onFinished(job)
                }
                group.leave()
            }
            // Backtests recurse little but keep large values on the stack: give them room.
            thread.stackSize = 8 << 20
            thread.start()
        }
        group.wait()
        return state.withLock { value in jobs.indices.map { value.results[$0]! } }
    }
}

/// SHA-256 of a file, streamed.
enum FileDigest {
    struct ReadError: Error, CustomStringConvertible { let description: String }

    static func sha256(path: String) throws(ReadError) -> String {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw ReadError(description: "cannot be read") }
        defer { try? handle.close() }
        var hasher = SHA256()
        do {
            while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty { hasher.update(data: chunk) }
        } catch {
            throw ReadError(description: "read failed: \(error.localizedDescription)")
        }
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }
}
