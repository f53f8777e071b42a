import KalshiAPI
import KalshiCore
import TradingEngine

/// Buys one contract, immediate-or-cancel at the best bid (so it never fills), when the
/// benchmark's market's top of book changes and the probe hands it the round's trigger; tells
/// the probe when that order has ended.
public struct TickToOrderStrategy: Strategy {
    public let name = "tick-to-order-bench"
    public let ticker: String
    private var lastSettled: String?

    public init(ticker: String) { self.ticker = ticker }

    public mutating func onMarketUpdate(_ market: MarketID, state: EngineState, actions: inout StrategyActions) {
        // Read in place: `state.market(_:)` would copy the market's whole state.
        guard state.id(of: ticker) == market, let bid = state.markets[market.index].market.book.bestYesBid,
            TickToOrderProbe.shared.claimTrigger()
        else { return }
        actions.buy(market, price: bid.price, count: Quantity(contracts: 1))
    }

    public mutating func onOrderUpdate(_ order: ManagedOrder, state: EngineState, actions: inout StrategyActions) {
        guard order.status.isTerminal, order.clientOrderId != lastSettled else { return }
        lastSettled = order.clientOrderId
        TickToOrderProbe.shared.orderSettled()
    }
}
