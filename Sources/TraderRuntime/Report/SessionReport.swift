import BacktestReport
import Foundation
import KalshiAPI
import KalshiCore
import TradingEngine

/// `kalshi-trader report logs/<session>/`: a demo's, a recording's or a live session's logs
/// rendered as the backtest's HTML page: P&L over time, per-market fair value against bid and
/// ask with the fills, the fills and fees, and the model's calibration against the outcomes
/// the logs saw settle. A live session's folder holds one `run-N` folder per run; each run is
/// a row of the runs table, and the charts span them all.
public enum SessionReport {
    public struct Output: Sendable {
        public var page: URL
        public var runs: Int
        public var fills: Int
        public var decisions: Int
        public var unreadableLines: Int
    }

    /// Reads the logs under `directory` and writes `index.html` into `out`.
    public static func write(directory: String, out: String) throws(SessionReportError) -> Output {
        var runs = try load(directory: directory)
        let document = try document(for: &runs, directory: directory)
        let folder = URL(fileURLWithPath: out)
        let page = folder.appendingPathComponent("index.html")
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try Data(ReportRenderer.html(document).utf8).write(to: page)
        } catch {
            throw .cannotWrite(page.path, error.localizedDescription)
        }
        return Output(
            page: page, runs: runs.count, fills: runs.map(\.fills.count).reduce(0, +), decisions: runs.map(\.decisionCount).reduce(0, +),
            unreadableLines: runs.flatMap(\.unreadable.values).reduce(0, +))
    }

    /// The session's runs: the folder itself, or its `run-N` folders in run order.
    static func load(directory: String) throws(SessionReportError) -> [SessionLogFiles] {
        let root = URL(fileURLWithPath: directory)
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root.path, isDirectory: &isFolder), isFolder.boolValue else {
            throw .notASessionDirectory(directory)
        }
        if SessionLogFiles.isSessionDirectory(root) {
            return [try SessionLogFiles(directory: root, label: root.lastPathComponent)]
        }
        let children = (try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []
        let runs = children.compactMap { name -> (Int, String)? in
            guard name.hasPrefix("run-"), let number = Int(name.dropFirst(4)) else { return nil }
            return (number, name)
        }.sorted { $0.0 < $1.0 }
        var result: [SessionLogFiles] = []
        for (_, name) in runs where SessionLogFiles.isSessionDirectory(root.appendingPathComponent(name)) {
            result.append(try SessionLogFiles(directory: root.appendingPathComponent(name), label: name))
        }
        guard !result.isEmpty else { throw .notASessionDirectory(directory) }
        return result
    }

    /// The report of runs as loaded (their decisions are read here).
    static func document(for runs: [SessionLogFiles], directory: String) throws(SessionReportError) -> ReportDocument {
        var runs = runs
        return try document(for: &runs, directory: directory)
    }

    /// The report; reads each run's decisions once, in file order (its `decisionCount` and
    /// `unreadable` are filled in on the way).
    static func document(for runs: inout [SessionLogFiles], directory: String) throws(SessionReportError) -> ReportDocument {
        var collector = ReportCollector()
        var calibration = Calibration()
        var reportRuns: [ReportRun] = []
        var outcomes: [String: Bool] = [:]
        for run in runs { outcomes.merge(run.outcomes) { _, new in new } }
        let starting = runs.compactMap(\.startingBalance).first
        var ledger = PnLLedger()
        for index in runs.indices {
            let startPnL = ledger.pnlMicros
            let points = try ledger.replay(&runs[index]) { decision in
                collector.observe(decision)
                if let fair = decision.fair, let bid = decision.bid, let ask = decision.ask {
                    calibration.observe(ticker: decision.ticker, fair: fair, mid: (bid.probability + ask.probability) / 2)
                }
            }
            let run = runs[index]
            for fill in run.fills { collector.observe(fill) }
            let runFees = run.fills.reduce(Money.zero) { $0 + $1.fee }
            let drawdown = PnLLedger.maxDrawdown(points)
            let endPnL = ledger.pnlMicros
            reportRuns.append(
                ReportRun(
                    label: run.label, pnlNet: Money(micros: endPnL &- startPnL).description, trades: run.fills.count,
                    hitRate: nil, maxDrawdown: Money(micros: drawdown).description, brierModel: nil, brierMarket: nil,
                    events: run.decisionCount, fees: runFees.description,
                    pnl: points.map { ReportPoint(timeMs: $0.timeMs, value: Double($0.micros) / 1_000_000) }))
        }
        for (ticker, yesWon) in outcomes { calibration.settle(ticker: ticker, yesWon: yesWon) }
        let report = calibration.report
        if reportRuns.count == 1 {
            reportRuns[0].brierModel = report.brierModel
            reportRuns[0].brierMarket = report.brierMarket
        }
        var notes = [
            "P&L is cash flow from the logged fills (net of fees) plus open positions at the last logged mid, and at the payout once a market's settlement is logged.",
            "Calibration scores every logged valuation with a two-sided book in the markets whose settlement the logs saw; other markets are not scored.",
            "Hit rate and P&L by strike need the markets' terms, which session logs do not keep; see a backtest of a recording for them.",
        ]
        let unreadable = runs.flatMap { run in run.unreadable.map { "\(run.label)/\($0.key): \($0.value)" } }.sorted()
        if !unreadable.isEmpty {
            notes.append("Lines that could not be read and were left out (a crash can cut the last line short): \(unreadable.joined(separator: ", ")).")
        }
        // The panels' market details come from an engine state; logs have none, so the panels
        // show the tickers and the counts only.
        let state = EngineState(startingBalance: starting ?? .zero, limits: RiskLimits(), sessionPrefix: "report")
        let modes = Set(runs.compactMap { $0.summary["mode"] as? String }).sorted()
        return ReportDocument(
            title: "Session \(URL(fileURLWithPath: directory).lastPathComponent)",
            details: [
                "Logs: \(directory) (\(runs.count) run\(runs.count == 1 ? "" : "s"): \(runs.map(\.label).joined(separator: ", ")))",
                "Mode: \(modes.isEmpty ? "unknown (no summary.json)" : modes.joined(separator: ", ")); starting balance \(starting?.formatted(decimals: 2) ?? "unknown")",
                "Orders logged: \(runs.map(\.orders.count).reduce(0, +)) order events; \(runs.map(\.fills.count).reduce(0, +)) fills; \(runs.map(\.decisionCount).reduce(0, +)) valuations",
            ],
            runs: reportRuns, markets: collector.marketPanels(state: state), fills: collector.fillRows, fillsOmitted: collector.fillsOmitted,
            fees: collector.fees, notes: notes, calibration: report)
    }
}

/// P&L from the logs alone: cash flow of the fills (fees included) plus each position at its
/// last mid, or at the payout once settled. Fixed-point; every product is checked.
struct PnLLedger {
    struct Point {
        var timeMs: Int64
        var micros: Int64
    }

    private(set) var cashMicros: Int64 = 0
    private var positions: [String: Int64] = [:]
    private var marks: [String: Int64] = [:]
    private var settled: Set<String> = []

    /// Cash flow plus positions at their marks, in micro-dollars. Positions (at most 10⁷
    /// contracts, checked as fills are read) times marks (at most $1) cannot overflow; the sum
    /// saturates rather than wrap.
    var pnlMicros: Int64 {
        var total = cashMicros
        for (ticker, units) in positions where units != 0 {
            let value = units * (marks[ticker] ?? 0) / 100
            let (sum, overflow) = total.addingReportingOverflow(value)
            total = overflow ? (value > 0 ? .max : .min) : sum
        }
        return total
    }

    enum Step {
        case mark(String, Int64)
        case fill(FillRecord)
        case settle(String, Bool)
    }

    /// Replays one run's decisions (marks), fills and settlements in time order; returns the
    /// P&L after each fill and settlement, and at most one point a second from the marks. The
    /// decisions are streamed from the file, each also handed to `observe` in the file's order,
    /// and merged with the run's fills and settlements (few, sorted): as if all were sorted by
    /// time, marks first at equal times, the file's order kept among equals. A file whose
    /// valuations go back in time (a live session's clock stepped back) is read a second time
    /// and sorted whole, as before streaming.
    mutating func replay(_ run: inout SessionLogFiles, observe: (Decision) -> Void) throws(SessionReportError) -> [Point] {
        var others: [(Int64, Int, Step)] = []
        for fill in run.fills { others.append((fill.timeMs, 1, .fill(fill))) }
        for state in run.states where state.kind == "settlement" {
            guard let ticker = state.ticker, let time = RFC3339.parse(state.time) else { continue }
            if state.detail.hasPrefix("result yes") { others.append((time, 2, .settle(ticker, true))) }
            if state.detail.hasPrefix("result no") { others.append((time, 2, .settle(ticker, false))) }
        }
        others.sort { ($0.0, $0.1) < ($1.0, $1.1) }
        let before = self
        var points: [Point] = []
        var lastSampleMs: Int64?
        var next = 0
        var lastMarkMs: Int64?
        var outOfOrder = false
        try run.forEachDecision { decision throws(SessionReportError) in
            observe(decision)
            guard !outOfOrder, let bid = decision.bid, let ask = decision.ask else { return }
            if let lastMarkMs, decision.timeMs < lastMarkMs {
                outOfOrder = true
                return
            }
            while next < others.count, others[next].0 < decision.timeMs {
                try apply(others[next].2, at: others[next].0, to: &points, lastSampleMs: &lastSampleMs)
                next += 1
            }
            try apply(.mark(decision.ticker, (bid.ticks &+ ask.ticks) &* 50), at: decision.timeMs, to: &points, lastSampleMs: &lastSampleMs)
            lastMarkMs = decision.timeMs
        }
        if outOfOrder {
            self = before
            var steps: [(Int64, Int, Step)] = []
            try run.forEachDecision(counting: false) { decision in
                guard let bid = decision.bid, let ask = decision.ask else { return }
                steps.append((decision.timeMs, 0, .mark(decision.ticker, (bid.ticks &+ ask.ticks) &* 50)))
            }
            steps += others
            steps.sort { ($0.0, $0.1) < ($1.0, $1.1) }
            points = []
            lastSampleMs = nil
            for (time, _, step) in steps { try apply(step, at: time, to: &points, lastSampleMs: &lastSampleMs) }
            return points
        }
        while next < others.count {
            try apply(others[next].2, at: others[next].0, to: &points, lastSampleMs: &lastSampleMs)
            next += 1
        }
        return points
    }

    private mutating func apply(_ step: Step, at time: Int64, to points: inout [Point], lastSampleMs: inout Int64?)
        throws(SessionReportError)
    {
        switch step {
        case .mark(let ticker, let mid):
            guard !settled.contains(ticker) else { return }
            marks[ticker] = mid
            // One point a second at most from marks: a valuation stream is dense.
            if lastSampleMs.map({ time &- $0 >= 1_000 }) ?? true {
                points.append(Point(timeMs: time, micros: pnlMicros))
                lastSampleMs = time
            }
        case .fill(let fill):
            // The exchange bounds prices to $1 and orders to millions of contracts.
            guard fill.count.units >= 0, fill.count.units <= 1_000_000_000, fill.price.ticks >= 0, fill.price.ticks <= 10_000,
                fill.fee.micros.magnitude <= 1_000_000_000_000, fill.position.units.magnitude <= 1_000_000_000
            else {
                throw .outOfRange("fill of \(fill.count) \(fill.ticker) @ \(fill.price) fee \(fill.fee) position \(fill.position)")
            }
            let notional = Money.notional(price: fill.price, count: fill.count).micros
            let flow = (fill.side == .bid ? -notional : notional) - fill.fee.micros
            let (cash, overflow) = cashMicros.addingReportingOverflow(flow)
            guard !overflow else { throw .outOfRange("cash flow past \(Int64.max) micro-dollars at \(fill.ticker)") }
            cashMicros = cash
            positions[fill.ticker] = fill.position.units
            if marks[fill.ticker] == nil { marks[fill.ticker] = fill.price.ticks &* 100 }
            points.append(Point(timeMs: time, micros: pnlMicros))
        case .settle(let ticker, let yes):
            settled.insert(ticker)
            marks[ticker] = yes ? Money.microsPerDollar : 0
            points.append(Point(timeMs: time, micros: pnlMicros))
        }
    }

    /// The largest fall of P&L from an earlier peak, in micro-dollars (0 or positive).
    static func maxDrawdown(_ points: [Point]) -> Int64 {
        var peak = Int64.min
        var worst: Int64 = 0
        for point in points {
            peak = max(peak, point.micros)
            worst = max(worst, peak &- point.micros)
        }
        return worst
    }
}
