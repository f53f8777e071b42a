import KalshiAPI
import KalshiCore
import TradingEngine

/// The figures of one backtest run, accumulated as records stream by (memory bounded by the
/// markets and by the fills still waiting for their market to settle):
///
/// - `pnl_net`: final equity − starting balance; equity is cash (fees already paid) plus open
///   positions at the mid (settled markets at their payout);
/// - `trades`: fills;
/// - `hit_rate`: share of fills whose P&L to the settlement, net of their fee, is positive
///   (fills in markets still open at the end are valued at the last mid);
/// - `max_drawdown`: largest fall of equity from a previous peak, equity sampled every second of
///   recording time and after every fill and settlement;
/// - `brier_model` / `brier_market`: over every valuation in a market that settled with a
///   two-sided book, mean (fair − outcome)² for the pricer's fair value and mean (mid − outcome)²
///   for the market's mid at the same moment (outcome 1 when YES won);
/// - `log_loss_model` / `log_loss_market`: the same valuations' log loss (see `Calibration`,
///   which also holds the reliability table and the P&L per strike and time to the close).
struct BacktestMetrics {
    struct Values: Sendable, Equatable {
        var pnlNet: Money
        var trades: Int
        var hitRate: Double?
        var maxDrawdown: Money
        var brierModel: Double?
        var brierMarket: Double?
        var logLossModel: Double?
        var logLossMarket: Double?
        var events: Int
        var eventsPerSecond: Double
        var fees: Money
    }

    private struct PendingFill {
        var side: BookSide
        var priceTicks: Int64
        var units: Int64
        var feeMicros: Int64
        var strike: String
        var secondsToClose: Double
    }

    let startingBalance: Money
    private(set) var trades = 0
    private var hits = 0
    private var resolvedFills = 0
    private var pendingFills: [String: [PendingFill]] = [:]
    private(set) var calibration = Calibration()
    private(set) var peakEquity: Money
    private(set) var maxDrawdown = Money.zero
    private(set) var lastEquity: Money

    init(startingBalance: Money) {
        self.startingBalance = startingBalance
        peakEquity = startingBalance
        lastEquity = startingBalance
    }

    mutating func observe(equity: Money) {
        lastEquity = equity
        if equity > peakEquity { peakEquity = equity }
        let drawdown = peakEquity - equity
        if drawdown > maxDrawdown { maxDrawdown = drawdown }
    }

    /// A fill, with its market's strike label and the time left to the close when it filled.
    mutating func observe(fill: FillRecord, strike: String, secondsToClose: Double) {
        trades += 1
        pendingFills[fill.ticker, default: []].append(
            PendingFill(
                side: fill.side, priceTicks: fill.price.ticks, units: fill.count.units, feeMicros: fill.fee.micros, strike: strike,
                secondsToClose: secondsToClose))
    }

    mutating func observe(decision: Decision) {
        guard let fair = decision.fair, let bid = decision.bid, let ask = decision.ask else { return }
        calibration.observe(ticker: decision.ticker, fair: fair, mid: Double(bid.ticks + ask.ticks) / 20_000)
    }

    /// A market settled: its fills and valuations are scored against the outcome.
    mutating func settle(ticker: String, yesWon: Bool) {
        resolve(ticker: ticker, valueMicros: yesWon ? Money.microsPerDollar : 0)
        calibration.settle(ticker: ticker, yesWon: yesWon)
    }

    /// Scores a market's fills at a per-contract value (1 dollar or 0 at settlement, the mid
    /// at the end of an unsettled run).
    mutating func resolve(ticker: String, valueMicros: Int64) {
        for fill in pendingFills.removeValue(forKey: ticker) ?? [] {
            // Per contract: value − price for a YES bought, price − value for a YES sold.
            let edgeMicros = fill.side == .bid ? valueMicros - fill.priceTicks * 100 : fill.priceTicks * 100 - valueMicros
            let pnl = edgeMicros * fill.units / Quantity.unitsPerContract - fill.feeMicros
            resolvedFills += 1
            if pnl > 0 { hits += 1 }
            calibration.add(fillPnLMicros: pnl, strike: fill.strike, secondsToClose: fill.secondsToClose)
        }
    }

    /// Final figures; fills of unsettled markets are valued at `marks` (mid) or, without one,
    /// count as misses.
    mutating func finish(marks: [String: Money], finalEquity: Money, fees: Money, events: Int, spanMs: Int64) -> Values {
        for ticker in pendingFills.keys.sorted() {
            if let mark = marks[ticker] {
                resolve(ticker: ticker, valueMicros: mark.micros)
            } else {
                resolvedFills += pendingFills.removeValue(forKey: ticker)?.count ?? 0
            }
        }
        observe(equity: finalEquity)
        return Values(
            pnlNet: finalEquity - startingBalance, trades: trades,
            hitRate: resolvedFills > 0 ? Double(hits) / Double(resolvedFills) : nil, maxDrawdown: maxDrawdown,
            brierModel: calibration.model.brier, brierMarket: calibration.market.brier,
            logLossModel: calibration.model.logLoss, logLossMarket: calibration.market.logLoss, events: events,
            eventsPerSecond: spanMs > 0 ? Double(events) / (Double(spanMs) / 1_000) : Double(events), fees: fees)
    }
}

extension BacktestMetrics.Values {
    /// The metric keys of a backtest, in order (`summary.json`'s `metrics`, sweep rows).
    static let keys = [
        "pnl_net", "trades", "hit_rate", "max_drawdown", "brier_model", "brier_market", "log_loss_model", "log_loss_market",
        "events", "events_per_s",
    ]

    /// Each metric as (key, JSON literal): money as fixed-point strings like the rest of the
    /// summary, ratios as numbers, null when undefined.
    var fields: [(key: String, json: String)] {
        func ratio(_ value: Double?, _ decimals: Int = 6) -> String {
            guard let value, value.isFinite else { return "null" }
            return FixedDecimalText.format(value, decimals: decimals)
        }
        return [
            ("pnl_net", JSONLineWriter.quote(pnlNet.description)), ("trades", "\(trades)"), ("hit_rate", ratio(hitRate)),
            ("max_drawdown", JSONLineWriter.quote(maxDrawdown.description)), ("brier_model", ratio(brierModel)),
            ("brier_market", ratio(brierMarket)), ("log_loss_model", ratio(logLossModel)),
            ("log_loss_market", ratio(logLossMarket)), ("events", "\(events)"), ("events_per_s", ratio(eventsPerSecond, 3)),
        ]
    }

    /// The `metrics` object of `summary.json`: exactly `keys`.
    var json: String {
        var writer = JSONLineWriter()
        for (key, json) in fields { writer.add(key, json: json) }
        return writer.line
    }
}
