import Logging
import ServiceLifecycle

/// The run skeleton that `demo`, `record` and `live` share. A session's background work (its
/// feed clients, signal sources, the pumps that move their events into the session's input
/// stream, the clock tick) runs as the services of one `ServiceGroup`, for exactly as long as
/// the session's own loop: when the loop returns or throws, the group shuts down gracefully and
/// is awaited, then the cleanups run, awaited, in order. Nothing outlives the session: no loose
/// task, no `defer { Task { close } }` racing the process's exit.
public struct SessionServices: Sendable {
    private var services: [ServiceGroupConfiguration.ServiceConfiguration] = []
    private var cleanups: [@Sendable () async -> Void] = []
    private let logger: Logger

    /// `logger` gets the group's own messages (a service that failed); by default only warnings
    /// and worse, so a session's console stays its own.
    public init(logger: Logger? = nil) {
        self.logger =
            logger
            ?? {
                var quiet = Logger(label: "session.services")
                quiet.logLevel = .warning
                return quiet
            }()
    }

    /// Background work that runs until the session ends (it is cancelled then). Work that
    /// finishes earlier (a one-off load) just ends; it does not end the session.
    public mutating func add(_ name: String, _ work: @escaping @Sendable () async -> Void) {
        services.append(
            .init(
                service: BackgroundWork(work: work), successTerminationBehavior: .ignore,
                failureTerminationBehavior: .gracefullyShutdownGroup, serviceName: name))
    }

    /// Calls `tick` every `period` until the session ends.
    public mutating func tick(every period: Duration, _ tick: @escaping @Sendable () -> Void) {
        add("tick") {
            while !Task.isCancelled {
                do { try await Task.sleep(for: period) } catch { return }
                tick()
            }
        }
    }

    /// Runs after the services have stopped, in the order added, whether the session ended
    /// normally or threw.
    public mutating func onEnd(_ cleanup: @escaping @Sendable () async -> Void) {
        cleanups.append(cleanup)
    }

    /// Runs `session` with the services running beside it; returns its result (or rethrows its
    /// error) once the services have stopped and the cleanups have run.
    public func run<T>(_ session: () async throws -> T) async throws -> T {
        let group = ServiceGroup(configuration: ServiceGroupConfiguration(services: services, logger: logger))
        let outcome: Result<T, any Error> = await withTaskGroup(of: Void.self) { tasks in
            tasks.addTask {
                // Background work does not throw; the group itself only throws if misused.
                try? await group.run()
            }
            let outcome: Result<T, any Error>
            do { outcome = .success(try await session()) } catch { outcome = .failure(error) }
            await group.triggerGracefulShutdown()
            await tasks.waitForAll()
            return outcome
        }
        for cleanup in cleanups { await cleanup() }
        return try outcome.get()
    }
}

extension SessionServices {
    /// Runs `body`, then `cleanup`, awaited, whether `body` returned or threw: what was started
    /// before a session's services (the demo's fake venues) is stopped before the caller goes on.
    public static func ending<T>(with cleanup: () async -> Void, _ body: () async throws -> T) async throws -> T {
        let outcome: Result<T, any Error>
        do { outcome = .success(try await body()) } catch { outcome = .failure(error) }
        await cleanup()
        return try outcome.get()
    }
}

/// One piece of background work as a service: cancelled when the group shuts down.
private struct BackgroundWork: Service {
    let work: @Sendable () async -> Void

    func run() async throws {
        try await cancelWhenGracefulShutdown { await work() }
    }
}
