import ArgumentParser
import Foundation
import KalshiAPI

#if Postgres
    import Storage
#endif

struct WorkerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker",
        abstract: "Run sweep jobs from a PostgreSQL queue (see `sweep --queue`), on any number of hosts.",
        discussion: """
            Claims one job at a time (FOR UPDATE SKIP LOCKED), runs its backtest while renewing \
            the job's lease, and stores the result. A worker that dies leaves its job to another \
            once the lease runs out. The recordings must be at the same paths on every host; a \
            file whose SHA-256 differs from the one swept is refused (the job goes back for another \
            host; after three claims without a result a job fails). Runs until stopped, or with \
            --exit-when-idle until no job is pending or running (of --sweep ID, when given).
            """
    )

    @Option(help: "PostgreSQL job queue, postgresql://user:password@host:port/database.")
    var queue: String

    @Option(name: .customLong("lease-seconds"), help: "Lease length; renewed every third of it while a job runs.")
    var leaseSeconds = 30

    @Option(name: .customLong("poll-seconds"), help: "Wait between polls when the queue is empty.")
    var pollSeconds = 1.0

    @Flag(name: .customLong("exit-when-idle"), help: "Exit once no job is pending or running.")
    var exitWhenIdle = false

    @Option(help: "Keep each job's backtest files under this directory (default: discarded).")
    var runs: String?

    @Option(help: "Run only this sweep's jobs (the id `sweep --queue` prints on stderr).")
    var sweep: String?

    func validate() throws {
        guard (5...3_600).contains(leaseSeconds) else { throw ValidationError("--lease-seconds must be 5...3600, got \(leaseSeconds)") }
        guard pollSeconds.isFinite, (0.05...60).contains(pollSeconds) else {
            throw ValidationError("--poll-seconds must be 0.05...60, got \(pollSeconds)")
        }
    }

    func run() throws {
        #if Postgres
            let url = queue
            let lease = leaseSeconds
            let poll = pollSeconds
            let idleExit = exitWhenIdle
            let runsDirectory = runs
            let only = sweep
            let done = try BlockingAwait.run { () async throws -> Int in
                let store: PostgresSweepQueue
                do { store = try await PostgresSweepQueue.connect(url) } catch { throw CommandFailure(description: "--queue: \(error)") }
                let worker = SweepWorker(
                    queue: store, id: "\(ProcessInfo.processInfo.hostName)-\(getpid())", leaseSeconds: lease, runsDirectory: runsDirectory,
                    announces: true)
                var done = 0
                while true {
                    if try await worker.runOne(sweep: only) {
                        done += 1
                        continue
                    }
                    if idleExit {
                        let unfinished: Int
                        do { unfinished = try await store.unfinished(sweep: only) } catch { throw CommandFailure(description: "queue: \(error)") }
                        if unfinished == 0 { return done }
                    }
                    try await Task.sleep(for: .seconds(poll))
                }
            }
            var writer = JSONLineWriter()
            writer.add("worker", "\(ProcessInfo.processInfo.hostName)-\(getpid())")
            writer.add("jobs", done)
            Console.line(writer.line)
        #else
            throw CommandFailure(
                description: "worker needs PostgreSQL support, which this build lacks: build with `swift build --traits Postgres`")
        #endif
    }
}
