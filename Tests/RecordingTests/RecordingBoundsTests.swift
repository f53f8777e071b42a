import Foundation
import KalshiCore
import Testing

@testable import Recording

/// Recordings with valid checksums but absurd numbers. A checksum proves the bytes are what was
/// written, not that they are sane: each of these used to reach replay arithmetic and trap (or, for
/// a 1 ms timer, turn a 330-byte file into 38.9M events). Now each is a typed error naming the field.
struct RecordingBoundsTests {
    static let market = MarketMetadata(
        ticker: "KXETHD-26JAN0110-T2999.99", eventTicker: "KXETHD-26JAN0110", strikeType: .greater,
        floorStrike: Money(micros: 2_999_990_000), openTimeMs: 1_000, closeTimeMs: 3_601_000)

    /// Writes a good record then `hostile`, and returns what reading the hostile one throws.
    func readingBack(_ hostile: Record) throws -> RecordingError? {
        let path = try Scratch.directory().appendingPathComponent("hostile.krec").path
        let writer = try RecordingWriter(path: path, header: RecordingHeader(producer: "test", source: "unit"))
        try writer.append(Record(timeMs: 1, .timer))
        try writer.append(hostile)
        try writer.close()
        let reader = try RecordingReader(path: path)
        #expect(try reader.next() == Record(timeMs: 1, .timer))
        do {
            let record = try reader.next()
            Issue.record("read back \(String(describing: record))")
            return nil
        } catch {
            return error
        }
    }

    @Test(arguments: [
        (Record(timeMs: .max, .timer), "record time 9223372036854775807 ms is outside"),
        (Record(timeMs: -1, .timer), "record time -1 ms is outside"),
        (
            Record(timeMs: 2, .bookSnapshot(market: 0, yes: [BookLevel(price: .one, size: Quantity(units: .max))], no: [])),
            "snapshot level size 9223372036854775807 units is outside"
        ),
        (
            Record(timeMs: 2, .bookDelta(market: 0, BookDelta(side: .yes, price: .one, delta: Quantity(units: .min)))),
            "book delta -9223372036854775808 units is outside"
        ),
        (
            Record(timeMs: 2, .publicTrade(market: 0, yesPrice: .one, count: Quantity(units: .max), takerSide: nil)),
            "trade count 9223372036854775807 units is outside"
        ),
        (
            Record(
                timeMs: 2,
                .spot(RecordedSpot(asset: 0, venue: 0, kind: .mid, isStale: false, price: Money(micros: .min), exchangeTimeMs: 2))
            ),
            "spot price -9223372036854775808 micros is outside"
        ),
        (
            Record(
                timeMs: 2,
                .spot(RecordedSpot(asset: 0, venue: 0, kind: .mid, isStale: false, price: .zero, exchangeTimeMs: 2))),
            "spot price 0 micros is outside"
        ),
        (
            Record(
                timeMs: 2,
                .candleHistory(
                    source: .cryptoCom,
                    [RecordedCandle(startMs: .max, open: .zero, high: .zero, low: .zero, close: .zero, observations: 1)])),
            "candle 0 start 9223372036854775807 ms is outside"
        ),
    ])
    func absurdNumbersAreCorruptRecordsNamingTheField(hostile: Record, detail: String) throws {
        let error = try readingBack(hostile)
        guard case .corrupt(_, let message, _)? = error else {
            Issue.record("expected corruption, got \(String(describing: error))")
            return
        }
        #expect(message.contains(detail), "\(message)")
        #expect(message.contains("record at byte"), "names the record's offset: \(message)")
    }

    @Test func marketTimesAndFeeMultipliersAreBounded() throws {
        var farOpen = Self.market
        farOpen.openTimeMs = .min
        var hugeFee = Self.market
        hugeFee.fees = FeeSchedule(type: .quadratic, multiplierTicks: .max)
        for (metadata, field) in [(farOpen, "open_time_ms"), (hugeFee, "fee_multiplier_ticks")] {
            let error = try readingBack(Record(timeMs: 2, .market(RecordedMarket(id: 0, asset: "ETH", metadata: metadata))))
            #expect(error?.description.contains("field '\(field)'") == true, "\(String(describing: error))")
        }
    }

    @Test(arguments: [
        (RecordingHeader(producer: "test", source: "unit", timerIntervalMs: 1), "timer_interval_ms"),
        (RecordingHeader(producer: "test", source: "unit", timerIntervalMs: -5), "timer_interval_ms"),
        (
            RecordingHeader(
                producer: "test", source: "unit", signalSessions: [.init(source: "cryptocom", asset: "ETH", stalenessMs: .max)]),
            "signal_sessions[0].staleness_ms"
        ),
        (
            RecordingHeader(
                producer: "test", source: "unit", signalSessions: [.init(source: "cryptocom", asset: "ETH", volatilityWindow: 1)]),
            "signal_sessions[0].volatility_window"
        ),
    ])
    func headerNumbersAreValidatedWhenTheRecordingIsOpened(header: RecordingHeader, field: String) throws {
        let path = try Scratch.directory().appendingPathComponent("header.krec").path
        let writer = try RecordingWriter(path: path, header: header)
        try writer.append(Record(timeMs: 1, .timer))
        try writer.close()
        let error = #expect(throws: RecordingError.self) { _ = try RecordingReader(path: path) }
        guard case .invalidHeader(let named, _)? = error else {
            Issue.record("expected invalidHeader, got \(String(describing: error))")
            return
        }
        #expect(named == field)
    }

    /// `convert` merging a recording whose market id is far beyond any a writer gives (as a
    /// file may say): renumbered from 0 like any other, without an array as large as the id;
    /// a record naming a market the file never defined is refused by its id.
    @Test(arguments: [65_536, 4_000_000_000, UInt32.max] as [UInt32])
    func aMergedRecordingsMarketIdMayBeAnyUInt32(id: UInt32) throws {
        let path = try Scratch.directory().appendingPathComponent("far.krec").path
        let writer = try RecordingWriter(path: path, header: RecordingHeader(producer: "test", source: "unit"))
        let delta = BookDelta(side: .yes, price: try Price(cents: 41), delta: Quantity(contracts: 2))
        try writer.append(Record(timeMs: 1, .market(RecordedMarket(id: id, asset: nil, metadata: Self.market))))
        try writer.append(Record(timeMs: 2, .bookDelta(market: id, delta)))
        try writer.close()
        let (merged, _) = try convert([RecordingStream(path: path)])
        #expect(
            try readAll(merged).map(\.event) == [
                .market(RecordedMarket(id: 0, asset: nil, metadata: Self.market)), .bookDelta(market: 0, delta),
            ])

        let undefined = try Scratch.directory().appendingPathComponent("undefined.krec").path
        let second = try RecordingWriter(path: undefined, header: RecordingHeader(producer: "test", source: "unit"))
        try second.append(Record(timeMs: 1, .market(RecordedMarket(id: id, asset: nil, metadata: Self.market))))
        try second.append(Record(timeMs: 2, .bookDelta(market: id &- 1, delta)))
        try second.close()
        #expect {
            _ = try convert([RecordingStream(path: undefined)])
        } throws: { "\($0)".contains("uses market \(id &- 1) before defining it") }
    }
}
