import Foundation
import KalshiAPI
import KalshiCore
import TradingEngine

/// The session's files under `logs/<session-id>/`: one JSON object per line for decisions,
/// orders, fills and state changes, written as they happen (a crash keeps everything up to
/// it), and `summary.json` at the end. Money, prices and counts are fixed-point strings.
public final class SessionLog {
    public let directory: URL
    private let decisions: FileHandle
    private let orders: FileHandle
    private let fills: FileHandle
    private let states: FileHandle

    public init(directory: URL) throws {
        self.directory = directory
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        func open(_ name: String) throws -> FileHandle {
            let url = directory.appendingPathComponent(name)
            FileManager.default.createFile(atPath: url.path, contents: nil)
            return try FileHandle(forWritingTo: url)
        }
        decisions = try open("decisions.jsonl")
        orders = try open("orders.jsonl")
        fills = try open("fills.jsonl")
        states = try open("state.jsonl")
    }

    deinit {
        for handle in [decisions, orders, fills, states] { try? handle.close() }
    }

    /// A fresh session id: UTC start time plus a random suffix, sortable and unique.
    public static func newSessionId(nowMs: Int64) -> String {
        let stamp = RFC3339.format(ms: nowMs).replacingOccurrences(of: ":", with: "").replacingOccurrences(of: "-", with: "")
        return "\(stamp)-\(String(UInt32.random(in: 0...UInt32.max), radix: 16))"
    }

    public func write(_ records: [EngineRecord]) {
        for record in records {
            switch record {
            case .decision(let decision): append(decisions, SessionLog.json(decision))
            case .order(let order): append(orders, SessionLog.json(order))
            case .fill(let fill): append(fills, SessionLog.json(fill))
            case .state(let state): append(states, SessionLog.json(state))
            }
        }
    }

    public func writeSummary(_ summary: SessionSummary) throws {
        try Data((summary.json + "\n").utf8).write(to: directory.appendingPathComponent("summary.json"))
    }

    private func append(_ handle: FileHandle, _ line: String) {
        handle.write(Data((line + "\n").utf8))
    }

    public static func time(_ ms: Int64) -> String { RFC3339.formatMillis(ms: ms) }

    /// One object's text, its members added by `members`.
    private static func line(_ members: (inout JSONLineWriter) -> Void) -> String {
        var writer = JSONLineWriter()
        members(&writer)
        return writer.line
    }

    public static func json(_ decision: Decision) -> String { line { add(decision, to: &$0) } }

    /// The members of `json(_:)`'s object, added to `writer` (files written in bulk build
    /// their lines in place with these).
    public static func add(_ decision: Decision, to writer: inout JSONLineWriter) {
        writer.add("time", utcMillis: decision.timeMs)
        writer.add("ticker", decision.ticker)
        writer.add("spot", fixed: decision.spot?.micros, scale: Money.decimals, decimals: 2)
        if let volatility = decision.volatility { writer.add("vol", volatility, decimals: 6) } else { writer.add("vol", nil as String?) }
        writer.add("time_to_close", decision.secondsToClose, decimals: 3)
        if let fair = decision.fair { writer.add("fair", fair, decimals: 6) } else { writer.add("fair", nil as String?) }
        writer.add("bid", fixed: decision.bid?.ticks, scale: 4, decimals: 4)
        writer.add("ask", fixed: decision.ask?.ticks, scale: 4, decimals: 4)
        if let edge = decision.edge { writer.add("edge", edge, decimals: 6) } else { writer.add("edge", nil as String?) }
        writer.add("action", decision.action)
    }

    public static func json(_ order: OrderRecord) -> String { line { add(order, to: &$0) } }

    /// The members of `json(_:)`'s object, added to `writer` (files written in bulk build
    /// their lines in place with these).
    public static func add(_ order: OrderRecord, to writer: inout JSONLineWriter) {
        writer.add("time", utcMillis: order.timeMs)
        writer.add("client_order_id", order.clientOrderId)
        writer.add("ticker", order.ticker)
        writer.add("side", order.side.rawValue)
        writer.add("price", order.price.description)
        writer.add("count", order.count.description)
        writer.add("event", order.event)
        writer.add("reason", order.reason)
    }

    public static func json(_ fill: FillRecord) -> String { line { add(fill, to: &$0) } }

    /// The members of `json(_:)`'s object, added to `writer` (files written in bulk build
    /// their lines in place with these).
    public static func add(_ fill: FillRecord, to writer: inout JSONLineWriter) {
        writer.add("time", utcMillis: fill.timeMs)
        writer.add("ticker", fill.ticker)
        writer.add("side", fill.side.rawValue)
        writer.add("price", fill.price.description)
        writer.add("count", fill.count.description)
        writer.add("fee", fill.fee.description)
        writer.add("client_order_id", fill.clientOrderId)
        writer.add("liquidity", fill.isTaker ? "taker" : "maker")
        writer.add("position", fill.position.description)
    }

    public static func json(_ state: StateRecord) -> String { line { add(state, to: &$0) } }

    /// The members of `json(_:)`'s object, added to `writer` (files written in bulk build
    /// their lines in place with these).
    public static func add(_ state: StateRecord, to writer: inout JSONLineWriter) {
        writer.add("time", utcMillis: state.timeMs)
        writer.add("kind", state.kind)
        writer.add("ticker", state.ticker)
        writer.add("detail", state.detail)
    }
}
