import Foundation

/// A recording as swept: the path as given (in the results), the absolute path a worker opens,
/// and its SHA-256.
public struct SweepRecording: Sendable, Equatable {
    public var name: String
    public var path: String
    public var sha256: String

    public init(path given: String) throws(SweepError) {
        name = given
        path = URL(fileURLWithPath: given).standardizedFileURL.path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else {
            throw .recording(given, "no such file")
        }
        do { sha256 = try FileDigest.sha256(path: path) } catch { throw .recording(given, error.description) }
    }
}

/// The grid's combinations as checked configurations, and the jobs over recordings.
public struct SweepPlan: Sendable {
    public let grid: SweepGrid
    public let assignments: [[(key: String, value: String)]]
    /// Configuration JSON of each combination.
    public let configurations: [String]

    /// Every combination is parsed now: a bad value stops the sweep before any backtest runs.
    public init(grid: SweepGrid, baseConfiguration path: String?) throws(SweepError) {
        var base: [String: Any] = [:]
        if let path {
            guard let data = FileManager.default.contents(atPath: path) else { throw .badArguments("cannot read --config '\(path)'") }
            do { _ = try ConfigurationLoader.parse(data) } catch { throw .badArguments("--config '\(path)': \(error.description)") }
            guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
                throw .badArguments("--config '\(path)' must hold one JSON object")
            }
            base = object
        }
        self.grid = grid
        assignments = grid.combinations
        var configurations: [String] = []
        for assignment in assignments {
            let (json, _) = try SweepGrid.configuration(base: base, assignment: assignment)
            configurations.append(String(decoding: json, as: UTF8.self))
        }
        self.configurations = configurations
    }

    /// Jobs for the given combinations over the recordings, numbered from `firstIndex`.
    public func jobs(combinations: [Int], recordings: [SweepRecording], set: String?, firstIndex: Int = 0) -> [SweepJob] {
        var jobs: [SweepJob] = []
        for combination in combinations {
            for recording in recordings {
                jobs.append(
                    SweepJob(
                        index: firstIndex + jobs.count, combination: combination, set: set, recording: recording.name,
                        recordingPath: recording.path, recordingSHA256: recording.sha256, assignment: assignments[combination],
                        configuration: configurations[combination]))
            }
        }
        return jobs
    }

    /// The metrics a walk-forward selection may rank by, and whether higher is better.
    public static let selectionMetrics: [String: Bool] = ["pnl_net": true, "brier_model": false, "log_loss_model": false]

    /// The combination the training rows favour: `metric` summed (P&L) or averaged (scores)
    /// over its recordings; a combination with a failed or undefined row cannot be chosen; ties
    /// go to the earlier combination. Nil when none qualifies.
    public static func select(
        _ rows: [(job: SweepJob, result: SweepResult)], metric: String, recordings: Int
    ) -> (combination: Int, value: Double)? {
        let higherIsBetter = selectionMetrics[metric] ?? true
        var values: [Int: [Double]] = [:]
        for row in rows {
            guard let value = row.result.number(metric) else { continue }
            values[row.job.combination, default: []].append(value)
        }
        var best: (combination: Int, value: Double)?
        for combination in values.keys.sorted() {
            let list = values[combination]!
            guard list.count == recordings else { continue }
            let value = higherIsBetter ? list.reduce(0, +) : list.reduce(0, +) / Double(list.count)
            if let current = best, higherIsBetter ? value <= current.value : value >= current.value { continue }
            best = (combination, value)
        }
        return best
    }
}
