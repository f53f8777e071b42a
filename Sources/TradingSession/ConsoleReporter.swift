import Foundation
import KalshiAPI
import KalshiCore
import Rainbow
import TradingEngine

/// Human-readable progress on the console: orders, fills, state changes and the closing
/// summary. Colored on a terminal, plain when piped (Rainbow checks the output).
public struct ConsoleReporter: Sendable {
    public var showDecisions: Bool

    public init(showDecisions: Bool = false) {
        self.showDecisions = showDecisions
    }

    public func line(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }

    public func report(_ records: [EngineRecord]) {
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

    private func stamp(_ ms: Int64) -> String {
        let text = SessionLog.time(ms)
        return String(text.dropFirst(11).prefix(12))
    }
}
