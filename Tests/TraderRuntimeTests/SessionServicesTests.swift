import Synchronization
import Testing
import TradingSession

/// The run skeleton: background work runs beside the session's loop and is stopped when the
/// loop ends (returns or throws), and the cleanups run after that, awaited, in order.
@Suite struct SessionServicesTests {
    final class Events: Sendable {
        private let list = Mutex<[String]>([])
        func add(_ event: String) { list.withLock { $0.append(event) } }
        var all: [String] { list.withLock { $0 } }
    }

    struct Failure: Error {}

    @Test func servicesRunBesideTheSessionAndStopBeforeTheCleanups() async throws {
        let events = Events()
        let (ticks, sink) = AsyncStream<Int>.makeStream()
        var services = SessionServices()
        services.add("counter") {
            var count = 0
            // Runs until cancelled: the session's end is what stops it.
            while !Task.isCancelled {
                count += 1
                sink.yield(count)
                await Task.yield()
            }
            events.add("counter stopped")
        }
        services.add("one-off") { events.add("one-off done") }
        services.onEnd { events.add("cleanup 1") }
        services.onEnd { events.add("cleanup 2") }
        let seen = try await services.run {
            // The session consumes what the service produces until it has enough.
            var last = 0
            for await tick in ticks where tick >= 3 {
                last = tick
                break
            }
            events.add("session over")
            return last
        }
        #expect(seen >= 3)
        let order = events.all
        #expect(order.contains("one-off done"), "work that ends early just ends")
        let stopped = try #require(order.firstIndex(of: "counter stopped"))
        #expect(try #require(order.firstIndex(of: "session over")) < stopped)
        #expect(order.suffix(2) == ["cleanup 1", "cleanup 2"], "cleanups last, in order: \(order)")
    }

    @Test func aThrowingSessionStillStopsItsServicesAndRunsItsCleanups() async {
        let events = Events()
        var services = SessionServices()
        services.add("forever") {
            while !Task.isCancelled { await Task.yield() }
            events.add("forever stopped")
        }
        services.onEnd { events.add("cleanup") }
        await #expect(throws: Failure.self) {
            try await services.run { () async throws -> Int in throw Failure() }
        }
        #expect(events.all == ["forever stopped", "cleanup"])
    }

    @Test func endingRunsTheCleanupOnBothPaths() async {
        let events = Events()
        let value = try? await SessionServices.ending(with: { events.add("stopped a") }) { 7 }
        #expect(value == 7)
        await #expect(throws: Failure.self) {
            try await SessionServices.ending(with: { events.add("stopped b") }) { () async throws -> Int in throw Failure() }
        }
        #expect(events.all == ["stopped a", "stopped b"])
    }
}
