import Foundation
import Pricing
import Testing

/// `<repo>/../shared/data/…`, found from this file's location (`<repo>/Tests/PricingTests/…`).
private let ethCandlesPath = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent()  // PricingTests
    .deletingLastPathComponent()  // Tests
    .deletingLastPathComponent()  // repo
    .appendingPathComponent("../shared/data/ethusdt_1m_binance_2025-01-01_2025-02-04.csv")
    .standardizedFileURL.path

@Suite(.enabled(if: FileManager.default.fileExists(atPath: ethCandlesPath), "needs \(ethCandlesPath)"))
struct RealDataVolatilityTests {
    let candles: [Candle]

    init() throws {
        candles = try CandleCSV.parse(String(contentsOfFile: ethCandlesPath, encoding: .utf8))
    }

    @Test func parsesEveryRow() throws {
        #expect(candles.count == 50_000)
        #expect(candles.first?.timestampMs == 1_735_700_400_000)
        #expect(candles.last?.timestampMs == 1_738_700_340_000)
        #expect(try CandleResampler.completeBars(from: candles, interval: CandleInterval(parsing: "5m")).count == 10_000)
    }

    /// Independent reference in plain Python 3 (csv + math, no pandas):
    /// ```
    /// rows = [(int(r[0]), *map(float, r[1:6])) for r in list(csv.reader(open(path)))[1:]]
    /// iv = 300_000; buckets = {}; order = []
    /// for ts,o,h,l,c,v in rows:
    ///     b = ts // iv * iv
    ///     if b not in buckets: buckets[b] = [o,h,l,c,ts]; order.append(b)
    ///     else: bb = buckets[b]; bb[1] = max(bb[1],h); bb[2] = min(bb[2],l); bb[3] = c; bb[4] = ts
    /// bars = [buckets[b] for b in order]
    /// if bars[-1][4] + 60_000 < order[-1] + iv: bars = bars[:-1]
    /// last = bars[-24:]
    /// rs = sum(math.log(H/C)*math.log(H/O) + math.log(L/C)*math.log(L/O) for O,H,L,C,_ in last)/24
    /// math.sqrt(rs * 31557600/300)   # -> 1.7439221876427782 (10000 complete bars)
    /// ```
    @Test func rogersSatchell24FiveMinuteBarsMatchesPython() throws {
        let sigma = try RealizedVolatility.annualized(
            candles: candles, estimator: .rogersSatchell, window: 24,
            interval: CandleInterval(parsing: "5m"))
        #expect(isRelativelyClose(sigma, 1.7439221876427782, within: 1e-9))
    }
}
