import Foundation
import Testing

@testable import TraderRuntime

/// Calibration's scores against sums worked by hand.
struct CalibrationTests {
    @Test func scoresBucketsAndPnLAddUp() throws {
        var calibration = Calibration()
        calibration.observe(ticker: "A", fair: 0.8, mid: 0.6)
        calibration.observe(ticker: "A", fair: 0.9, mid: 0.65)
        calibration.observe(ticker: "B", fair: 0.3, mid: 0.5)
        calibration.observe(ticker: "C", fair: 0.5, mid: 0.5)  // never settles: not scored
        calibration.settle(ticker: "A", yesWon: true)
        calibration.settle(ticker: "B", yesWon: false)
        calibration.settle(ticker: "B", yesWon: true)  // a second settlement of the same market scores nothing
        #expect(calibration.model.count == 3)
        let brierModel = (0.2 * 0.2 + 0.1 * 0.1 + 0.3 * 0.3) / 3
        let brierMarket = (0.4 * 0.4 + 0.35 * 0.35 + 0.5 * 0.5) / 3
        #expect(abs(calibration.model.brier! - brierModel) < 1e-12)
        #expect(abs(calibration.market.brier! - brierMarket) < 1e-12)
        let logLoss = -(log(0.8) + log(0.9) + log(0.7)) / 3
        #expect(abs(calibration.model.logLoss! - logLoss) < 1e-12)
        // Buckets: 0.8 and 0.9 are in 0.8-0.9 and 0.9-1.0, 0.3 in 0.3-0.4.
        #expect(calibration.model.bucketCounts == [0, 0, 0, 1, 0, 0, 0, 0, 1, 1])
        #expect(calibration.model.bucketYes == [0, 0, 0, 0, 0, 0, 0, 0, 1, 1])
        #expect(calibration.market.bucketCounts == [0, 0, 0, 0, 0, 1, 2, 0, 0, 0])
        #expect(calibration.market.bucketYes == [0, 0, 0, 0, 0, 0, 2, 0, 0, 0])

        calibration.add(fillPnLMicros: 120_000, strike: "103249.99", secondsToClose: 1_900)
        calibration.add(fillPnLMicros: -50_000, strike: "103249.99", secondsToClose: 30)
        calibration.add(fillPnLMicros: 10_000, strike: "103499.99", secondsToClose: 60)
        #expect(calibration.byStrike["103249.99"] == Calibration.PnLGroup(fills: 2, pnlMicros: 70_000))
        #expect(calibration.byTimeToClose.map(\.fills) == [1, 1, 0, 0, 1, 0])
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(calibration.json.utf8)) as? [String: Any])
        #expect(json["valuations"] as? Int == 3)
        let strikes = try #require(json["pnl_by_strike"] as? [[String: Any]])
        #expect(strikes.map { $0["strike"] as? String } == ["103249.99", "103499.99"])
        #expect(strikes.first?["pnl_net"] as? String == "0.0700")
    }

    /// A forecast of exactly 0 or 1 that misses scores the clipped loss, not infinity.
    @Test func certainMissesAreClipped() {
        var calibration = Calibration()
        calibration.observe(ticker: "A", fair: 1, mid: 0.5)
        calibration.settle(ticker: "A", yesWon: false)
        #expect(abs(calibration.model.logLoss! + log(Calibration.clip)) < 1e-9)
        #expect(calibration.model.brier == 1)
    }

    @Test func pnlSumsSaturate() {
        var group = Calibration.PnLGroup()
        group.add(.max)
        group.add(1)
        #expect(group.pnlMicros == .max && group.fills == 2)
    }
}
