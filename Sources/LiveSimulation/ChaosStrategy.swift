import KalshiCore
import TradingEngine

/// A strategy for simulations: it places, cancels and amends orders at random (seeded), often
/// larger than the limits allow, so that every path of the engine, the risk checks and the live
/// core is exercised. It stops asking for orders at `quietAfterMs`.
public struct ChaosStrategy: Strategy {
    public let name = "chaos"
    var random: SimulationRandom
    let largestOrder: Int64
    let quietAfterMs: Int64
    /// Probability of acting at each call.
    let activity: Double

    public init(seed: UInt64, largestOrder: Quantity, quietAfterMs: Int64, activity: Double = 0.15) {
        self.random = SimulationRandom(seed: seed)
        self.largestOrder = max(1, largestOrder.units / Quantity.unitsPerContract)
        self.quietAfterMs = quietAfterMs
        self.activity = activity
    }

    public mutating func onMarketUpdate(_ market: MarketID, state: EngineState, actions: inout StrategyActions) {
        act(state, &actions)
    }

    public mutating func onTimer(state: EngineState, actions: inout StrategyActions) { act(state, &actions) }

    public mutating func onFill(_ fill: ExecutionFill, order: ManagedOrder, state: EngineState, actions: inout StrategyActions) {
        act(state, &actions)
    }

    mutating func act(_ state: EngineState, _ actions: inout StrategyActions) {
        guard state.nowMs < quietAfterMs, random.chance(activity), let market = random.pick(state.markets) else { return }
        let active = state.orders.activeOrders(in: market.id)
        let roll = random.uniform()
        if roll < 0.55 {
            let side: BookSide = random.chance(0.5) ? .bid : .ask
            let reference = (side == .bid ? market.book.bestYesAsk : market.book.bestYesBid)?.price.ticks ?? 5_000
            let cents = min(99, max(1, reference / 100 + random.int(-3...3) * (side == .bid ? 1 : -1)))
            let price = Price(uncheckedTicks: cents * 100)
            let count = Quantity(contracts: Int(random.int(1...largestOrder + largestOrder / 2)))
            let timeInForce: TimeInForce = random.chance(0.6) ? .goodTillCanceled : .immediateOrCancel
            actions.place(market.id, side: side, price: price, count: count, timeInForce: timeInForce)
        } else if roll < 0.8, let order = random.pick(active) {
            actions.cancel(order.clientOrderId)
        } else if let order = random.pick(active) {
            let cents = min(99, max(1, order.price.ticks / 100 + random.int(-2...2)))
            let total = Quantity(contracts: Int(random.int(1...max(1, order.fillableTotal.units / Quantity.unitsPerContract + 2))))
            actions.amend(order.clientOrderId, price: Price(uncheckedTicks: cents * 100), totalCount: total)
        } else if random.chance(0.05) {
            actions.cancelAll(market.id)
        }
    }
}
