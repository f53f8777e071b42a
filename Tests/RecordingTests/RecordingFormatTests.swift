import Foundation
import KalshiCore
import Testing

@testable import Recording

struct RecordingFormatTests {
    static func sample() -> [Record] {
        let market = MarketMetadata(
            ticker: "KXETHD-26JAN0110-T2999.99", eventTicker: "KXETHD-26JAN0110", seriesTicker: "KXETHD",
            title: "ETH above 2999.99",
            strikeType: .greater, floorStrike: Money(micros: 2_999_990_000), openTimeMs: 1_000, closeTimeMs: 3_601_000,
            expirationTimeMs: 3_901_000, priceGrid: try! PriceGrid(structure: "tapered_deci_cent"),
            fees: FeeSchedule(type: .quadraticWithMakerFees, multiplierTicks: 5_000))
        return [
            Record(timeMs: 1, .name(RecordedName(namespace: .asset, id: 0, text: "ETH"))),
            Record(timeMs: 1, .name(RecordedName(namespace: .venue, id: 1, text: "cryptocom"))),
            Record(timeMs: 2, .market(RecordedMarket(id: 0, asset: "ETH", metadata: market))),
            Record(
                timeMs: 3,
                .bookSnapshot(
                    market: 0, yes: [BookLevel(price: Price(uncheckedTicks: 4_500), size: Quantity(units: 5_188))],
                    no: [
                        BookLevel(price: Price(uncheckedTicks: 5_200), size: Quantity(units: 100)),
                        BookLevel(price: Price(uncheckedTicks: 5_100), size: Quantity(units: 1)),
                    ])),
            Record(
                timeMs: 4,
                .bookDelta(market: 0, BookDelta(side: .no, price: Price(uncheckedTicks: 5_200), delta: Quantity(units: -100)))),
            Record(
                timeMs: 5,
                .publicTrade(market: 0, yesPrice: Price(uncheckedTicks: 4_800), count: Quantity(units: 300), takerSide: .ask)),
            Record(
                timeMs: 5,
                .publicTrade(market: 0, yesPrice: Price(uncheckedTicks: 4_800), count: Quantity(units: 300), takerSide: nil)),
            Record(timeMs: 6, .bookUntrusted(market: 0)),
            Record(
                timeMs: 7,
                .spot(
                    RecordedSpot(
                        asset: 0, venue: 1, kind: .mid, isStale: true, price: Money(micros: 3_001_250_000), exchangeTimeMs: 6))),
            Record(timeMs: 8, .volatility(asset: 0, sigma: 0.612345)),
            Record(timeMs: 9, .timer),
            Record(timeMs: 10, .sessionInput(source: .kalshi, .connected)),
            Record(
                timeMs: 11,
                .sessionInput(
                    source: .kalshi,
                    .received(
                        #"{"type":"orderbook_delta","sid":1,"seq":2,"msg":{"market_ticker":"X","price_dollars":"0.5100","delta_fp":"-3.00","side":"yes"}}"#
                    ))),
            Record(timeMs: 12, .sessionInput(source: .cryptoCom, .tick)),
            Record(timeMs: 13, .sessionInput(source: .coinbase, .disconnected(reason: "closed by server (1000) — ünïcode"))),
            Record(
                timeMs: 14,
                .candleHistory(
                    source: .cryptoCom,
                    [
                        RecordedCandle(
                            startMs: 0, open: Money(micros: 1), high: Money(micros: 3), low: Money(micros: 1),
                            close: Money(micros: 2), observations: 7)
                    ])),
        ]
    }

    @Test func everyKindOfRecordReadsBackAsWritten() throws {
        let path = try Scratch.directory().appendingPathComponent("all.krec").path
        let header = RecordingHeader(
            producer: "test", source: "unit", timers: .recorded, timerIntervalMs: 200,
            kalshiSubscriptions: [.init(channels: ["orderbook_delta", "trade"], marketTickers: ["A", "B"])],
            signalSessions: [.init(source: "cryptocom", asset: "ETH")])
        let writer = try RecordingWriter(path: path, header: header)
        for record in Self.sample() { try writer.append(record) }
        try writer.close()
        let reader = try RecordingReader(path: path)
        #expect(reader.header == header)
        var read: [Record] = []
        while let record = try reader.next() { read.append(record) }
        #expect(read == Self.sample())
        #expect(reader.offset == reader.fileSize)
    }

    @Test func anEmptyRecordingHasOnlyItsHeader() throws {
        let path = try Scratch.directory().appendingPathComponent("empty.krec").path
        try RecordingWriter(path: path, header: RecordingHeader(producer: "test", source: "")).close()
        #expect(try readAll(path).isEmpty)
    }

    @Test func aFileThatIsNotARecordingIsRefusedByName() throws {
        let path = try Scratch.file("frames.jsonl", contents: "{\"type\":\"subscribed\"}\n")
        #expect(throws: RecordingError.notARecording(path: path, reason: "it does not start with the recording tag \"KTRECv1\""))
        {
            try RecordingReader(path: path)
        }
        #expect(!RecordingReader.isRecording(path: path))
    }

    @Test func converterOutputIsByteIdenticalForTheSameInput() throws {
        let first = try Scratch.directory().appendingPathComponent("a.krec").path
        let second = try Scratch.directory().appendingPathComponent("b.krec").path
        try SyntheticRecording.write(path: first, events: 20_000, seed: 3)
        try SyntheticRecording.write(path: second, events: 20_000, seed: 3)
        #expect(FileManager.default.contents(atPath: first) == FileManager.default.contents(atPath: second))
        #expect(
            try readAll(first).filter {
                if case .market = $0.event { false } else if case .name = $0.event { false } else { true }
            }.count == 20_000)
    }
}
