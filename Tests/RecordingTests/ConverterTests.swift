import Foundation
import KalshiCore
import Testing

@testable import Recording

struct TickerAndTimeTests {
    @Test(arguments: [
        ("KXBTCD-25MAY1323-T103749.99", "2025-05-14 03:00:00"),  // EDT
        ("KXBTC-26APR1817-B76125", "2026-04-18 21:00:00"),  // EDT
        ("KXETHD-25JAN0110-T3299.99", "2025-01-01 15:00:00"),  // EST
        ("KXETHD-25MAR0901-T1.00", "2025-03-09 06:00:00"),  // before the 02:00 switch: EST
        ("KXETHD-25MAR0903-T1.00", "2025-03-09 07:00:00"),  // after it: EDT
        ("KXETHD-25NOV0203-T1.00", "2025-11-02 08:00:00"),  // back to EST
    ])
    func tickersGiveTheCloseInUTC(ticker: String, close: String) throws {
        let parsed = try #require(KalshiTicker(ticker))
        #expect(parsed.closeTimeMs == UTCTime.parse(Array(close.utf8)[...]))
    }

    @Test func thresholdAndRangeStrikes() throws {
        let above = try #require(KalshiTicker("KXBTCD-25MAY1323-T103749.99")).metadata(rangeWidth: nil)
        #expect(above.strikeType == .greater)
        #expect(above.floorStrike == (try Money(parsing: "103749.99")))
        #expect(above.yesWins(settlementValue: try Money(parsing: "103750.00")) == true)
        let bucket = try #require(KalshiTicker("KXBTC-26APR1817-B76125")).metadata(rangeWidth: Money(cents: 25_000))
        #expect(bucket.strikeType == .between)
        #expect(bucket.floorStrike == (try Money(parsing: "76000")))
        #expect(bucket.capStrike == (try Money(parsing: "76249.99")))
        #expect(KalshiTicker("KXBTCD-25XYZ1323-T1") == nil)
        #expect(KalshiTicker("not-a-ticker") == nil)
    }

    @Test func utcTimesWithOffsetsAndFractions() {
        #expect(UTCTime.parse(Array("1970-01-01 00:00:01".utf8)[...]) == 1_000)
        #expect(
            UTCTime.parse(Array("2025-05-14 03:05:00+00:00".utf8)[...]) == UTCTime.parse(Array("2025-05-14T03:05:00Z".utf8)[...]))
        #expect(
            UTCTime.parse(Array("2025-05-14T03:05:00.250-01:00".utf8)[...]) == UTCTime.parse(
                Array("2025-05-14 04:05:00".utf8)[...])! + 250)
        #expect(UTCTime.parse(Array("2025-13-14 03:05:00".utf8)[...]) == nil)
    }
}

struct BookCSVConverterTests {
    static let header =
        "timestamp,product,price,strike,expiration_time,bid_1_price,bid_1_quantity,bid_2_price,bid_2_quantity,bid_3_price,bid_3_quantity,bid_4_price,bid_4_quantity,bid_5_price,bid_5_quantity,ask_1_price,ask_1_quantity,ask_2_price,ask_2_quantity,ask_3_price,ask_3_quantity,ask_4_price,ask_4_quantity,ask_5_price,ask_5_quantity"

    @Test func rowsBecomeSnapshotsIndexSpotsAndVolatility() throws {
        var rows = [Self.header]
        for second in 0..<400 {
            let stamp = String(format: "2025-05-14 02:%02d:%02d", 10 + second / 60, second % 60)
            rows.append("\(stamp),BRTI,\(103_600 + (second * 7) % 23).5,,,,,,,,,,,,,,,,,,,,,,")
            rows.append(
                "\(stamp),KXBTCD-25MAY1323-T103499.99,,103500.0,2025-05-14 03:05:00+00:00,62.0,2850.0,61.0,250.0,,,,,,,65.0,14.0,67.0,250.5"
            )
        }
        let path = try Scratch.file("book.csv", contents: rows.joined(separator: "\n") + "\n")
        let (out, summary) = try convert([try KalshiBookCSVConverter(path: path, asset: nil)])
        let records = try readAll(out)
        #expect(summary.markets == 1)
        guard case .market(let market)? = records.first(where: { if case .market = $0.event { true } else { false } })?.event
        else {
            Issue.record("no market")
            return
        }
        #expect(market.asset == "BTC")
        #expect(market.metadata.closeTimeMs == UTCTime.parse(Array("2025-05-14 03:00:00".utf8)[...]))
        #expect(market.metadata.expirationTimeMs == UTCTime.parse(Array("2025-05-14 03:05:00".utf8)[...]))
        let snapshots = records.compactMap { record -> ([BookLevel], [BookLevel])? in
            if case .bookSnapshot(_, let yes, let no) = record.event { return (yes, no) }
            return nil
        }
        #expect(snapshots.count == 400)
        #expect(snapshots[0].0.map(\.price.ticks) == [6_200, 6_100])
        // YES asks 65 and 67 are NO bids at 35 and 33, best first.
        #expect(snapshots[0].1.map(\.price.ticks) == [3_500, 3_300])
        #expect(snapshots[0].1.map(\.size.units) == [1_400, 25_050])
        let spots = records.filter { if case .spot(let spot) = $0.event { spot.kind == .index } else { false } }
        #expect(spots.count == 400)
        let volatility = records.filter { if case .volatility = $0.event { true } else { false } }
        // 400 s = 6 closed minutes + 1 forming: estimates after the 5th and 6th bars close.
        #expect(volatility.count == 2)
        #expect(volatility.first!.timeMs == UTCTime.parse(Array("2025-05-14 02:15:00".utf8)[...]))
    }

    @Test func aBadCellNamesTheLineAndTheField() throws {
        let path = try Scratch.file(
            "bad.csv",
            contents: Self.header
                + "\n2025-05-14 02:03:15,BRTI,103621.92\n2025-05-14 02:03:15,KXBTCD-25MAY1323-T103499.99,,,,abc,10\n")
        #expect(
            throws: ConversionError.invalidRow(
                path: path, line: 3, field: "bid_1_price", value: "abc",
                reason: "is not a price in cents strictly between 0 and 100")
        ) {
            _ = try convert([try KalshiBookCSVConverter(path: path, asset: nil)])
        }
    }

    @Test(.enabled(if: SharedData.exists(SharedData.bookCSV), "../shared/data is absent"))
    func theRealKXBTCDHourConverts() throws {
        let (out, summary) = try convert([try KalshiBookCSVConverter(path: SharedData.bookCSV.path, asset: nil)])
        let records = try readAll(out)
        #expect(summary.markets == 7)
        var snapshots = 0
        var index = 0
        var volatility = 0
        for record in records {
            switch record.event {
            case .bookSnapshot: snapshots += 1
            case .spot(let spot) where spot.kind == .index: index += 1
            case .volatility(_, let sigma):
                volatility += 1
                #expect(sigma > 0.01 && sigma < 3)
            default: break
            }
        }
        #expect(index == 2_806)
        #expect(snapshots == 22_441 - 2_806)
        #expect(volatility > 40)
        #expect(summary.firstTimeMs == UTCTime.parse(Array("2025-05-14 02:03:15".utf8)[...]))
        #expect(summary.lastTimeMs == UTCTime.parse(Array("2025-05-14 03:00:17".utf8)[...]))
    }
}

struct WSCaptureConverterTests {
    @Test(.enabled(if: SharedData.exists(SharedData.wsCapture), "../shared/data is absent"))
    func theRealRangeCaptureConverts() throws {
        let converter = try KalshiWSConverter(path: SharedData.wsCapture.path, asset: nil)
        let (out, summary) = try convert([converter])
        let records = try readAll(out)
        #expect(summary.markets == 8)
        #expect(records.filter { if case .bookSnapshot = $0.event { true } else { false } }.count == 8)
        #expect(records.filter { if case .bookDelta = $0.event { true } else { false } }.count == 61)
        #expect(records.filter { if case .bookUntrusted = $0.event { true } else { false } }.isEmpty)
        // The three `error` frames of the capture are reported, not fatal.
        #expect(converter.notices.count == 3)
        let markets = records.compactMap { if case .market(let market) = $0.event { market } else { nil } }
        let bucket = try #require(markets.first { $0.metadata.ticker == "KXBTC-26APR1817-B76125" })
        #expect(bucket.metadata.floorStrike == (try Money(parsing: "76000")))
        #expect(bucket.metadata.capStrike == (try Money(parsing: "76249.99")))
        #expect(bucket.asset == "BTC")
        // Receive times, in nanoseconds in the capture, become milliseconds.
        #expect(records.allSatisfy { $0.timeMs > 1_776_000_000_000 && $0.timeMs < 1_777_000_000_000 })
    }

    @Test func aGapMakesTheSubscriptionsBooksUntrusted() throws {
        let frames = [
            #"{"type":"subscribed","id":1,"msg":{"channel":"orderbook_delta","sid":1}}"#,
            #"{"type":"orderbook_snapshot","sid":1,"seq":1,"msg":{"market_ticker":"KXETHD-26JAN0110-T2999.99","yes_dollars_fp":[["0.4500","10.00"]],"no_dollars_fp":[["0.5000","10.00"]]}}"#,
            #"{"type":"orderbook_delta","sid":1,"seq":3,"msg":{"market_ticker":"KXETHD-26JAN0110-T2999.99","price_dollars":"0.4500","delta_fp":"-1.00","side":"yes"}}"#,
            "not json",
        ]
        let lines = frames.enumerated().map { #"{"recv_ts_ns":\#(1_000_000_000 * ($0.offset + 1)),"raw":\#(quote($0.element))}"# }
        let path = try Scratch.file("gap.jsonl", contents: lines.joined(separator: "\n"))
        let converter = try KalshiWSConverter(path: path, asset: nil)
        let (out, _) = try convert([converter])
        let events = try readAll(out).map(\.event)
        let untrusted = events.firstIndex { if case .bookUntrusted = $0 { true } else { false } }
        let delta = events.firstIndex { if case .bookDelta = $0 { true } else { false } }
        #expect(untrusted != nil && delta != nil && untrusted! < delta!)
        #expect(converter.notices.count == 1)
        #expect(converter.notices.messages.first?.hasPrefix("line 4:") == true)
    }

    func quote(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}

struct CandleConverterAndMergeTests {
    static func candles(startMs: Int64, count: Int) -> String {
        var rows = ["timestamp_ms,open,high,low,close,volume"]
        var close = 3_000.0
        for minute in 0..<count {
            let open = close
            close = open * (minute % 3 == 0 ? 1.001 : 0.9995)
            rows.append(
                String(
                    format: "%lld,%.2f,%.2f,%.2f,%.2f,1", startMs + Int64(minute) * 60_000, open, max(open, close) + 0.5,
                    min(open, close) - 0.5, close))
        }
        return rows.joined(separator: "\n") + "\n"
    }

    @Test func candlesBecomeSpotsAtTheirCloseAndVolatility() throws {
        let path = try Scratch.file("eth.csv", contents: Self.candles(startMs: 1_735_700_400_000, count: 10))
        let (out, _) = try convert([try CandleCSVConverter(path: path, asset: "ETH")])
        let records = try readAll(out)
        let spots = records.compactMap { if case .spot(let spot) = $0.event { ($0.timeMs, spot) } else { nil } }
        #expect(spots.count == 10)
        let first = try #require(spots.first)
        #expect(first.0 == Int64(1_735_700_400_000 + 60_000))
        #expect(spots.allSatisfy { $0.1.kind == .trade })
        #expect(records.filter { if case .volatility = $0.event { true } else { false } }.count == 6)
    }

    @Test func aCandleBelowItsLowNamesLineAndColumn() throws {
        let path = try Scratch.file("bad.csv", contents: "1000,10,10.5,8,9.5,1\n61000,10,12,11,10,1\n")
        #expect(
            throws: ConversionError.invalidRow(
                path: path, line: 2, field: "low", value: "11", reason: "is above the open or close")
        ) {
            _ = try convert([try CandleCSVConverter(path: path, asset: "ETH")])
        }
    }

    @Test func inputsMergeByTimeWithOneDefinitionPerMarketAndName() throws {
        let early = try Scratch.file("a.csv", contents: Self.candles(startMs: 0, count: 5))
        let late = try Scratch.file("b.csv", contents: Self.candles(startMs: 30_000, count: 5))
        let (first, _) = try convert([try CandleCSVConverter(path: early, asset: "ETH")])
        let (merged, summary) = try convert([RecordingStream(path: first), try CandleCSVConverter(path: late, asset: "ETH")])
        let records = try readAll(merged)
        #expect(records.map(\.timeMs) == records.map(\.timeMs).sorted())
        #expect(records.filter { if case .name = $0.event { true } else { false } }.count == 2)
        #expect(records.filter { if case .spot = $0.event { true } else { false } }.count == 10)
        #expect(summary.records == records.count)
    }
}
