import BacktestReport
import Foundation
import KalshiAPI
import KalshiCore

/// How well the model's fair values and the market's mids forecast the outcomes, and where the
/// fills made or lost money. Valuations are held per market (sums and bucket counts, not the
/// values) until the market settles; then they are scored against its outcome. Markets that
/// never settle in the recording are not scored.
///
/// - Brier score: mean (p − o)²; log loss: mean −(o·ln p + (1 − o)·ln(1 − p)) with p clipped
///   to [10⁻⁶, 1 − 10⁻⁶] (a model that says exactly 0 or 1 near the close would otherwise score
///   an infinite loss on one miss);
/// - reliability: per tenth of probability, the valuations that fell there, their mean forecast
///   and the share of them whose market settled YES;
/// - P&L per strike and per time-to-close bucket: each fill's P&L to the settlement (or to the
///   last mid), net of its fee, added to its market's strike and to the bucket of its time to
///   the close when it filled.
struct Calibration {
    static let bucketCount = 10
    static let clip = 1e-6
    /// Upper bounds, in seconds, of the time-to-close buckets; the last is open-ended.
    static let closeBuckets: [(label: String, upToSeconds: Double)] = [
        ("0-1m", 60), ("1-5m", 300), ("5-15m", 900), ("15-30m", 1_800), ("30-60m", 3_600), ("60m+", .infinity),
    ]

    /// One forecaster's valuations of one market, awaiting its outcome.
    struct Pending {
        var count = 0
        var sum = 0.0
        var squares = 0.0
        var logYes = 0.0
        var logNo = 0.0
        var bucketCounts = [Int](repeating: 0, count: Calibration.bucketCount)
        var bucketSums = [Double](repeating: 0, count: Calibration.bucketCount)

        mutating func add(_ p: Double) {
            count += 1
            sum += p
            squares += p * p
            let clipped = min(max(p, Calibration.clip), 1 - Calibration.clip)
            logYes += log(clipped)
            logNo += log(1 - clipped)
            let bucket = Calibration.bucket(of: p)
            bucketCounts[bucket] += 1
            bucketSums[bucket] += p
        }
    }

    /// One forecaster's scored valuations.
    struct Scores: Equatable {
        var count = 0
        var brierTotal = 0.0
        var logLossTotal = 0.0
        var bucketCounts = [Int](repeating: 0, count: Calibration.bucketCount)
        var bucketSums = [Double](repeating: 0, count: Calibration.bucketCount)
        var bucketYes = [Int](repeating: 0, count: Calibration.bucketCount)

        var brier: Double? { count > 0 ? brierTotal / Double(count) : nil }
        var logLoss: Double? { count > 0 ? logLossTotal / Double(count) : nil }

        mutating func score(_ pending: Pending, yesWon: Bool) {
            let outcome = yesWon ? 1.0 : 0.0
            let n = Double(pending.count)
            // Σ (p − o)² = Σp² − 2oΣp + n·o²
            brierTotal += pending.squares - 2 * outcome * pending.sum + n * outcome * outcome
            logLossTotal -= yesWon ? pending.logYes : pending.logNo
            count += pending.count
            for bucket in 0..<Calibration.bucketCount {
                bucketCounts[bucket] += pending.bucketCounts[bucket]
                bucketSums[bucket] += pending.bucketSums[bucket]
                if yesWon { bucketYes[bucket] += pending.bucketCounts[bucket] }
            }
        }
    }

    /// Fills and their net P&L (micro-dollars) in one group.
    struct PnLGroup: Equatable {
        var fills = 0
        var pnlMicros: Int64 = 0

        /// Saturating: fill P&Ls are bounded by the risk limits, but a sum must never trap.
        mutating func add(_ pnl: Int64) {
            fills += 1
            let (sum, overflow) = pnlMicros.addingReportingOverflow(pnl)
            pnlMicros = overflow ? (pnl > 0 ? .max : .min) : sum
        }
    }

    /// The model's and the market's pending valuations of one market.
    struct PendingPair {
        var model = Pending()
        var market = Pending()

        mutating func add(fair: Double, mid: Double) {
            model.add(fair)
            market.add(mid)
        }
    }

    private var open = TickerSlots<PendingPair>()
    private(set) var model = Scores()
    private(set) var market = Scores()
    private(set) var byStrike: [String: PnLGroup] = [:]
    private(set) var byTimeToClose = [PnLGroup](repeating: PnLGroup(), count: Calibration.closeBuckets.count)

    static func bucket(of p: Double) -> Int {
        guard p.isFinite else { return 0 }
        return min(Calibration.bucketCount - 1, max(0, Int(p * Double(Calibration.bucketCount))))
    }

    static func closeBucket(secondsToClose: Double) -> Int {
        closeBuckets.firstIndex { secondsToClose < $0.upToSeconds } ?? closeBuckets.count - 1
    }

    /// A valuation with a two-sided book: the model's fair value and the market's mid.
    mutating func observe(ticker: String, fair: Double, mid: Double) {
        guard fair.isFinite, mid.isFinite else { return }
        // One lookup per valuation, mostly without hashing: this runs for every decision of a backtest.
        open.update(ticker, default: PendingPair()) { $0.add(fair: fair, mid: mid) }
    }

    mutating func settle(ticker: String, yesWon: Bool) {
        guard let pending = open.removeValue(forKey: ticker) else { return }
        model.score(pending.model, yesWon: yesWon)
        market.score(pending.market, yesWon: yesWon)
    }

    /// A fill's P&L once valued, with its market's strike label and the time to the close at the fill.
    mutating func add(fillPnLMicros pnl: Int64, strike: String, secondsToClose: Double) {
        var group = byStrike[strike] ?? PnLGroup()
        group.add(pnl)
        byStrike[strike] = group
        byTimeToClose[Calibration.closeBucket(secondsToClose: secondsToClose)].add(pnl)
    }

    /// The `calibration` object of `summary.json`.
    var json: String {
        var writer = JSONLineWriter()
        writer.add("valuations", model.count)
        Calibration.add(model.brier, "brier_model", to: &writer)
        Calibration.add(market.brier, "brier_market", to: &writer)
        Calibration.add(model.logLoss, "log_loss_model", to: &writer)
        Calibration.add(market.logLoss, "log_loss_market", to: &writer)
        writer.add("reliability_model", json: Calibration.reliabilityJSON(model))
        writer.add("reliability_market", json: Calibration.reliabilityJSON(market))
        let strikes = byStrike.keys.sorted { (Double($0) ?? 0, $0) < (Double($1) ?? 0, $1) }.map { strike -> String in
            var row = JSONLineWriter()
            row.add("strike", strike)
            row.add("fills", byStrike[strike]!.fills)
            row.add("pnl_net", Money(micros: byStrike[strike]!.pnlMicros).description)
            return row.line
        }
        writer.add("pnl_by_strike", json: "[" + strikes.joined(separator: ",") + "]")
        let buckets = zip(Calibration.closeBuckets, byTimeToClose).map { bucket, group -> String in
            var row = JSONLineWriter()
            row.add("time_to_close", bucket.label)
            row.add("fills", group.fills)
            row.add("pnl_net", Money(micros: group.pnlMicros).description)
            return row.line
        }
        writer.add("pnl_by_time_to_close", json: "[" + buckets.joined(separator: ",") + "]")
        return writer.line
    }

    /// The report's calibration section.
    var report: ReportCalibration {
        func buckets(_ scores: Scores) -> [ReportCalibration.Bucket] {
            (0..<Calibration.bucketCount).map { bucket in
                let count = scores.bucketCounts[bucket]
                return ReportCalibration.Bucket(
                    label: Calibration.bucketLabel(bucket), count: count,
                    meanForecast: count > 0 ? scores.bucketSums[bucket] / Double(count) : nil,
                    observed: count > 0 ? Double(scores.bucketYes[bucket]) / Double(count) : nil)
            }
        }
        return ReportCalibration(
            valuations: model.count, brierModel: model.brier, brierMarket: market.brier, logLossModel: model.logLoss,
            logLossMarket: market.logLoss, model: buckets(model), market: buckets(market),
            byStrike: byStrike.keys.sorted { (Double($0) ?? 0, $0) < (Double($1) ?? 0, $1) }.map {
                ReportCalibration.PnLRow(label: $0, fills: byStrike[$0]!.fills, pnl: Money(micros: byStrike[$0]!.pnlMicros).description)
            },
            byTimeToClose: zip(Calibration.closeBuckets, byTimeToClose).map {
                ReportCalibration.PnLRow(label: $0.label, fills: $1.fills, pnl: Money(micros: $1.pnlMicros).description)
            })
    }

    /// Bucket label "0.3-0.4", for the JSON and the report.
    static func bucketLabel(_ bucket: Int) -> String {
        let step = 1.0 / Double(bucketCount)
        return String(format: "%.1f-%.1f", Double(bucket) * step, Double(bucket + 1) * step)
    }

    private static func reliabilityJSON(_ scores: Scores) -> String {
        let rows = (0..<bucketCount).map { bucket -> String in
            var row = JSONLineWriter()
            let count = scores.bucketCounts[bucket]
            row.add("bucket", bucketLabel(bucket))
            row.add("count", count)
            add(count > 0 ? scores.bucketSums[bucket] / Double(count) : nil, "mean_forecast", to: &row)
            add(count > 0 ? Double(scores.bucketYes[bucket]) / Double(count) : nil, "observed", to: &row)
            return row.line
        }
        return "[" + rows.joined(separator: ",") + "]"
    }

    private static func add(_ value: Double?, _ key: String, to writer: inout JSONLineWriter) {
        if let value { writer.add(key, value, decimals: 6) } else { writer.add(key, nil as String?) }
    }
}
