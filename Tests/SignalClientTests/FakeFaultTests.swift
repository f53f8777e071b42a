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
        try await harness.feed.setFaults(FaultPlan(parsing: "disconnect=25"))
        let client = harness.cryptoCom()
        try await withSource(client) {
            // Wait for what is asserted: a count of subscribe answers does not imply reconnects.
            try #require(
                await waitUntil(client, what: "two reconnects after the fault's disconnects") { _ in
                    let counters = await client.counters()
                    let stats = await harness.feed.stats
                    return counters.reconnects >= 2 && counters.disconnects >= 2 && stats.cryptoComConnections >= 3
                })
        }
        let counters = await client.counters()
        #expect(counters.reconnects >= 2 && counters.disconnects >= 2)
        #expect(await harness.feed.stats.cryptoComConnections >= 3)
    }

    @Test func gapFaultBreaksTheChainAndEveryBreakIsResynced() async throws {
        let harness = try await SignalHarness.start()
        defer { Task { await harness.stop() } }
        try await harness.feed.setFaults(FaultPlan(parsing: "gap=1"))
        let client = harness.cryptoCom()
        let resyncs = EventLog()
        try await withSource(client) {
            try #require(
                await waitForEvents(client, count: 3, into: resyncs) {
                    if case .resync = $0 { true } else { false }
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
        try await harness.feed.setFaults(FaultPlan(parsing: "duplicate=1"))
        let client = harness.cryptoCom()
        try await withSource(client) {
            try #require(await waitUntil(client) { _ in await client.counters().duplicates >= 5 })
        }
        let counters = await client.counters()
        #expect(counters.gaps == 0 && counters.resyncs == 0)
        #expect(await client.state.isBookSynced)
    }
}
