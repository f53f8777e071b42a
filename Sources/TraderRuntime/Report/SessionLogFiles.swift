import Foundation
import KalshiAPI
import KalshiCore
import TradingEngine

/// The files of one session run under `logs/…` (demo, record, or one run of a live session),
/// read back: decisions, orders, fills, state changes and the summary. A line that cannot be
/// read (a crash may cut the last one short) is skipped and counted, never guessed at.
struct SessionLogFiles {
    struct DecisionLine: Decodable {
        var time: String
        var ticker: String
        var fair: Double?
        var bid: String?
        var ask: String?
        var timeToClose: Double?
        var action: String?

        enum CodingKeys: String, CodingKey {
            case time, ticker, fair, bid, ask, action
            case timeToClose = "time_to_close"
        }
    }

    struct FillLine: Decodable {
        var time: String
        var ticker: String
        var side: String
        var price: String
        var count: String
        var fee: String
        var clientOrderId: String?
        var liquidity: String?
        var position: String

        enum CodingKeys: String, CodingKey {
            case time, ticker, side, price, count, fee, liquidity, position
            case clientOrderId = "client_order_id"
        }
    }

    struct OrderLine: Decodable {
        var time: String
        var ticker: String
        var event: String
        var reason: String?
    }

    struct StateLine: Decodable {
        var time: String
        var kind: String
        var ticker: String?
        var detail: String
    }

    let directory: URL
    var label: String
    /// Valuations read by `forEachDecision` (the decisions are streamed, not kept: a backtest
    /// writes millions).
    var decisionCount = 0
    var fills: [FillRecord] = []
    var orders: [OrderLine] = []
    var states: [StateLine] = []
    var summary: [String: Any] = [:]
    /// Lines that could not be read, by file.
    var unreadable: [String: Int] = [:]

    static let names = ["decisions.jsonl", "orders.jsonl", "fills.jsonl", "state.jsonl", "summary.json"]

    static func isSessionDirectory(_ url: URL) -> Bool {
        names.contains { FileManager.default.fileExists(atPath: url.appendingPathComponent($0).path) }
    }

    init(directory: URL, label: String) throws(SessionReportError) {
        self.directory = directory
        self.label = label
        for line in try read("fills.jsonl", as: FillLine.self) {
            guard let time = RFC3339.parse(line.time), let side = BookSide(rawValue: line.side),
                let price = try? Price(parsing: line.price), let count = try? Quantity(parsing: line.count),
                let fee = try? Money(parsing: line.fee), let position = try? Quantity(parsingSigned: line.position)
            else {
                unreadable["fills.jsonl", default: 0] += 1
                continue
            }
            fills.append(
                FillRecord(
                    timeMs: time, clientOrderId: line.clientOrderId ?? "", ticker: line.ticker, side: side, price: price, count: count,
                    fee: fee, isTaker: line.liquidity != "maker", position: position))
        }
        orders = try read("orders.jsonl", as: OrderLine.self)
        states = try read("state.jsonl", as: StateLine.self)
        let summaryURL = directory.appendingPathComponent("summary.json")
        if let data = try? Data(contentsOf: summaryURL), !data.isEmpty {
            guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
                throw .unreadable(summaryURL.path, "not a JSON object")
            }
            summary = object
        }
    }

    /// Decodes each line of `name` (absent: nothing); lines that do not decode are counted.
    private mutating func read<Line: Decodable>(_ name: String, as: Line.Type) throws(SessionReportError) -> [Line] {
        let decoder = JSONDecoder()
        var lines: [Line] = []
        try JSONLinesFile.forEachLine(directory.appendingPathComponent(name)) { line in
            if let value = try? decoder.decode(Line.self, from: Data(line)) { lines.append(value) } else { unreadable[name, default: 0] += 1 }
        }
        return lines
    }

    /// Reads `decisions.jsonl` line by line, handing each valuation to `body` in the file's
    /// order; counts them (`decisionCount`) and the lines that do not read, unless `counting`
    /// is false (a second pass over the same file).
    mutating func forEachDecision(counting: Bool = true, _ body: (Decision) throws(SessionReportError) -> Void)
        throws(SessionReportError)
    {
        let name = "decisions.jsonl"
        let decoder = JSONDecoder()
        var count = 0
        var bad = 0
        var failure: SessionReportError?
        try JSONLinesFile.forEachLine(directory.appendingPathComponent(name)) { bytes in
            guard failure == nil else { return }
            guard let line = DecisionLineScanner.scan(bytes) ?? (try? decoder.decode(DecisionLine.self, from: Data(bytes))),
                let time = RFC3339.parse(line.time)
            else {
                bad += 1
                return
            }
            count += 1
            do throws(SessionReportError) {
                try body(
                    Decision(
                        timeMs: time, ticker: line.ticker, spot: nil, volatility: nil, secondsToClose: line.timeToClose ?? 0,
                        fair: line.fair.flatMap { $0.isFinite ? $0 : nil }, bid: line.bid.flatMap { try? Price(parsing: $0) },
                        ask: line.ask.flatMap { try? Price(parsing: $0) }, edge: nil, action: line.action ?? ""))
            } catch {
                failure = error
            }
        }
        if let failure { throw failure }
        guard counting else { return }
        decisionCount += count
        if bad > 0 { unreadable[name, default: 0] += bad }
    }

    var startingBalance: Money? { (summary["starting_balance"] as? String).flatMap { try? Money(parsing: $0) } }

    /// Settled outcomes from the `settlement` state lines: `result yes at 1.00; …`.
    var outcomes: [String: Bool] {
        var result: [String: Bool] = [:]
        for state in states where state.kind == "settlement" {
            guard let ticker = state.ticker else { continue }
            if state.detail.hasPrefix("result yes") { result[ticker] = true } else if state.detail.hasPrefix("result no") {
                result[ticker] = false
            }
        }
        return result
    }
}

public enum SessionReportError: Error, Equatable, CustomStringConvertible {
    case notASessionDirectory(String)
    case unreadable(String, String)
    case outOfRange(String)
    case cannotWrite(String, String)

    public var description: String {
        switch self {
        case .notASessionDirectory(let path):
            return "\(path) holds no session logs (decisions.jsonl, orders.jsonl, fills.jsonl, state.jsonl, summary.json) nor run-N folders of a live session"
        case .unreadable(let path, let reason): return "cannot read \(path): \(reason)"
        case .outOfRange(let detail): return "a value in the logs is out of range: \(detail)"
        case .cannotWrite(let path, let reason): return "cannot write \(path): \(reason)"
        }
    }
}
