import FakeVenues
import Foundation
import SignalClient
import SignalFeeds
import Testing

/// The fake exchange's fault plan applied to the signal feeds, and the client surviving it.
@Suite(.serialized)
struct FakeFaultTests {
    @Test func disconnectFaultIsSurvivedByReconnecting() async throws {
        let harness = try await SignalHarness.start()
        defer { Task { await harness.stop() } }
        var plan = FaultPlan()
        plan.disconnectAfterFrames = 25
        await harness.feed.setFaults(plan)
        let client = harness.cryptoCom()
        let subscriptions = EventLog()
        try await withSource(client) {
            try #require(
                await waitUntil(client) { event in
                    guard case .subscribed = event else { return false }
                    await subscriptions.append(event)
                    return await subscriptions.events.count >= 3
                })
        }
        let counters = await client.counters()
        #expect(counters.reconnects >= 2 && counters.disconnects >= 2)
        #expect(await harness.feed.stats.cryptoComConnections >= 3)
    }

    @Test func gapFaultBreaksTheChainAndEveryBreakIsResynced() async throws {
        let harness = try await SignalHarness.start()
        defer { Task { await harness.stop() } }
        var plan = FaultPlan()
        plan.gapRate = 1
        await harness.feed.setFaults(plan)
        let client = harness.cryptoCom()
        let resyncs = EventLog()
        try await withSource(client) {
            try #require(
                await waitUntil(client) { event in
                    guard case .resync = event else { return false }
                    await resyncs.append(event)
                    return await resyncs.events.count >= 3
                })
            // Each resync reached the venue as a new book subscription.
            try #require(await waitUntil(client) { _ in await harness.feed.stats.bookResubscribes >= 3 })
        }
        let counters = await client.counters()
        #expect(counters.gaps >= 3 && counters.resyncs >= 3)
    }

    @Test func duplicatedBookDeltasAreIgnoredWithoutAResync() async throws {
        let harness = try await SignalHarness.start()
        defer { Task { await harness.stop() } }
        var plan = FaultPlan()
        plan.duplicateRate = 1
        await harness.feed.setFaults(plan)
        let client = harness.cryptoCom()
        try await withSource(client) {
            try #require(await waitUntil(client) { _ in await client.counters().duplicates >= 5 })
        }
        let counters = await client.counters()
        #expect(counters.gaps == 0 && counters.resyncs == 0)
        #expect(await client.state.isBookSynced)
    }
}
