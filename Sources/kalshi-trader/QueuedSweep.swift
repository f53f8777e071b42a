import Foundation
import KalshiAPI
import KalshiClient
import TraderRuntime

#if Postgres
    import Storage
#endif

/// Sweeps through the PostgreSQL queue: the sweep enqueues its jobs, its own workers (if any)
/// and `kalshi-trader worker` processes anywhere run them, and the sweep collects the results.
enum QueuedSweep {
    static func executor(url: String, workers: Int, leaseSeconds: Int, runsDirectory: String) throws -> SweepExecutor {
        #if Postgres
            let queue = try BlockingAwait.run { () async throws -> PostgresSweepQueue in
                do { return try await PostgresSweepQueue.connect(url) } catch {
                    throw CommandFailure(description: "--queue: \(error)")
                }
            }
            let sweep = "sweep-\(Int64(Date().timeIntervalSince1970))-\(UUID().uuidString.prefix(8).lowercased())"
            return SweepExecutor { jobs in
                try BlockingAwait.run {
                    try await runJobs(
                        jobs, queue: queue, sweep: sweep, workers: workers, leaseSeconds: leaseSeconds, runs: runsDirectory)
                }
            }
        #else
            throw CommandFailure(
                description:
                    "--queue needs PostgreSQL support, which this build lacks: build with `swift build --traits Postgres`")
        #endif
    }

    #if Postgres
        private static func runJobs(
            _ jobs: [SweepJob], queue: PostgresSweepQueue, sweep: String, workers: Int, leaseSeconds: Int, runs: String
        ) async throws -> [(job: SweepJob, result: SweepResult)] {
            let encoder = JSONEncoder()
            encoder.outputFormatting = .sortedKeys
            let payloads = try jobs.map {
                (job: Int64($0.index), payload: String(decoding: try encoder.encode($0), as: UTF8.self))
            }
            do { try await queue.enqueue(sweep: sweep, jobs: payloads) } catch {
                throw CommandFailure(description: "--queue: \(error)")
            }
            // On stderr: standard output keeps its one summary line.
            FileHandle.standardError.write(Data("queued \(jobs.count) jobs as \(sweep)\n".utf8))
            let wanted = Set(jobs.map { Int64($0.index) })
            // Local workers keep polling until the batch is complete (a job whose worker died
            // elsewhere is reclaimed once its lease runs out); the status poll is a task of the
            // same group, so the first error of any of them ends the sweep.
            return try await withThrowingTaskGroup(of: [(job: SweepJob, result: SweepResult)]?.self) { group in
                for number in 0..<workers {
                    group.addTask {
                        let worker = SweepWorker(
                            queue: queue, id: "\(ProcessInfo.processInfo.hostName)-\(getpid())-\(number)",
                            leaseSeconds: leaseSeconds,
                            runsDirectory: runs)
                        while !Task.isCancelled {
                            if try await worker.runOne(sweep: sweep) { continue }
                            do { try await Task.sleep(for: .milliseconds(250)) } catch { return nil }
                        }
                        return nil
                    }
                }
                let range = (wanted.min() ?? 0)...(wanted.max() ?? 0)
                group.addTask {
                    while true {
                        let progress: (done: Int, failures: [(job: Int64, error: String)])
                        do { progress = try await queue.progress(sweep: sweep, jobs: range) } catch {
                            throw CommandFailure(description: "--queue: \(error)")
                        }
                        if let failure = progress.failures.first {
                            throw CommandFailure(description: "sweep job \(failure.job) failed: \(failure.error)")
                        }
                        if progress.done >= jobs.count {
                            let status: PostgresSweepQueue.Status
                            do { status = try await queue.status(sweep: sweep) } catch {
                                throw CommandFailure(description: "--queue: \(error)")
                            }
                            let decoder = JSONDecoder()
                            let byJob = try Dictionary(
                                uniqueKeysWithValues: status.results.filter { wanted.contains($0.job) }.map {
                                    ($0.job, try decoder.decode(SweepResult.self, from: Data($0.result.utf8)))
                                })
                            return try jobs.map { job in
                                guard let result = byJob[Int64(job.index)] else {
                                    throw CommandFailure(description: "sweep job \(job.index) has no result")
                                }
                                return (job, result)
                            }
                        }
                        try await Task.sleep(for: .milliseconds(250))
                    }
                }
                while let finished = try await group.next() {
                    if let rows = finished {
                        group.cancelAll()
                        return rows
                    }
                }
                throw CommandFailure(description: "the sweep ended without its results")
            }
        }
    #endif
}

#if Postgres
    /// One worker: claims a job, runs it on its own thread while renewing the lease, stores the result.
    struct SweepWorker: Sendable {
        let queue: PostgresSweepQueue
        let id: String
        let leaseSeconds: Int
        let runsDirectory: String?
        /// Prints a JSON line when a job is claimed and when it ends (the `worker` command).
        var announces = false

        /// Runs one job; false when there was none to claim.
        func runOne(sweep: String? = nil) async throws -> Bool {
            let claimed: PostgresSweepQueue.Claimed?
            do { claimed = try await queue.claim(worker: id, leaseSeconds: leaseSeconds, sweep: sweep) } catch {
                throw CommandFailure(description: "queue: \(error)")
            }
            guard let claimed else { return false }
            announce("claimed", claimed)
            let job: SweepJob
            do { job = try JSONDecoder().decode(SweepJob.self, from: Data(claimed.payload.utf8)) } catch {
                do { try await queue.fail(claimed, worker: id, error: "the job's description cannot be read: \(error)") } catch {
                    throw CommandFailure(description: "queue: \(error)")
                }
                return true
            }
            let out = runsDirectory.map { URL(fileURLWithPath: $0).appendingPathComponent("job-\(job.index)").path }
            let outcome = try await withThrowingTaskGroup(of: Result<SweepResult, SweepError>?.self) { group in
                group.addTask {
                    await OwnThread.run { Result { () throws(SweepError) in try job.run(outDirectory: out) } }
                }
                group.addTask {
                    // Renew the lease at a third of its length until the job ends (this task is cancelled then).
                    while !Task.isCancelled {
                        try await Task.sleep(for: .seconds(Double(leaseSeconds) / 3))
                        // A lost lease is reported; the run goes on (its result equals the other
                        // worker's, and the first stored wins).
                        do {
                            if try await !queue.renew(claimed, worker: id, leaseSeconds: leaseSeconds) {
                                FileHandle.standardError.write(
                                    Data("job \(claimed.job) of \(claimed.sweep): lease lost to another worker\n".utf8))
                            }
                        } catch {
                            FileHandle.standardError.write(Data("job \(claimed.job): cannot renew the lease: \(error)\n".utf8))
                        }
                    }
                    return nil
                }
                for try await value in group {
                    if let value {
                        group.cancelAll()
                        return value
                    }
                }
                return Result<SweepResult, SweepError>.failure(.job("\(job.index)", "ended without a result"))
            }
            defer { announce("finished", claimed) }
            do {
                switch outcome {
                case .success(let result):
                    let encoder = JSONEncoder()
                    encoder.outputFormatting = .sortedKeys
                    try await queue.complete(
                        claimed, worker: id, result: String(decoding: try encoder.encode(result), as: UTF8.self))
                case .failure(.recording(let recording, let problem)):
                    // This host's copy of the recording: another host may have the right one.
                    try await queue.release(claimed, worker: id, error: SweepError.recording(recording, problem).description)
                case .failure(let error):
                    try await queue.fail(claimed, worker: id, error: error.description)
                }
            } catch {
                throw CommandFailure(description: "queue: \(error)")
            }
            return true
        }

        private func announce(_ event: String, _ claimed: PostgresSweepQueue.Claimed) {
            guard announces else { return }
            var writer = JSONLineWriter()
            writer.add(event, Int(claimed.job))
            writer.add("sweep", claimed.sweep)
            writer.add("worker", id)
            Console.line(writer.line)
        }
    }
#endif

/// Runs async work from a synchronous command and waits for it.
enum BlockingAwait {
    static func run<T: Sendable>(_ work: @escaping @Sendable () async throws -> T) throws -> T {
        let box = ResultBox<T>()
        let done = DispatchSemaphore(value: 0)
        Task {
            do { box.set(.success(try await work())) } catch { box.set(.failure(error)) }
            done.signal()
        }
        done.wait()
        return try box.get()
    }

    private final class ResultBox<T: Sendable>: @unchecked Sendable {
        private let lock = NSLock()
        private var value: Result<T, Error>?
        func set(_ result: Result<T, Error>) { lock.withLock { value = result } }
        func get() throws -> T { try lock.withLock { value! }.get() }
    }
}
