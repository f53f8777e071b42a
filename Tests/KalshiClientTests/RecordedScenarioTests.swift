import FakeVenues
import Foundation
import KalshiAPI
import KalshiClient
import KalshiCore
import Testing

/// A small recorded hour: two ETH threshold markets closing at `close`, book changes over the
/// first half minute (a gap included), and an index value every second until after the close.
enum RecordedFixture {
    static let close: Int64 = 1_800_000_000_000  // a top of the hour (2027-01-15T08:00Z)
    static let start = close - 1_800_000
    static let event = "KXETHD-\(HourlyMarketSeeder.eventSuffix(closeMs: close))"
    static let tickers = ["\(event)-T2999.99", "\(event)-T3019.99"]

    static func level(_ cents: Int, _ contracts: Int) -> BookLevel {
        BookLevel(price: .cents(cents), size: Quantity(contracts: contracts))
    }

    static func market(_ ticker: String, strike: Int64) -> RecordedScenario.Market {
        let metadata = MarketMetadata(
            ticker: ticker, eventTicker: event, seriesTicker: "KXETHD", title: "", strikeType: .greater,
            floorStrike: Money(cents: strike), capStrike: nil, openTimeMs: close - 3_600_000, closeTimeMs: close,
            expirationTimeMs: close + 300_000, priceGrid: .linearCent, fees: FeeSchedule(type: .quadratic))
        return RecordedScenario.Market(metadata: metadata, asset: "ETH")
    }

    /// The index: 3000.00 + (second mod 7) cents … dollars, one value per second.
    static func indexValue(second: Int64) -> Double { 3_000 + Double(second % 7) * 1.25 }

    static func scenario(pricesUntilSecond: Int64 = close / 1_000 + 10) throws -> RecordedScenario {
        let changes: [RecordedScenario.TimedBookChange] = [
            .init(timeMs: start, market: 0, change: .snapshot(yes: [level(40, 100), level(42, 50)], no: [level(55, 80)])),
            .init(timeMs: start, market: 1, change: .snapshot(yes: [level(20, 10)], no: [level(75, 5)])),
            .init(timeMs: start + 5_000, market: 0, change: .delta(BookDelta(side: .yes, price: .cents(42), delta: Quantity(contracts: -20)))),
            .init(timeMs: start + 10_000, market: 0, change: .delta(BookDelta(side: .no, price: .cents(56), delta: Quantity(contracts: 10)))),
            .init(timeMs: start + 20_000, market: 0, change: .untrusted),
            .init(timeMs: start + 25_000, market: 0, change: .delta(BookDelta(side: .yes, price: .cents(40), delta: Quantity(contracts: 7)))),
            .init(timeMs: start + 30_000, market: 0, change: .snapshot(yes: [level(45, 12)], no: [level(50, 9)])),
        ]
        let observations = stride(from: start / 1_000, through: pricesUntilSecond, by: 1).map {
            (timeMs: $0 * 1_000 + 400, price: indexValue(second: $0))
        }
        return try RecordedScenario(
            markets: [market(tickers[0], strike: 299_999), market(tickers[1], strike: 301_999)], bookChanges: changes,
            prices: ["ETH": try RecordedPricePath(observations: observations)])
    }

    static func exchange(flow: Bool = true, pricesUntilSecond: Int64 = close / 1_000 + 10) async throws -> FakeKalshiExchange {
        var configuration = FakeKalshiConfiguration()
        configuration.recording = try scenario(pricesUntilSecond: pricesUntilSecond)
        configuration.startPaused = true
        configuration.backgroundFlow = flow
        return try await FakeKalshiExchange(configuration: configuration)
    }
}

/// The book a matching engine shows, as sorted YES and NO bid levels.
func shownBook(_ exchange: FakeKalshiExchange, _ ticker: String) async -> (yes: [BookLevel], no: [BookLevel]) {
    let snapshot = await exchange.engine(ticker)!.snapshot()
    return (snapshot.yes.sorted { $0.price < $1.price }, snapshot.no.sorted { $0.price < $1.price })
}

@Suite("Fake exchange seeded from a recording")
struct RecordedScenarioTests {
    typealias F = RecordedFixture

    @Test("lists exactly the recorded markets, on the recording's clock, with the recorded opening books")
    func listsRecordedMarkets() async throws {
        let exchange = try await F.exchange()
        #expect(await exchange.listedTickers == F.tickers)
        #expect(exchange.clock.startMs == F.start)
        #expect(await exchange.metadata(F.tickers[1])?.floorStrike == Money(cents: 301_999))
        let first = await shownBook(exchange, F.tickers[0])
        #expect(first.yes == [F.level(40, 100), F.level(42, 50)])
        #expect(first.no == [F.level(55, 80)])
        let second = await shownBook(exchange, F.tickers[1])
        #expect(second.yes == [F.level(20, 10)] && second.no == [F.level(75, 5)])
        // The series is served too (market discovery reads its fees).
        let series = await exchange.handle(method: "GET", path: "/series/KXETHD", query: [:], body: Data(), owner: nil)
        #expect(series.status == 200)
    }

    @Test("without the flow participant the markets are listed with empty books")
    func noFlowMeansEmptyBooks() async throws {
        let exchange = try await F.exchange(flow: false)
        #expect(await exchange.listedTickers == F.tickers)
        let book = await shownBook(exchange, F.tickers[0])
        #expect(book.yes.isEmpty && book.no.isEmpty)
    }

    @Test("the books follow the recorded changes, and a lost book is not followed until its next snapshot")
    func followsRecordedChanges() async throws {
        let exchange = try await F.exchange()
        await exchange.step(nowMs: F.start + 4_999)
        #expect(await shownBook(exchange, F.tickers[0]).yes == [F.level(40, 100), F.level(42, 50)])
        await exchange.step(nowMs: F.start + 5_000)
        #expect(await shownBook(exchange, F.tickers[0]).yes == [F.level(40, 100), F.level(42, 30)])
        await exchange.step(nowMs: F.start + 10_000)
        let afterAsk = await shownBook(exchange, F.tickers[0])
        #expect(afterAsk.no == [F.level(55, 80), F.level(56, 10)])
        await exchange.step(nowMs: F.start + 25_000)
        #expect(await shownBook(exchange, F.tickers[0]).yes == [F.level(40, 100), F.level(42, 30)])
        await exchange.step(nowMs: F.start + 30_000)
        let fresh = await shownBook(exchange, F.tickers[0])
        #expect(fresh.yes == [F.level(45, 12)] && fresh.no == [F.level(50, 9)])
        // The other market never changed.
        #expect(await shownBook(exchange, F.tickers[1]).yes == [F.level(20, 10)])
    }

    @Test("a client trades against the recorded book; taken liquidity returns with the market's next recorded change")
    func clientTradesAgainstTape() async throws {
        let exchange = try await F.exchange()
        // Buy 30 YES at 45 cents: the recorded NO bid of 80 at 55 is a YES ask of 80 at 45.
        let result = try await exchange.submit(
            OrderRequest(owner: "alice", side: .bid, price: .cents(45), count: Quantity(contracts: 30), timeInForce: .immediateOrCancel),
            ticker: F.tickers[0]
        ).get()
        #expect(result.trades.map(\.count).reduce(.zero, +) == Quantity(contracts: 30))
        #expect(result.trades.allSatisfy { $0.yesPrice == .cents(45) })
        #expect(await shownBook(exchange, F.tickers[0]).no == [F.level(55, 50)])
        await exchange.step(nowMs: F.start + 5_000)
        #expect(await shownBook(exchange, F.tickers[0]).no == [F.level(55, 80)])
    }

    @Test("markets settle on the recorded index's average over the sixty seconds before the close")
    func settlesOnRecordedIndex() async throws {
        let exchange = try await F.exchange()
        await exchange.step(nowMs: F.close)
        let seconds = (1...60).map { F.close / 1_000 - Int64($0) }
        let cents = seconds.map { Int64((F.indexValue(second: $0) * 100).rounded()) }.reduce(0, +)
        let average = Money(micros: cents * Money.microsPerCent / 60)
        for (ticker, strike) in zip(F.tickers, [Money(cents: 299_999), Money(cents: 301_999)]) {
            let answer = await exchange.handle(method: "GET", path: "/markets/\(ticker)", query: [:], body: Data(), owner: nil)
            #expect(answer.status == 200)
            let market = try #require(try JSONSerialization.jsonObject(with: answer.body) as? [String: Any])
            let body = try #require(market["market"] as? [String: Any])
            #expect(body["result"] as? String == (average > strike ? "yes" : "no"))
            #expect(body["expiration_value"] as? String == average.description)
            #expect(body["status"] as? String == "finalized")
        }
    }

    @Test("a recording that ends inside the settlement minute settles on its last value carried to the close")
    func settlesOnCarriedValueWhenRecordingEndsEarly() async throws {
        let lastSecond = F.close / 1_000 - 10
        let exchange = try await F.exchange(pricesUntilSecond: lastSecond)
        await exchange.step(nowMs: F.close)
        let seconds = (1...60).map { min(F.close / 1_000 - Int64($0), lastSecond) }
        let cents = seconds.map { Int64((F.indexValue(second: $0) * 100).rounded()) }.reduce(0, +)
        let answer = await exchange.handle(method: "GET", path: "/markets/\(F.tickers[0])", query: [:], body: Data(), owner: nil)
        let market = try #require(try JSONSerialization.jsonObject(with: answer.body) as? [String: Any])
        let body = try #require(market["market"] as? [String: Any])
        #expect(body["expiration_value"] as? String == Money(micros: cents * Money.microsPerCent / 60).description)
    }

    @Test("the spot the fake signal feeds publish is the recorded path, continued after the recording ends")
    func spotFollowsRecording() async throws {
        let exchange = try await F.exchange()
        let second = F.start / 1_000 + 123
        #expect(await exchange.underlyingPrice(asset: "ETH", atMs: second * 1_000 + 999) == F.indexValue(second: second))
        let after = await exchange.underlyingPrice(asset: "ETH", atMs: F.close + 3_600_000)
        #expect(after != nil && after! > 0)
        #expect(await exchange.underlyingParameters(asset: "ETH")?.initialPrice == F.indexValue(second: F.start / 1_000))
    }

    @Test("shifting by whole hours renames Kalshi-grammar tickers and moves every time")
    func shiftsToCurrentHour() throws {
        let scenario = try F.scenario()
        let now = F.close + 90 * 60_000
        let hours = scenario.hoursToCurrentHour(nowMs: now)
        #expect(hours == 2)
        #expect(scenario.hoursToCurrentHour(nowMs: F.close - 1) == 0)
        let moved = scenario.shifted(byHours: hours)
        let newClose = F.close + 2 * 3_600_000
        let newEvent = "KXETHD-\(HourlyMarketSeeder.eventSuffix(closeMs: newClose))"
        #expect(moved.markets.map(\.metadata.ticker) == ["\(newEvent)-T2999.99", "\(newEvent)-T3019.99"])
        #expect(moved.markets.allSatisfy { $0.metadata.eventTicker == newEvent && $0.metadata.closeTimeMs == newClose })
        #expect(moved.startMs == F.start + 2 * 3_600_000)
        #expect(moved.bookChanges.map(\.timeMs) == scenario.bookChanges.map { $0.timeMs + 2 * 3_600_000 })
        #expect(moved.prices["ETH"]!.price(second: newClose / 1_000 - 1) == scenario.prices["ETH"]!.price(second: F.close / 1_000 - 1))
    }

    @Test("a scenario is refused when a market has no prices to settle on, or a change names an unknown market")
    func refusesIncompleteScenarios() throws {
        let market = F.market(F.tickers[0], strike: 299_999)
        #expect(throws: RecordedScenario.ScenarioError.noPrices(asset: "ETH", market: F.tickers[0])) {
            try RecordedScenario(markets: [market], bookChanges: [], prices: [:])
        }
        #expect(throws: RecordedScenario.ScenarioError.noMarkets) {
            try RecordedScenario(markets: [], bookChanges: [], prices: [:])
        }
        let path = RecordedPricePath(startSecond: 0, values: [1])
        #expect(throws: RecordedScenario.ScenarioError.unknownMarket(index: 0, market: 3)) {
            try RecordedScenario(markets: [market], bookChanges: [.init(timeMs: 0, market: 3, change: .untrusted)], prices: ["ETH": path])
        }
    }

    @Test("a price path carries the last value forward, holds the first before it and ends with the recording")
    func pricePath() throws {
        let path = try RecordedPricePath(observations: [(10_500, 12), (9_000, 10), (9_999, 11), (13_000, 13), (10_900, 12.5)])
        #expect(path.startSecond == 9)
        #expect(path.values == [11, 12.5, 12.5, 12.5, 13])
        #expect(path.price(second: 2) == 11)
        #expect(path.price(second: 14) == nil)
        #expect(throws: RecordedPricePath.BuildError.empty) { try RecordedPricePath(observations: []) }
        #expect(throws: RecordedPricePath.BuildError.notPositive(price: -1, timeMs: 5)) {
            try RecordedPricePath(observations: [(5, -1)])
        }
    }

    @Test("over loopback: discovery finds the recorded event and a streaming client converges to the recorded books")
    func clientSeesRecordedMarkets() async throws {
        let harness = try await Harness.start(backgroundFlow: true, recording: try F.scenario())
        defer { Task { await harness.stop() } }
        let nowMs = harness.venue.exchange.clock.nowMs()
        let events = try await MarketDiscovery(client: harness.aliceREST).currentEvents(asset: "ETH", nowMs: nowMs)
        #expect(events.map(\.eventTicker) == [F.event])
        #expect(events.first?.markets.map(\.ticker).sorted() == F.tickers)
        let feed = harness.feed(harness.alice, [FeedSubscription(channels: ["orderbook_delta"], marketTickers: F.tickers)])
        await withFeed(feed) {
            await waitUntil(feed, seconds: 20) { _ in await harness.converged(feed, F.tickers) }
        }
    }
}
