import FakeVenues
import Foundation
import KalshiCore
import Recording
import Testing
import TraderRuntime

/// `fake-venue --scenario recording:FILE`: recordings become fake-exchange scenarios.
struct RecordedScenarioLoaderTests {
    static let close: Int64 = 1_800_000_000_000
    static let event = "KXETHD-\(HourlyMarketSeeder.eventSuffix(closeMs: close))"

    static func metadata(_ ticker: String, series: String = "KXETHD") -> MarketMetadata {
        MarketMetadata(
            ticker: ticker, eventTicker: event, seriesTicker: series, title: "", strikeType: .greater,
            floorStrike: Money(cents: 299_999), capStrike: nil, openTimeMs: close - 3_600_000, closeTimeMs: close,
            expirationTimeMs: nil, priceGrid: .linearCent, fees: FeeSchedule(type: .quadratic))
    }

    static func write(_ records: [Record]) throws -> String {
        let path = try Scratch.directory().appendingPathComponent("scenario.krec").path
        let writer = try RecordingWriter(path: path, header: RecordingHeader(producer: "test", source: "test"))
        for record in records { try writer.append(record) }
        try writer.close()
        return path
    }

    static func level(_ cents: Int, _ contracts: Int) -> BookLevel {
        BookLevel(price: try! Price(cents: cents), size: Quantity(contracts: contracts))
    }

    /// A normalized recording: names, one market without an asset (its series says ETH), a
    /// snapshot, a delta, index ticks, and a mid tick that must not be used (an index exists).
    static func normalizedRecords(market: UInt32 = 4) -> [Record] {
        let start = close - 600_000
        var records: [Record] = [
            Record(timeMs: start, .name(RecordedName(namespace: .asset, id: 0, text: "ETH"))),
            Record(timeMs: start, .name(RecordedName(namespace: .venue, id: 0, text: "cfbenchmarks"))),
            Record(timeMs: start, .market(RecordedMarket(id: market, asset: nil, metadata: metadata("\(event)-T2999.99")))),
            Record(timeMs: start, .bookSnapshot(market: market, yes: [level(40, 10)], no: [level(58, 5)])),
            Record(
                timeMs: start + 1_000,
                .spot(RecordedSpot(asset: 0, venue: 0, kind: .mid, price: Money(cents: 1), exchangeTimeMs: start + 1_000))),
        ]
        for second in 0..<700 {
            let time = start + Int64(second) * 1_000
            records.append(
                Record(
                    timeMs: time,
                    .spot(RecordedSpot(asset: 0, venue: 0, kind: .index, price: Money(cents: 300_000 + Int64(second)), exchangeTimeMs: time))))
            if second == 3 {
                records.append(
                    Record(timeMs: time, .bookDelta(market: market, BookDelta(side: .yes, price: try! Price(cents: 41), delta: Quantity(contracts: 2)))))
            }
        }
        return records
    }

    @Test("a normalized recording gives its markets, book changes in order and the index as the price path")
    func loadsNormalizedRecording() throws {
        let scenario = try RecordedScenarioLoader.load(path: try Self.write(Self.normalizedRecords()))
        #expect(scenario.markets.map(\.metadata.ticker) == ["\(Self.event)-T2999.99"])
        #expect(scenario.markets[0].asset == "ETH")
        #expect(scenario.startMs == Self.close - 600_000)
        #expect(
            scenario.bookChanges.map(\.change) == [
                .snapshot(yes: [Self.level(40, 10)], no: [Self.level(58, 5)]),
                .delta(BookDelta(side: .yes, price: try Price(cents: 41), delta: Quantity(contracts: 2))),
            ])
        #expect(scenario.bookChanges.map(\.timeMs) == [Self.close - 600_000, Self.close - 597_000])
        let path = try #require(scenario.prices["ETH"])
        #expect(path.price(second: (Self.close - 600_000) / 1_000) == 3_000)
        #expect(path.price(second: Self.close / 1_000 - 1) == 3_005.99)
    }

    /// Writers number markets from 0, but the id is the file's to say: one far beyond the
    /// others (a damaged or hostile file) is kept as any other, without an array that large
    /// (4,000,000,000 as an index was ~32 GB: a `fuzz-replay` timeout).
    @Test("a market id anywhere in UInt32 loads as a small one does", arguments: [0, 65_535, 65_536, 4_000_000_000, UInt32.max])
    func loadsAnyMarketId(market: UInt32) throws {
        let scenario = try RecordedScenarioLoader.load(path: try Self.write(Self.normalizedRecords(market: market)))
        #expect(scenario.markets.map(\.metadata.ticker) == ["\(Self.event)-T2999.99"])
        #expect(
            scenario.bookChanges.map(\.change) == [
                .snapshot(yes: [Self.level(40, 10)], no: [Self.level(58, 5)]),
                .delta(BookDelta(side: .yes, price: try Price(cents: 41), delta: Quantity(contracts: 2))),
            ])
    }

    @Test("a market with no underlying and an unknown series, or no prices at all, is refused by name")
    func refusesUnusableRecordings() throws {
        var records = Self.normalizedRecords()
        records[2] = Record(timeMs: records[2].timeMs, .market(RecordedMarket(id: 4, asset: nil, metadata: Self.metadata("ODD-1", series: "ODD"))))
        #expect {
            try RecordedScenarioLoader.load(path: try Self.write(records))
        } throws: { "\($0)".contains("ODD-1") }
        let withoutPrices = Self.normalizedRecords().filter { if case .spot = $0.event { false } else { true } }
        #expect {
            try RecordedScenarioLoader.load(path: try Self.write(withoutPrices))
        } throws: { "\($0)".contains("no ETH prices") && "\($0)".contains("T2999.99") }
    }

    @Test("a truncated recording is refused with the byte offset of the damage")
    func refusesTruncatedRecording() throws {
        let path = try Self.write(Self.normalizedRecords())
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        try data.prefix(data.count - 7).write(to: URL(fileURLWithPath: path))
        #expect {
            try RecordedScenarioLoader.load(path: path)
        } throws: { "\($0)".contains("offset") || "\($0)".contains("byte") }
    }
}

/// The real KXBTCD-25MAY1323 hour as a fake-exchange scenario.
@Suite(.enabled(if: SharedData.exists(SharedData.bookCSV), "../shared/data is absent"))
struct RealHourScenarioTests {
    @Test func theKXBTCDHourSeedsTheFakeExchangeAndSettlesOnTheRecordedBRTI() async throws {
        let recording = try Scratch.directory().appendingPathComponent("kxbtcd.krec").path
        let converter = try KalshiBookCSVConverter(path: SharedData.bookCSV.path, asset: nil)
        let writer = try RecordingWriter(path: recording, header: try RecordingMerger.header(for: [converter], source: "test"))
        _ = try RecordingMerger.merge([converter], into: writer)
        try writer.close()

        let scenario = try RecordedScenarioLoader.load(path: recording)
        #expect(scenario.markets.count == 7)
        #expect(scenario.assets == ["BTC"])
        #expect(scenario.startMs == UTCTime.ms("2025-05-14 02:03:15"))
        var configuration = FakeKalshiConfiguration()
        configuration.recording = scenario
        configuration.startPaused = true
        let exchange = try await FakeKalshiExchange(configuration: configuration)
        // The CSV's first row of T102749.99: bids 82×3000, 61×600, 60×200, 57×8000, 3×80000, no asks.
        let snapshot = try #require(await exchange.engine("KXBTCD-25MAY1323-T102749.99")?.snapshot())
        let yes = snapshot.yes.sorted { $0.price < $1.price }.map { "\($0.price)×\($0.size)" }
        #expect(yes == ["0.0300×80000.00", "0.5700×8000.00", "0.6000×200.00", "0.6100×600.00", "0.8200×3000.00"])
        #expect(snapshot.no.isEmpty)
        #expect(await exchange.spot("BTC") == 103_621.92)

        await exchange.step(nowMs: UTCTime.ms("2025-05-14 03:00:00"))
        func market(_ ticker: String) async throws -> [String: Any] {
            let answer = await exchange.handle(method: "GET", path: "/markets/\(ticker)", query: [:], body: Data(), owner: nil)
            let object = try #require(try JSONSerialization.jsonObject(with: answer.body) as? [String: Any])
            return try #require(object["market"] as? [String: Any])
        }
        // Settled from the BRTI average of 02:59:00–02:59:59 (≈ 103,701), as the backtest does.
        #expect(try await market("KXBTCD-25MAY1323-T103499.99")["result"] as? String == "yes")
        #expect(try await market("KXBTCD-25MAY1323-T103749.99")["result"] as? String == "no")
        let value = try #require(try await market("KXBTCD-25MAY1323-T103499.99")["expiration_value"] as? String)
        #expect(value.hasPrefix("1037"))
    }
}
