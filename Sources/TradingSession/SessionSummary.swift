import KalshiAPI
import KalshiCore
import TradingEngine

/// The closing account of a session (`summary.json` and the console's last lines).
public struct SessionSummary: Sendable, Equatable {
    public var sessionId: String
    public var mode: String
    public var startingBalance: Money
    public var finalBalance: Money
    public var fees: Money
    public var realizedPnL: Money
    public var positions: [String: Quantity]
    public var settlements: [String: Money]
    public var trades: Int
    public var contracts: Quantity
    public var ordersSent: Int
    public var riskRejections: Int
    public var halted: String?
    /// Extra metrics (backtests add theirs), written as a nested object when present.
    public var metricsJSON: String?
    /// The model's and the market's calibration (backtests), written as a nested object when present.
    public var calibrationJSON: String?

    public init<S: Strategy>(sessionId: String, mode: String, engine: TradingEngine<S>) {
        let state = engine.state
        self.sessionId = sessionId
        self.mode = mode
        self.startingBalance = state.portfolio.startingBalance
        self.finalBalance = state.portfolio.cash
        self.fees = state.portfolio.fees
        self.realizedPnL = state.portfolio.realizedPnL
        self.positions = state.portfolio.ledger.positions.filter { $0.value.position.units != 0 }.mapValues(\.position)
        self.settlements = state.portfolio.settlementPayouts
        self.trades = state.portfolio.tradeCount
        self.contracts = state.portfolio.contractsTraded
        self.ordersSent = state.orders.registeredCount
        self.riskRejections = state.risk.rejections.values.reduce(0, +)
        self.halted = state.risk.halted?.rawValue
    }

    public var json: String {
        var writer = JSONLineWriter()
        writer.add("session_id", sessionId)
        writer.add("mode", mode)
        writer.add("starting_balance", startingBalance.description)
        writer.add("final_balance", finalBalance.description)
        writer.add("fees", fees.description)
        writer.add("realized_pnl", realizedPnL.description)
        writer.add("positions", json: SessionSummary.object(positions.mapValues(\.description)))
        writer.add("settlements", json: SessionSummary.object(settlements.mapValues(\.description)))
        writer.add("trades", trades)
        writer.add("contracts", contracts.description)
        writer.add("orders", ordersSent)
        writer.add("risk_rejections", riskRejections)
        writer.add("halted", halted)
        if let metricsJSON { writer.add("metrics", json: metricsJSON) }
        if let calibrationJSON { writer.add("calibration", json: calibrationJSON) }
        return writer.line
    }

    static func object(_ values: [String: String]) -> String {
        "{" + values.keys.sorted().map { "\(JSONLineWriter.quote($0)):\(JSONLineWriter.quote(values[$0]!))" }.joined(separator: ",") + "}"
    }
}
