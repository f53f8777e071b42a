import KalshiCore
import Testing

@testable import TradingEngine

/// The engine with a scripted strategy and no venue: the test plays the venue, so it sees every
/// command the engine sends and decides what comes back.
struct RiskHarness {
    var engine: TradingEngine<ScriptedStrategy>
    /// Every command the engine returned, in order.
    private(set) var sent: [VenueCommand] = []
    let ids: [MarketID]

    /// Three markets: M1 and M2 in event E1, M3 in event E2, all ETH, open t0 … t0 + 1 h.
    init(
        plan: [Int64: [StrategyActions.Request]], limits: RiskLimits, balance: String = "1000",
        markets: [MarketMetadata] = [
            ethMarket("M1", strike: "3000", event: "E1"), ethMarket("M2", strike: "3050", event: "E1"),
            ethMarket("M3", strike: "3000", event: "E2"),
        ]
    ) {
        var engine = TradingEngine(
            strategy: ScriptedStrategy(plan: plan), startingBalance: dollars(balance), limits: limits, sessionPrefix: "R")
        ids = markets.map { engine.addMarket($0, asset: "ETH") }
        self.engine = engine
    }

    var state: EngineState { engine.state }

    @discardableResult
    mutating func send(_ event: EngineEvent, at timeMs: Int64) -> [VenueCommand] {
        let commands = engine.process(TimedEvent(timeMs: timeMs, event))
        sent += commands
        return commands
    }

    /// Fresh books (0.49 bid / 0.51 ask, 100 each) on every market and a fresh spot.
    mutating func refresh(at timeMs: Int64) {
        for id in ids {
            send(.bookSnapshot(id, yes: bids([("0.49", 100)]), no: asks([("0.51", 100)])), at: timeMs)
        }
        send(spot("3000", atMs: timeMs), at: timeMs)
    }

    @discardableResult
    mutating func timer(at timeMs: Int64) -> [VenueCommand] { send(.timer, at: timeMs) }

    mutating func ack(_ clientOrderId: String, at timeMs: Int64) {
        send(.execution(.accepted(clientOrderId: clientOrderId, orderId: "x-\(clientOrderId)")), at: timeMs)
    }

    /// A fill of `contracts` of one of our orders at its own price, taker fee.
    mutating func fill(_ clientOrderId: String, _ count: Quantity? = nil, at timeMs: Int64) {
        let order = state.orders.order(clientOrderId)!
        let count = count ?? order.remaining
        let fee = FeeSchedule().tradeFee(price: order.price, count: count, role: .taker)
        send(
            .execution(
                .fill(
                    ExecutionFill(
                        clientOrderId: clientOrderId, tradeId: "f\(sent.count)-\(timeMs)", side: order.side,
                        yesPrice: order.price,
                        count: count, fee: fee, isTaker: true))), at: timeMs)
    }

    mutating func canceled(_ clientOrderId: String, at timeMs: Int64) {
        let remaining = state.orders.order(clientOrderId)!.remaining
        send(.execution(.canceled(clientOrderId: clientOrderId, canceledCount: remaining, reason: "requested")), at: timeMs)
    }

    /// What the risk engine says right now about a hypothetical order.
    func decide(_ market: MarketID, _ side: BookSide, _ priceText: String, _ count: Quantity) -> RiskDecision {
        let spec = OrderSpec(
            clientOrderId: "probe", market: market, ticker: state.market(market).ticker, side: side, price: price(priceText),
            count: count, timeInForce: .goodTillCanceled)
        return state.risk.check(spec, state: state)
    }

    var placed: [OrderSpec] { sent.compactMap(\.placed) }
    var canceledIds: [String] { sent.compactMap(\.canceledId) }

    /// Orders the risk engine refused, with their reason, from the records.
    mutating func riskRejections() -> [String] {
        engine.drainRecords().orders.filter { $0.event == "rejected_by_risk" }.compactMap(\.reason)
    }
}

/// Limits loose enough that only the rule under attack binds.
func looseLimits(
    maxInventory: Int = 1_000, maxInventoryDev: Int = 10_000, minimumBalance: String = "0", maxBalanceDev: String = "100000",
    terminalExitTime: Double = 60, staleness: Double = 10, maxOrderSize: Int = 1_000, maxOpenOrders: Int = 1_000,
    maxOrdersPerSecond: Int = 1_000
) -> RiskLimits {
    RiskLimits(
        maxInventory: qty(maxInventory), maxInventoryDev: qty(maxInventoryDev), minimumBalance: dollars(minimumBalance),
        maxBalanceDev: dollars(maxBalanceDev), terminalExitTime: terminalExitTime, maximumOrderbookStaleness: staleness,
        maxOrderSize: qty(maxOrderSize), maxOpenOrders: maxOpenOrders, maxOrdersPerSecond: maxOrdersPerSecond)
}
