import Foundation
import KalshiAPI
import KalshiCore
import TradingEngine

/// What the dashboard shows, kept as a value the session updates on each step and the page
/// reads as JSON. Series are bounded (thinned to every other point when full), so a session
/// of days keeps a page of the same size. Money, prices and counts are fixed-point strings;
/// the page only draws them.
public struct DashboardModel: Sendable {
    public static let seriesCapacity = 1_200
    public static let listCapacity = 50

    public var sessionId: String
    public var mode: String
    public var controlEnabled = false
    public private(set) var version = 0
    public private(set) var nowMs: Int64 = 0
    private var startingBalance: Money
    private var cash: Money
    private var equity: Money
    private var realized = Money.zero
    private var unrealized = Money.zero
    private var fees = Money.zero
    private var equitySeries = ThinnedSeries<EquityPoint>(capacity: seriesCapacity)
    private var markets: [String: MarketPanel] = [:]
    private var positions: [PositionRow] = []
    private var openOrders: [OpenOrderRow] = []
    private var orderEvents: [OrderEventRow] = []
    private var refusals: [RefusalRow] = []
    private var refusalCounts: [String: Int] = [:]
    private var killSwitch = false
    private var halted: String?
    private var feed = FeedHealth()
    private var reconciliation: [LogRow] = []
    private var notes: [LogRow] = []

    public init(sessionId: String, mode: String, startingBalance: Money) {
        self.sessionId = sessionId
        self.mode = mode
        self.startingBalance = startingBalance
        self.cash = startingBalance
        self.equity = startingBalance
    }

    /// Names the session once it is known (a live session binds its servers before it opens
    /// its journal, so that a port in use is refused before anything reaches the exchange).
    public mutating func identify(sessionId: String, mode: String, startingBalance: Money) {
        self.sessionId = sessionId
        self.mode = mode
        self.startingBalance = startingBalance
        cash = startingBalance
        equity = startingBalance
        version &+= 1
    }

    // MARK: Updates

    public mutating func apply(_ records: [EngineRecord]) {
        guard !records.isEmpty else { return }
        for record in records {
            switch record {
            case .decision(let decision):
                var panel = markets[decision.ticker] ?? MarketPanel(ticker: decision.ticker)
                panel.fair = decision.fair
                panel.bid = decision.bid?.description
                panel.ask = decision.ask?.description
                panel.edge = decision.edge
                panel.series.append(
                    MarketPoint(
                        t: decision.timeMs, fair: decision.fair, bid: decision.bid.map(Self.unit), ask: decision.ask.map(Self.unit)),
                    timeMs: decision.timeMs)
                markets[decision.ticker] = panel
            case .order(let order):
                Self.push(
                    &orderEvents,
                    OrderEventRow(
                        time: order.timeMs, ticker: order.ticker, side: order.side == .bid ? "buy" : "sell", price: order.price.description,
                        count: order.count.description, event: order.event, reason: order.reason))
                if order.event == "rejected_by_risk" {
                    let rule = MetricLabels.riskRule(order.reason)
                    refusalCounts[rule, default: 0] += 1
                    Self.push(&refusals, RefusalRow(time: order.timeMs, ticker: order.ticker, rule: rule, reason: order.reason ?? ""))
                }
            case .fill(let fill):
                var panel = markets[fill.ticker] ?? MarketPanel(ticker: fill.ticker)
                panel.fills.append(
                    FillMark(
                        t: fill.timeMs, price: Self.unit(fill.price), side: fill.side == .bid ? "buy" : "sell", count: fill.count.description,
                        fee: fill.fee.description, position: fill.position.description))
                if panel.fills.count > Self.seriesCapacity { panel.fills.removeFirst(panel.fills.count - Self.seriesCapacity) }
                markets[fill.ticker] = panel
            case .state(let state):
                let row = LogRow(time: state.timeMs, kind: state.kind, ticker: state.ticker, detail: state.detail)
                if state.kind == "reconciliation" { Self.push(&reconciliation, row) } else { Self.push(&notes, row) }
            }
        }
        version &+= 1
    }

    /// The engine's state at `nowMs`: money, positions, open orders, risk state.
    public mutating func sample(_ state: EngineState, nowMs: Int64) {
        self.nowMs = nowMs
        let marks = state.marks
        let portfolio = state.portfolio
        cash = portfolio.cash
        equity = portfolio.equity(marks)
        realized = portfolio.realizedPnL
        unrealized = portfolio.unrealizedPnL(marks)
        fees = portfolio.fees
        equitySeries.append(EquityPoint(t: nowMs, equity: MetricLabels.dollars(equity)), timeMs: nowMs)
        positions = state.markets.compactMap { market in
            let position = portfolio.position(market.ticker)
            guard !position.isZero else { return nil }
            let mark = marks[market.ticker]
            return PositionRow(
                ticker: market.ticker, position: position.description, mark: mark?.formatted(decimals: 4),
                value: Exposure.markedValue(position: position, mark: mark).formatted(decimals: 2))
        }
        openOrders = state.orders.orders.values.filter { $0.status.isActive }
            .sorted { ($0.createdMs, $0.clientOrderId) < ($1.createdMs, $1.clientOrderId) }
            .map {
                OpenOrderRow(
                    clientOrderId: $0.clientOrderId, ticker: $0.ticker, side: $0.side == .bid ? "buy" : "sell", price: $0.price.description,
                    remaining: $0.remaining.description, status: $0.status.rawValue)
            }
        for market in state.markets where markets[market.ticker] != nil {
            markets[market.ticker]?.orders = openOrders.filter { $0.ticker == market.ticker }.map {
                OrderMark(price: Double($0.price) ?? 0, side: $0.side)
            }
        }
        killSwitch = state.risk.killSwitch
        halted = state.risk.halted?.rawValue
        if let spotMs = state.assets.values.compactMap(\.spotReceivedMs).max() {
            feed.signalAgeSeconds = Double(nowMs &- spotMs) / 1_000
        }
        version &+= 1
    }

    public mutating func observe(_ event: KalshiFeedEvent, receivedMs: Int64) {
        switch event {
        case .connected: feed.connected = true
        case .disconnected(let reason):
            feed.connected = false
            feed.lastDisconnect = reason
        case .message:
            feed.frames += 1
            feed.lastFrameMs = receivedMs
        case .malformed:
            feed.frames += 1
            feed.malformed += 1
        case .booksUntrusted(let tickers): feed.resyncs += tickers.count
        }
    }

    public mutating func observe(book counters: BookFeedCounters) {
        feed.gaps = counters.gaps
    }

    // MARK: JSON

    /// The page's view of the session, as JSON.
    public func json() -> Data {
        let snapshot = Snapshot(
            session: sessionId, mode: mode, version: version, now: nowMs, control: controlEnabled,
            money: MoneyView(
                startingBalance: startingBalance.formatted(decimals: 2), cash: cash.formatted(decimals: 2),
                equity: equity.formatted(decimals: 2), pnl: (equity - startingBalance).formatted(decimals: 2),
                realizedPnl: realized.formatted(decimals: 2), unrealizedPnl: unrealized.formatted(decimals: 2),
                fees: fees.formatted(decimals: 2)),
            equity: equitySeries.points, positions: positions,
            markets: markets.values.sorted { $0.ticker < $1.ticker }.map { $0.view }, openOrders: openOrders,
            orderEvents: orderEvents.reversed(),
            risk: RiskView(
                killSwitch: killSwitch, halted: halted, refusals: refusals.reversed(),
                refusalCounts: refusalCounts.sorted { $0.key < $1.key }.map { RuleCount(rule: $0.key, count: $0.value) }),
            feed: feed, reconciliation: reconciliation.reversed(), notes: notes.reversed())
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        // Every field is a plain value: encoding cannot fail.
        return (try? encoder.encode(snapshot)) ?? Data("{}".utf8)
    }

    private static func unit(_ price: Price) -> Double { Double(price.ticks) / 10_000 }

    private static func push<Row>(_ rows: inout [Row], _ row: Row) {
        rows.append(row)
        if rows.count > listCapacity { rows.removeFirst(rows.count - listCapacity) }
    }
}

// MARK: Rows of the page

struct EquityPoint: Codable, Sendable {
    var t: Int64
    var equity: Double
}

struct MarketPoint: Codable, Sendable {
    var t: Int64
    var fair: Double?
    var bid: Double?
    var ask: Double?
}

struct FillMark: Codable, Sendable {
    var t: Int64
    var price: Double
    var side: String
    var count: String
    var fee: String
    var position: String
}

struct OrderMark: Codable, Sendable {
    var price: Double
    var side: String
}

struct MarketPanel: Sendable {
    var ticker: String
    var fair: Double?
    var bid: String?
    var ask: String?
    var edge: Double?
    var series = ThinnedSeries<MarketPoint>(capacity: DashboardModel.seriesCapacity)
    var fills: [FillMark] = []
    var orders: [OrderMark] = []

    init(ticker: String) { self.ticker = ticker }

    var view: MarketView {
        MarketView(ticker: ticker, fair: fair, bid: bid, ask: ask, edge: edge, series: series.points, fills: fills, orders: orders)
    }
}

struct MarketView: Codable, Sendable {
    var ticker: String
    var fair: Double?
    var bid: String?
    var ask: String?
    var edge: Double?
    var series: [MarketPoint]
    var fills: [FillMark]
    var orders: [OrderMark]
}

struct PositionRow: Codable, Sendable {
    var ticker: String
    var position: String
    var mark: String?
    var value: String
}

struct OpenOrderRow: Codable, Sendable {
    var clientOrderId: String
    var ticker: String
    var side: String
    var price: String
    var remaining: String
    var status: String
}

struct OrderEventRow: Codable, Sendable {
    var time: Int64
    var ticker: String
    var side: String
    var price: String
    var count: String
    var event: String
    var reason: String?
}

struct RefusalRow: Codable, Sendable {
    var time: Int64
    var ticker: String
    var rule: String
    var reason: String
}

struct RuleCount: Codable, Sendable {
    var rule: String
    var count: Int
}

struct LogRow: Codable, Sendable {
    var time: Int64
    var kind: String
    var ticker: String?
    var detail: String
}

struct FeedHealth: Codable, Sendable {
    var connected = false
    var frames = 0
    var malformed = 0
    var resyncs = 0
    var gaps = 0
    var lastFrameMs: Int64?
    var lastDisconnect: String?
    var signalAgeSeconds: Double?
}

struct MoneyView: Codable, Sendable {
    var startingBalance: String
    var cash: String
    var equity: String
    var pnl: String
    var realizedPnl: String
    var unrealizedPnl: String
    var fees: String
}

struct RiskView: Codable, Sendable {
    var killSwitch: Bool
    var halted: String?
    var refusals: [RefusalRow]
    var refusalCounts: [RuleCount]
}

struct Snapshot: Codable, Sendable {
    var session: String
    var mode: String
    var version: Int
    var now: Int64
    var control: Bool
    var money: MoneyView
    var equity: [EquityPoint]
    var positions: [PositionRow]
    var markets: [MarketView]
    var openOrders: [OpenOrderRow]
    var orderEvents: [OrderEventRow]
    var risk: RiskView
    var feed: FeedHealth
    var reconciliation: [LogRow]
    var notes: [LogRow]
}

/// A time series that keeps at most `capacity` points: at most one per `spacingMs`, and when
/// full every other point is dropped and the spacing doubles, so the whole session stays drawn.
struct ThinnedSeries<Point: Sendable>: Sendable {
    let capacity: Int
    private(set) var points: [Point] = []
    private var spacingMs: Int64 = 1_000
    private var lastMs: Int64?

    init(capacity: Int) { self.capacity = max(2, capacity) }

    mutating func append(_ point: Point, timeMs: Int64) {
        if let lastMs, timeMs &- lastMs < spacingMs, !points.isEmpty {
            points[points.count - 1] = point
            return
        }
        points.append(point)
        lastMs = timeMs
        if points.count > capacity {
            points = points.enumerated().filter { $0.offset % 2 == 0 || $0.offset == points.count - 1 }.map(\.element)
            spacingMs = spacingMs.multipliedReportingOverflow(by: 2).overflow ? spacingMs : spacingMs * 2
        }
    }
}
