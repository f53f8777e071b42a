import Synchronization
import Testing

@testable import LiveTrading

/// Order requests run as their own tasks (`InFlightSends`); the session cancels and awaits those
/// still running before it returns, so none outlives it.
struct InFlightSendsTests {
    @Test func cancelAndWaitCancelsARequestStillRunningAndAwaitsItsEnd() async {
        let sends = InFlightSends()
        let (started, startedSink) = AsyncStream<Void>.makeStream()
        let (ended, endedSink) = AsyncStream<Bool>.makeStream()
        sends.start {
            startedSink.yield()
            // A request that would run for an hour unless cancelled.
            try? await Task.sleep(for: .seconds(3_600))
            endedSink.yield(Task.isCancelled)
            endedSink.finish()
        }
        var startedIterator = started.makeAsyncIterator()
        _ = await startedIterator.next()
        #expect(sends.count == 1)
        await sends.cancelAndWait()
        // Awaited: its end is already recorded when cancelAndWait returns.
        var endedIterator = ended.makeAsyncIterator()
        #expect(await endedIterator.next() == true)
        #expect(sends.count == 0)
    }

    /// The order's path runs on the session's thread until the request is handed over (its first
    /// suspension): no wait for a thread of the pool. A request that never suspends has ended,
    /// and left the registry, when `start` returns.
    @Test func aRequestRunsOnTheCallerUntilItsFirstSuspension() async {
        let sends = InFlightSends()
        let reached = Atomic<Int>(0)
        sends.start {
            reached.store(1, ordering: .relaxed)
            try? await Task.sleep(for: .seconds(3_600))
        }
        #expect(reached.load(ordering: .relaxed) == 1, "ran up to its suspension before start returned")
        #expect(sends.count == 1)
        sends.start { reached.store(2, ordering: .relaxed) }
        #expect(reached.load(ordering: .relaxed) == 2)
        #expect(sends.count == 1, "the request that never suspended is not left registered")
        await sends.cancelAndWait()
        #expect(sends.count == 0)
    }

    @Test func aRequestStartedAfterTheSessionEndedRunsCancelled() async {
        let sends = InFlightSends()
        await sends.cancelAndWait()
        let (ended, endedSink) = AsyncStream<Bool>.makeStream()
        sends.start {
            endedSink.yield(Task.isCancelled)
            endedSink.finish()
        }
        var iterator = ended.makeAsyncIterator()
        #expect(await iterator.next() == true)
        #expect(sends.count == 0)
    }

    @Test func finishedRequestsLeaveTheRegistry() async {
        let sends = InFlightSends()
        let (done, doneSink) = AsyncStream<Int>.makeStream()
        for index in 0..<200 { sends.start { doneSink.yield(index) } }
        var seen = Set<Int>()
        for await index in done {
            seen.insert(index)
            if seen.count == 200 { break }
        }
        #expect(seen.count == 200)
        // Whatever has not deregistered yet is awaited here; nothing is left afterwards.
        await sends.cancelAndWait()
        #expect(sends.count == 0)
    }
}
