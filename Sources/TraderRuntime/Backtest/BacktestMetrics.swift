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
///   for the market's mid at the same moment (outcome 1 when YES won).
struct BacktestMetrics {
    struct Values: Sendable, Equatable {
        var pnlNet: Money
        var trades: Int
        var hitRate: Double?
        var maxDrawdown: Money
        var brierModel: Double?
        var brierMarket: Double?
        var events: Int
        var eventsPerSecond: Double
        var fees: Money
    }

    private struct PendingFill {
        var side: BookSide
        var priceTicks: Int64
        var units: Int64
        var feeMicros: Int64
    }

    private struct BrierSums {
        var count = 0
        var model = (sum: 0.0, squares: 0.0)
        var market = (sum: 0.0, squares: 0.0)
    }

    let startingBalance: Money
    private(set) var trades = 0
    private var hits = 0
    private var resolvedFills = 0
    private var pendingFills: [String: [PendingFill]] = [:]
    private var brierOpen: [String: BrierSums] = [:]
    private var brierCount = 0
    private var brierModelTotal = 0.0
    private var brierMarketTotal = 0.0
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

    mutating func observe(fill: FillRecord) {
        trades += 1
        pendingFills[fill.ticker, default: []].append(
            PendingFill(side: fill.side, priceTicks: fill.price.ticks, units: fill.count.units, feeMicros: fill.fee.micros))
    }

    mutating func observe(decision: Decision) {
        guard let fair = decision.fair, let bid = decision.bid, let ask = decision.ask else { return }
        let mid = Double(bid.ticks + ask.ticks) / 20_000
        var sums = brierOpen[decision.ticker] ?? BrierSums()
        sums.count += 1
        sums.model.sum += fair
        sums.model.squares += fair * fair
        sums.market.sum += mid
        sums.market.squares += mid * mid
        brierOpen[decision.ticker] = sums
    }

    /// A market settled: its fills and valuations are scored against the outcome.
    mutating func settle(ticker: String, yesWon: Bool) {
        resolve(ticker: ticker, valueMicros: yesWon ? Money.microsPerDollar : 0)
        if let sums = brierOpen.removeValue(forKey: ticker), sums.count > 0 {
            let outcome = yesWon ? 1.0 : 0.0
            // Σ (x − o)² = Σx² − 2oΣx + n·o²
            brierModelTotal += sums.model.squares - 2 * outcome * sums.model.sum + Double(sums.count) * outcome * outcome
            brierMarketTotal += sums.market.squares - 2 * outcome * sums.market.sum + Double(sums.count) * outcome * outcome
            brierCount += sums.count
        }
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
            brierModel: brierCount > 0 ? brierModelTotal / Double(brierCount) : nil,
            brierMarket: brierCount > 0 ? brierMarketTotal / Double(brierCount) : nil, events: events,
            eventsPerSecond: spanMs > 0 ? Double(events) / (Double(spanMs) / 1_000) : Double(events), fees: fees)
    }
}

extension BacktestMetrics.Values {
    /// The `metrics` object of `summary.json`: exactly these keys, money as fixed-point
    /// strings like the rest of the summary, ratios as numbers (null when undefined).
    var json: String {
        var writer = JSONLineWriter()
        writer.add("pnl_net", pnlNet.description)
        writer.add("trades", trades)
        if let hitRate { writer.add("hit_rate", hitRate, decimals: 6) } else { writer.add("hit_rate", nil as String?) }
        writer.add("max_drawdown", maxDrawdown.description)
        if let brierModel {
            writer.add("brier_model", brierModel, decimals: 6)
        } else {
            writer.add("brier_model", nil as String?)
        }
        if let brierMarket {
            writer.add("brier_market", brierMarket, decimals: 6)
        } else {
            writer.add("brier_market", nil as String?)
        }
        writer.add("events", events)
        writer.add("events_per_s", eventsPerSecond, decimals: 3)
        return writer.line
    }
}
