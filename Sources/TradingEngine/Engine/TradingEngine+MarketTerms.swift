import KalshiCore

/// The exchange may change a market's terms while it trades (`market_lifecycle_v2`): its close
/// (an early close, or a later one), its price grid, its fees. The risk checks, the terminal exit and the
/// strategy read the terms from the market's metadata, so changing them here moves all three.
extension TradingEngine {
    /// Moves a market's close. Refused (false) for a market already settled.
    @discardableResult
    public mutating func moveClose(_ id: MarketID, toMs closeMs: Int64, nowMs: Int64) -> Bool {
        state.nowMs = max(state.nowMs, nowMs)
        guard state.markets[id.index].settlement == nil else { return false }
        let before = state.markets[id.index].market.metadata.closeTimeMs
        state.markets[id.index].market.metadata.closeTimeMs = closeMs
        note("close_moved", ticker: state.markets[id.index].ticker, "close moved from \(before) to \(closeMs) (Unix ms)")
        return true
    }

    /// Puts a market on a new price grid: its book is rebuilt empty and untradable until a
    /// snapshot on the new grid arrives, and orders are validated against the new grid.
    public mutating func changeGrid(_ id: MarketID, to grid: PriceGrid, nowMs: Int64) {
        state.nowMs = max(state.nowMs, nowMs)
        state.markets[id.index].market.metadata.priceGrid = grid
        var book = OrderBook(grid: grid)
        book.invalidate(.invalidSnapshot(.gridChanged))
        state.markets[id.index].market.book = book
        note("grid_changed", ticker: state.markets[id.index].ticker, "price grid now \(grid.structure)")
    }

    /// New fees for a market (an event's fee override changed): the strategy's edge after fees
    /// and the risk checks' worst-case cost use them from now on.
    public mutating func changeFees(_ id: MarketID, to fees: FeeSchedule, nowMs: Int64) {
        state.nowMs = max(state.nowMs, nowMs)
        guard state.markets[id.index].market.metadata.fees != fees else { return }
        state.markets[id.index].market.metadata.fees = fees
        note(
            "fees_changed", ticker: state.markets[id.index].ticker,
            "fees now \(fees.type.rawValue) × \(Money(micros: fees.multiplierTicks * 100).formatted(decimals: 4))")
    }
}
