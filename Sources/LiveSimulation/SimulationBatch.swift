import Foundation
import KalshiClient
import Synchronization

/// Many seeds at once, on `jobs` threads, with a summary of everything they did.
public struct SimulationBatch: Sendable {
    public var sessions = 0
    public var failed = 0
    public var failedSeeds: [UInt64] = []
    public var steps = 0
    public var simulatedMs: Int64 = 0
    public var requests = 0
    public var fills = 0
    public var crashes = 0
    public var settlements = 0
    public var faults: [String: Int] = [:]
    public var violations = 0

    public init() {}

    public mutating func add(_ report: SimulationReport) {
        sessions += 1
        if !report.passed {
            failed += 1
            failedSeeds.append(report.seed)
        }
        steps += report.steps
        simulatedMs += report.simulatedMs
        requests += report.requests
        fills += report.fills
        crashes += report.crashes
        settlements += report.settlements
        for (kind, count) in report.faults { faults[kind, default: 0] += count }
        violations += report.violations.count
    }

    /// `run` on threads of its own, awaited without holding a thread of Swift's cooperative
    /// pool: that pool has one thread per core, and a batch computing for a minute on one of them
    /// leaves every other task of the process (clients, timers, fake venues) a core short, or
    /// none when another such task holds the rest (a test suite's demo once saw its whole
    /// scenario hour pass that way).
    public static func running(
        seeds: Range<UInt64>, jobs: Int, options: @escaping @Sendable (UInt64) -> SimulationOptions,
        each: @escaping @Sendable (SimulationReport) -> Void = { _ in }
    ) async -> SimulationBatch {
        await OwnThread.run { run(seeds: seeds, jobs: jobs, options: options, each: each) }
    }

    /// Runs every seed; `each` sees every report (in completion order) on the calling thread's lock.
    /// Blocks the calling thread until the last seed is done.
    public static func run(
        seeds: Range<UInt64>, jobs: Int, options: @escaping @Sendable (UInt64) -> SimulationOptions,
        each: @escaping @Sendable (SimulationReport) -> Void = { _ in }
    ) -> SimulationBatch {
        let next = Atomic<UInt64>(seeds.lowerBound)
        let batch = Mutex(SimulationBatch())
        DispatchQueue.concurrentPerform(iterations: max(1, jobs)) { _ in
            while true {
                let seed = next.add(1, ordering: .relaxed).oldValue
                guard seed < seeds.upperBound else { return }
                let report = LiveSimulation.run(options(seed))
                batch.withLock { batch in
                    batch.add(report)
                    each(report)
                }
            }
        }
        return batch.withLock { batch in
            batch.failedSeeds.sort()
            return batch
        }
    }

    /// One line of JSON: the figures of the run.
    public func json(seconds: Double, minutes: Int) -> String {
        let faultList = faults.sorted { $0.key < $1.key }.map { "\"\($0.key)\":\($0.value)" }.joined(separator: ",")
        return
            "{\"sessions\":\(sessions),\"failed\":\(failed),\"failed_seeds\":[\(failedSeeds.map(String.init).joined(separator: ","))],"
            + "\"minutes_per_session\":\(minutes),\"simulated_hours\":\(String(format: "%.1f", Double(simulatedMs) / 3_600_000)),"
            + "\"steps\":\(steps),\"requests\":\(requests),\"fills\":\(fills),\"crashes\":\(crashes),\"settlements\":\(settlements),"
            + "\"faults\":{\(faultList)},\"invariant_violations\":\(violations),\"seconds\":\(String(format: "%.1f", seconds))}"
    }
}
