/// A trading strategy: one type that reacts to the engine's events and asks for orders through
/// `StrategyActions`. It reads everything from `EngineState` and never knows whether it runs in
/// the demo, a backtest or live: the engine is the same and only the venue behind it changes.
///
/// Handlers run inside the engine's single writer; they must not block or do I/O.
public protocol Strategy: Sendable {
    var name: String { get }
    /// The top of a market's book changed (price, size, or tradability).
    mutating func onMarketUpdate(_ market: MarketID, state: EngineState, actions: inout StrategyActions)
    /// A new spot (or volatility) for an asset.
    mutating func onSignal(asset: String, state: EngineState, actions: inout StrategyActions)
    mutating func onFill(_ fill: ExecutionFill, order: ManagedOrder, state: EngineState, actions: inout StrategyActions)
    mutating func onOrderUpdate(_ order: ManagedOrder, state: EngineState, actions: inout StrategyActions)
    mutating func onTimer(state: EngineState, actions: inout StrategyActions)
    /// Live reconciliation found the engine's view wrong and corrected it to the exchange's.
    mutating func onReconciliation(_ corrections: [ReconciliationCorrection], state: EngineState, actions: inout StrategyActions)
}

extension Strategy {
    public mutating func onMarketUpdate(_ market: MarketID, state: EngineState, actions: inout StrategyActions) {}
    public mutating func onSignal(asset: String, state: EngineState, actions: inout StrategyActions) {}
    public mutating func onFill(_ fill: ExecutionFill, order: ManagedOrder, state: EngineState, actions: inout StrategyActions) {}
    public mutating func onOrderUpdate(_ order: ManagedOrder, state: EngineState, actions: inout StrategyActions) {}
    public mutating func onTimer(state: EngineState, actions: inout StrategyActions) {}
    public mutating func onReconciliation(
        _ corrections: [ReconciliationCorrection], state: EngineState, actions: inout StrategyActions
    ) {}
}
