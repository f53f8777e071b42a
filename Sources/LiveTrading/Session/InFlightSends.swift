import Synchronization

/// The session's exchange requests (orders, cancels, amends), each started at once as its own
/// task instead of through the `requests` service's stream: that path costs a second scheduling
/// hop (the service's loop wakes, then its child task), and on a 2-core machine each hop is a
/// thread wake-up on the order's path (`live.tick_to_order`, no fsync: p99 344 → 283 µs).
///
/// The tasks are registered so that the session cancels and awaits every one still running
/// before it returns (`cancelAndWait`), as the service's child tasks were: nothing outlives the
/// session, and a request cancelled that way answers as any interrupted request does (its
/// outcome is unknown to the core, which the next reconciliation settles).
final class InFlightSends: Sendable {
    private struct Registry {
        var nextId: UInt64 = 0
        var running: [UInt64: Task<Void, Never>] = [:]
        var closed = false
    }

    private let registry = Mutex(Registry())

    /// Starts `work` now; after `cancelAndWait` it runs already cancelled (and is awaited by no one:
    /// the session is over).
    func start(_ work: @escaping @Sendable () async -> Void) {
        registry.withLock { registry in
            let id = registry.nextId
            registry.nextId &+= 1
            // Created under the lock: the task's own removal waits until it is registered.
            let task = Task { [self] in
                await work()
                _ = self.registry.withLock { $0.running.removeValue(forKey: id) }
            }
            if registry.closed {
                task.cancel()
            } else {
                registry.running[id] = task
            }
        }
    }

    /// How many requests are still running.
    var count: Int { registry.withLock { $0.running.count } }

    /// Cancels the requests still running and waits for them to end; later `start`s run cancelled.
    func cancelAndWait() async {
        let running = registry.withLock { registry -> [Task<Void, Never>] in
            registry.closed = true
            defer { registry.running.removeAll() }
            return Array(registry.running.values)
        }
        for task in running { task.cancel() }
        for task in running { await task.value }
    }
}
