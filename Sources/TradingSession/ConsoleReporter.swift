import Foundation
import KalshiAPI
import KalshiCore
import Logging
import Rainbow
import TradingEngine

/// Human-readable progress on the console: orders, fills, state changes and the closing
/// summary. Colored on a terminal, plain when piped (Rainbow checks the output).
public struct ConsoleReporter: Sendable {
    public var showDecisions: Bool
    /// With `--log-format json`: lines and records go out as structured log events instead.
    public var structured: Logger?

    public init(showDecisions: Bool = false, structured: Logger? = nil) {
        self.showDecisions = showDecisions
        self.structured = structured
    }

    public func line(_ text: String) {
        if let structured {
            structured.info("\(text)")
            return
        }
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }

    public func report(_ records: [EngineRecord]) {
        if let structured {
            for record in records { log(record, to: structured) }
            return
        }
        for record in records {
            switch record {
            case .order(let order):
                let verb = order.side == .bid ? "buy" : "sell"
                let text = "\(stamp(order.timeMs)) ORDER \(order.event.padding(toLength: 16, withPad: " ", startingAt: 0)) \(verb) \(order.count) \(order.ticker) @ \(order.price)"
                    + (order.reason.map { " (\($0))" } ?? "")
                line(order.event.contains("reject") ? text.red : text.cyan)
            case .fill(let fill):
                let verb = fill.side == .bid ? "bought" : "sold"
                line(
                    "\(stamp(fill.timeMs)) FILL  \(verb) \(fill.count) \(fill.ticker) @ \(fill.price) fee \(fill.fee) position \(fill.position)"
                        .green.bold)
            case .state(let state):
                line("\(stamp(state.timeMs)) STATE \(state.kind) \(state.ticker ?? "") \(state.detail)".yellow)
            case .decision(let decision):
                guard showDecisions || decision.action == "buy" || decision.action == "sell" else { continue }
                let fair = decision.fair.map { String(format: "%.4f", $0) } ?? "-"
                let edge = decision.edge.map { String(format: "%+.4f", $0) } ?? "-"
                line(
                    "\(stamp(decision.timeMs)) VALUE \(decision.ticker) fair \(fair) bid \(decision.bid?.description ?? "-") ask \(decision.ask?.description ?? "-") edge \(edge) → \(decision.action)"
                        .lightBlack)
            }
        }
    }

    public func summarize(_ summary: SessionSummary, logDirectory: String) {
        if let structured {
            structured.notice(
                "summary",
                metadata: [
                    "event": "summary", "session": "\(summary.sessionId)", "mode": "\(summary.mode)",
                    "starting_balance": "\(summary.startingBalance)", "final_balance": "\(summary.finalBalance)",
                    "realized_pnl": "\(summary.realizedPnL)", "fees": "\(summary.fees)", "trades": "\(summary.trades)",
                    "orders_sent": "\(summary.ordersSent)", "risk_rejections": "\(summary.riskRejections)",
                    "halted": "\(summary.halted ?? "")", "logs": "\(logDirectory)",
                ])
            return
        }
        line("")
        line("Session \(summary.sessionId) (\(summary.mode)) summary".bold)
        line("  starting balance  \(summary.startingBalance.formatted(decimals: 2))")
        line("  final balance     \(summary.finalBalance.description)".bold)
        let pnl = summary.finalBalance - summary.startingBalance
        line("  net P&L           \(pnl.description)".applyingColor(pnl >= .zero ? .green : .red))
        line("  realized P&L      \(summary.realizedPnL.description)")
        line("  fees              \(summary.fees.description)")
        line("  trades            \(summary.trades) (\(summary.contracts) contracts, \(summary.ordersSent) orders, \(summary.riskRejections) refused by risk)")
        if summary.positions.isEmpty {
            line("  open positions    none")
        } else {
            for ticker in summary.positions.keys.sorted() { line("  open position     \(ticker) \(summary.positions[ticker]!)") }
        }
        for ticker in summary.settlements.keys.sorted() {
            line("  settlement        \(ticker) paid \(summary.settlements[ticker]!.description)")
        }
        if let halted = summary.halted { line("  trading halted    \(halted)".red) }
        line("  logs              \(logDirectory)")
    }

    /// One record as a log event whose metadata are the session log's fields.
    private func log(_ record: EngineRecord, to logger: Logger) {
        switch record {
        case .order(let order):
            logger.info(
                "order \(order.event)",
                metadata: [
                    "event": "order", "order_event": "\(order.event)", "time": "\(SessionLog.time(order.timeMs))",
                    "client_order_id": "\(order.clientOrderId)", "ticker": "\(order.ticker)", "side": "\(order.side.rawValue)",
                    "price": "\(order.price)", "count": "\(order.count)", "reason": "\(order.reason ?? "")",
                ])
        case .fill(let fill):
            logger.info(
                "fill",
                metadata: [
                    "event": "fill", "time": "\(SessionLog.time(fill.timeMs))", "client_order_id": "\(fill.clientOrderId)",
                    "ticker": "\(fill.ticker)", "side": "\(fill.side.rawValue)", "price": "\(fill.price)", "count": "\(fill.count)",
                    "fee": "\(fill.fee)", "liquidity": "\(fill.isTaker ? "taker" : "maker")", "position": "\(fill.position)",
                ])
        case .state(let state):
            logger.warning(
                "state \(state.kind)",
                metadata: [
                    "event": "state", "time": "\(SessionLog.time(state.timeMs))", "kind": "\(state.kind)",
                    "ticker": "\(state.ticker ?? "")", "detail": "\(state.detail)",
                ])
        case .decision(let decision):
            guard showDecisions || decision.action == "buy" || decision.action == "sell" else { return }
            logger.info(
                "valuation",
                metadata: [
                    "event": "decision", "time": "\(SessionLog.time(decision.timeMs))", "ticker": "\(decision.ticker)",
                    "fair": "\(decision.fair.map { String(format: "%.6f", $0) } ?? "")", "bid": "\(decision.bid?.description ?? "")",
                    "ask": "\(decision.ask?.description ?? "")", "edge": "\(decision.edge.map { String(format: "%.6f", $0) } ?? "")",
                    "action": "\(decision.action)",
                ])
        }
    }

    private func stamp(_ ms: Int64) -> String {
        let text = SessionLog.time(ms)
        return String(text.dropFirst(11).prefix(12))
    }
}
