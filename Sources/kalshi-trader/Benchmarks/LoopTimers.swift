import KalshiCore
import NIOCore
import NIOPosix

/// The tick-to-order benchmark's own timers (the pause between rounds, a round's timeout), kept
/// on the event loop its task runs on.
///
/// `Task.sleep` arms a Dispatch timer: Dispatch's manager thread wakes to arm it, and again with
/// a worker thread to fire or cancel it. The benchmark armed one for each round's timeout at
/// the moment the frame went out, and on two cores those threads preempted the path being
/// measured (a scheduler trace of 4,000 rounds at 5 ms: 21 rounds with a Dispatch thread
/// switched in on the session's CPU, p50 131 µs against 65 µs for rounds with nothing else
/// running). A timer on the current event loop is an entry in its heap and its `epoll_wait`
/// timeout: no other thread. Off an event loop (no NIO executor installed), `Task.sleep`.
enum LoopTimers {
    /// Waits `duration`; throws when the task is cancelled.
    static func sleep(for duration: Duration) async throws {
        let nanoseconds = duration.saturatingNanoseconds
        guard nanoseconds > 0 else { return }
        guard let loop = MultiThreadedEventLoopGroup.currentEventLoop else {
            try await Task.sleep(for: duration)
            return
        }
        let scheduled = loop.scheduleTask(in: .nanoseconds(nanoseconds)) {}
        try await withTaskCancellationHandler {
            try await scheduled.futureResult.get()
        } onCancel: {
            scheduled.cancel()
        }
    }

    /// Runs `action` after `duration` unless cancelled first.
    static func after(_ duration: Duration, _ action: @escaping @Sendable () -> Void) -> Timeout {
        guard let loop = MultiThreadedEventLoopGroup.currentEventLoop else {
            let task = Task {
                try? await Task.sleep(for: duration)
                if !Task.isCancelled { action() }
            }
            return Timeout(cancel: { task.cancel() })
        }
        let scheduled = loop.scheduleTask(in: .nanoseconds(duration.saturatingNanoseconds)) { action() }
        return Timeout(cancel: { scheduled.cancel() })
    }

    struct Timeout {
        let cancel: @Sendable () -> Void
    }
}
