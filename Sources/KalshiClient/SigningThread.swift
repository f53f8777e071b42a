import Foundation

/// The thread that makes request signatures ahead (`PresignedSignatures`), one at a time, in
/// the order asked. Not a task: the commands that trade run their tasks on NIO's event loops
/// (`EventLoopConcurrency`), where a signature's 0.65 ms of RSA held a loop, and a book frame or
/// an order's answer read by that loop waited behind it. A thread of the process's own, at the
/// default priority, waits on a condition; the scheduler shares the cores between it and the
/// event loops rather than queueing a loop's work behind it. Named `kalshi-presign` in `top -H`
/// and in profiles.
final class SigningThread: @unchecked Sendable {
    static let shared = SigningThread()

    /// Guards `jobs`; signalled when one is added.
    private let condition = NSCondition()
    private var jobs: [@Sendable () -> Void] = []

    private init() {
        Thread { [unowned self] in self.run() }.start()
    }

    /// Runs `job` on the signing thread, after those asked before it.
    func async(_ job: @escaping @Sendable () -> Void) {
        condition.lock()
        jobs.append(job)
        condition.signal()
        condition.unlock()
    }

    private func run() {
        // Named from the thread itself: on Linux a name set before the start does not reach it.
        Thread.current.name = "kalshi-presign"
        var batch: [@Sendable () -> Void] = []
        while true {
            condition.lock()
            while jobs.isEmpty { condition.wait() }
            swap(&batch, &jobs)
            condition.unlock()
            for job in batch { job() }
            batch.removeAll(keepingCapacity: true)
        }
    }
}
