import Synchronization

/// The session's exchange requests (orders, cancels, amends), each started at once as a task
/// of its own (`Task.immediateDetached`): the request runs on the session's thread until it is
/// handed to the HTTP client (its first suspension), and the session goes on (the step's journal
/// commit, the next input) while it is in flight. A task started the ordinary way waits for a
/// thread of the pool first: on a 2-core machine a wake-up of tens of microseconds on the
/// order's path (`live.tick_to_order`), and longer when the session's thread then commits the
/// journal while the other core is busy.
///
/// The tasks are registered so that the session cancels and awaits every one still running
/// before it returns (`cancelAndWait`): nothing outlives the session, and a request cancelled
/// that way answers as any interrupted request does (its outcome is unknown to the core, which
/// the next reconciliation settles).
final class InFlightSends: Sendable {
    private struct Registry {
        var nextId: UInt64 = 0
        var running: [UInt64: Task<Void, Never>] = [:]
        /// Tasks that ended before they were registered (an immediate task can).
        var ended: Set<UInt64> = []
        var closed = false
    }

    private let registry = Mutex(Registry())

    /// Starts `work` now, on the caller's thread up to its first suspension; after
    /// `cancelAndWait` it runs already cancelled.
    func start(_ work: @escaping @Sendable () async -> Void) {
        let id: UInt64? = registry.withLock { registry in
            guard !registry.closed else { return nil }
            defer { registry.nextId &+= 1 }
            return registry.nextId
        }
        guard let id else {
            Task { await work() }.cancel()
            return
        }
        // Not under the lock: the task's first part runs here, and its end takes the lock.
        // Detached: the request needs none of the session task's task-local values, whose copy
        // into a child task is two allocations on the order's path.
        let task = Task.immediateDetached { [self] in
            await work()
            self.registry.withLock { registry in
                if registry.running.removeValue(forKey: id) == nil { registry.ended.insert(id) }
            }
        }
        registry.withLock { registry in
            if registry.ended.remove(id) != nil { return }
            registry.running[id] = task
            // Closed between the two locks: cancelled now, awaited by `cancelAndWait`'s next pass.
            if registry.closed { task.cancel() }
        }
    }

    /// How many requests are still running.
    var count: Int { registry.withLock { $0.running.count } }

    /// Cancels the requests still running and waits for them to end; later `start`s run cancelled.
    func cancelAndWait() async {
        while true {
            let running = registry.withLock { registry -> [Task<Void, Never>] in
                registry.closed = true
                defer { registry.running.removeAll() }
                return Array(registry.running.values)
            }
            if running.isEmpty { return }
            for task in running { task.cancel() }
            for task in running { await task.value }
        }
    }
}
