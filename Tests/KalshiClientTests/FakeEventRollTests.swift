import FakeVenues
import Foundation
import KalshiAPI
import KalshiClient
import KalshiCore
import Testing

/// `fake-venue --event-minutes N`: short events, each listed before the latest one closes and
/// opening at that close, with the close's minutes in the ticker so consecutive events differ.
struct FakeEventRollTests {
    static let start: Int64 = 1_800_000_000_000  // 2027-01-15T08:00Z, a top of the hour

    static func exchange(minutes: Int) async throws -> FakeKalshiExchange {
        var configuration = FakeKalshiConfiguration()
        configuration.assets = [.eth]
        configuration.eventMinutes = minutes
        configuration.scenarioStartMs = start + 10_000
        configuration.startPaused = true
        configuration.backgroundFlow = false
        return try await FakeKalshiExchange(configuration: configuration)
    }

    static func events(_ exchange: FakeKalshiExchange) async -> [String: [MarketMetadata]] {
        var byEvent: [String: [MarketMetadata]] = [:]
        for ticker in await exchange.listedTickers where ticker.hasPrefix("KXETHD-") {
            if let metadata = await exchange.metadata(ticker) { byEvent[metadata.eventTicker, default: []].append(metadata) }
        }
        return byEvent
    }

    @Test func twoMinuteEventsFollowEachOtherWithDistinctTickers() async throws {
        let exchange = try await Self.exchange(minutes: 2)
        let firstClose = Self.start + 120_000
        let first = await Self.events(exchange)
        #expect(first.count == 1)
        let firstEvent = try #require(first.first)
        // 03:02 in New York: the minutes close the ticker.
        #expect(firstEvent.key == "KXETHD-27JAN150302")
        #expect(firstEvent.value.allSatisfy { $0.closeTimeMs == firstClose && $0.openTimeMs == firstClose - 120_000 })

        // Half an event before the close (a minute here), the next one is listed, opening at it.
        await exchange.step(nowMs: firstClose - 61_000)
        #expect(await Self.events(exchange).count == 1)
        await exchange.step(nowMs: firstClose - 60_000)
        let both = await Self.events(exchange)
        #expect(both.count == 2)
        let next = try #require(both["KXETHD-27JAN150304"])
        #expect(next.allSatisfy { $0.openTimeMs == firstClose && $0.closeTimeMs == firstClose + 120_000 })
        #expect(next.count == firstEvent.value.count)

        // The first event settles at its close; the one after next comes a minute before the next close.
        await exchange.step(nowMs: firstClose + 1_000)
        #expect(await Self.events(exchange).count == 2)
        await exchange.step(nowMs: firstClose + 60_000)
        #expect(await Self.events(exchange)["KXETHD-27JAN150306"] != nil)
    }

    @Test func hourlyEventsKeepTheirHourTicker() async throws {
        let exchange = try await Self.exchange(minutes: 60)
        let events = await Self.events(exchange)
        #expect(events.keys.sorted() == ["KXETHD-27JAN1504"])
        // Listed ten minutes before the close, not earlier.
        await exchange.step(nowMs: Self.start + 3_600_000 - 600_001)
        #expect(await Self.events(exchange).count == 1)
        await exchange.step(nowMs: Self.start + 3_600_000 - 600_000)
        #expect(await Self.events(exchange).keys.sorted() == ["KXETHD-27JAN1504", "KXETHD-27JAN1505"])
    }
}
