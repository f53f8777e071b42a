/// A market's terms change while it trades (`market_lifecycle_v2`, `event_fee_update`): its
/// price grid or its fees. Both apply to what comes after; nothing already done is repriced.
extension ExchangeCore {
    /// Puts a market on a new grid. Refused (false) when a resting order's price is not on it:
    /// the exchange would have to cancel it, which this fake does not imitate.
    public mutating func changeGrid(ticker: String, to grid: PriceGrid) -> Bool {
        guard var engine = markets[ticker] else { return false }
        guard engine.restingOrders().allSatisfy({ grid.isOnGrid($0.price) }) else { return false }
        engine.grid = grid
        markets[ticker] = engine
        return true
    }

    /// New fills in the market pay this fee schedule.
    public mutating func changeFees(ticker: String, to fees: FeeSchedule) {
        markets[ticker]?.fees = fees
    }
}
