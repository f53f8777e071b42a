import BacktestReport
import KalshiCore
import TradingEngine

/// What the report shows of the primary run, collected as records stream by and bounded in
/// size: per market the fair value, bid and ask of every valuation (sampled down when long),
/// the fills and the position; the first fills for the table; fees per market.
struct ReportCollector {
    static let maximumFillRows = 500
    static let maximumMarkers = 400

    struct MarketSeries {
        var fair = BoundedSeries()
        var bid = BoundedSeries()
        var ask = BoundedSeries()
        var position = BoundedSeries()
        var markers: [ReportMarker] = []
        var fills = 0
        var contracts = Quantity.zero
        var fees = Money.zero
    }

    private(set) var markets: [String: MarketSeries] = [:]
    private(set) var fillRows: [ReportFill] = []
    private(set) var fillsOmitted = 0

    mutating func observe(_ decision: Decision) {
        guard let fair = decision.fair else { return }
        // In place: a copy out of the dictionary and back would copy the series per valuation.
        Self.record(decision, fair: fair, into: &markets[decision.ticker, default: MarketSeries()])
    }

    private static func record(_ decision: Decision, fair: Double, into series: inout MarketSeries) {
        series.fair.append(timeMs: decision.timeMs, fair)
        if let bid = decision.bid { series.bid.append(timeMs: decision.timeMs, bid.probability) }
        if let ask = decision.ask { series.ask.append(timeMs: decision.timeMs, ask.probability) }
    }

    mutating func observe(_ fill: FillRecord) {
        var series = markets[fill.ticker] ?? MarketSeries()
        if series.position.isEmpty { series.position.append(timeMs: fill.timeMs, 0) }
        series.position.append(timeMs: fill.timeMs, Double(fill.position.units) / Double(Quantity.unitsPerContract))
        series.fills += 1
        series.contracts = series.contracts + fill.count
        series.fees = series.fees + fill.fee
        let verb = fill.side == .bid ? "bought" : "sold"
        if series.markers.count < ReportCollector.maximumMarkers {
            series.markers.append(
                ReportMarker(
                    timeMs: fill.timeMs, price: fill.price.probability, isBuy: fill.side == .bid,
                    label: "\(SessionLog.time(fill.timeMs)) \(verb) \(fill.count) @ \(fill.price) fee \(fill.fee)"))
        }
        markets[fill.ticker] = series
        if fillRows.count < ReportCollector.maximumFillRows {
            fillRows.append(
                ReportFill(
                    time: SessionLog.time(fill.timeMs), ticker: fill.ticker, side: fill.side == .bid ? "buy YES" : "sell YES",
                    price: fill.price.description, count: fill.count.description, fee: fill.fee.description,
                    liquidity: fill.isTaker ? "taker" : "maker", position: fill.position.description))
        } else {
            fillsOmitted += 1
        }
    }

    /// Panels for the markets that traded (most fills first), then the most valued ones.
    func marketPanels(state: EngineState, limit: Int = 8) -> [ReportMarket] {
        let order = markets.keys.sorted {
            let (a, b) = (markets[$0]!, markets[$1]!)
            return (a.fills, a.fair.points.count, $1) > (b.fills, b.fair.points.count, $0)
        }
        return order.prefix(limit).map { ticker in
            let series = markets[ticker]!
            var detail = "\(series.fills) fills, \(series.contracts) contracts, fees \(series.fees)"
            if let id = state.id(of: ticker) {
                let market = state.market(id)
                let strike = [market.metadata.floorStrike, market.metadata.capStrike].compactMap { $0?.formatted(decimals: 2) }
                detail =
                    "\(market.metadata.strikeType.rawValue) \(strike.joined(separator: "–")), closes \(SessionLog.time(market.metadata.closeTimeMs)); "
                    + detail
                if let settlement = market.settlement {
                    detail += "; settled \(settlement.result.rawValue.uppercased()) at \(settlement.value.formatted(decimals: 2))"
                }
            }
            func points(_ series: BoundedSeries) -> [ReportPoint] {
                series.points.map { ReportPoint(timeMs: $0.timeMs, value: $0.value) }
            }
            var position = points(series.position)
            // The position holds until the end of the run.
            if let last = position.last, last.timeMs < state.nowMs {
                position.append(ReportPoint(timeMs: state.nowMs, value: last.value))
            }
            return ReportMarket(
                ticker: ticker, detail: detail, fair: points(series.fair), bid: points(series.bid), ask: points(series.ask),
                fills: series.markers, position: position)
        }
    }

    var fees: [ReportFee] {
        markets.keys.sorted().compactMap { ticker in
            let series = markets[ticker]!
            guard series.fills > 0 else { return nil }
            return ReportFee(
                ticker: ticker, fills: series.fills, contracts: series.contracts.description, fees: series.fees.description)
        }
    }
}
