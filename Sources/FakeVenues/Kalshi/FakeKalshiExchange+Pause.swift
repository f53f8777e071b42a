import KalshiAPI
import KalshiCore

/// Trading pauses (reference §4.6): the weekly maintenance window, or a fault; and early closes. While trading is
/// paused the exchange refuses new orders and amends (cancels and decreases go through), cancels
/// the resting orders that were sent with `cancel_order_on_pause`, says so on
/// `market_lifecycle_v2` (`deactivated` with `is_deactivated: true`, then `activated` with
/// false) and in `GET /exchange/status` (`trading_active`).
extension FakeKalshiExchange {
    public var isTradingPaused: Bool { tradingPaused }

    public func isSettled(_ ticker: String) -> Bool { settledTickers.contains(ticker) }

    /// Pauses trading in every listed market that has not closed.
    public func pauseTrading() {
        guard !tradingPaused else { return }
        tradingPaused = true
        let now = clock.nowMs()
        for ticker in pausableTickers(now) {
            for order in core.market(ticker)?.restingOrders() ?? [] {
                guard let clientOrderId = order.clientOrderId, receivedCreates[clientOrderId]?.cancelOrderOnPause == true else {
                    continue
                }
                if let result = try? core.cancel(orderId: order.id, ticker: ticker, owner: order.owner, nowMs: now) { publish(result) }
            }
            var message = WSMarketLifecycle(marketTicker: ticker, eventType: "deactivated")
            message.isDeactivated = true
            broadcastLifecycle(message)
        }
        logger.info("trading paused")
    }

    /// Resumes trading in every listed market that has not closed.
    public func resumeTrading() {
        guard tradingPaused else { return }
        tradingPaused = false
        for ticker in pausableTickers(clock.nowMs()) {
            var message = WSMarketLifecycle(marketTicker: ticker, eventType: "activated")
            message.isDeactivated = false
            broadcastLifecycle(message)
        }
        logger.info("trading resumed")
    }

    /// The `pause=FROM-TO` and `maintenance=FROM-TO` faults: trading paused from FROM to TO
    /// seconds after the scenario start (a maintenance window is also listed in the schedule).
    func followPauseSchedule(_ now: Int64) {
        let windows = [faults.pauseWindowSeconds, faults.maintenanceWindowSeconds].compactMap { $0 }
        guard !windows.isEmpty else { return }
        let inside = windows.contains { window in
            now >= clock.startMs + window.lowerBound * 1_000 && now < clock.startMs + window.upperBound * 1_000
        }
        if inside && !tradingPaused {
            pausedBySchedule = true
            pauseTrading()
        } else if !inside && tradingPaused && pausedBySchedule {
            pausedBySchedule = false
            resumeTrading()
        }
    }

    /// Moves an event's close (an early close, or a later one): orders are refused from the new
    /// close, the markets settle on it, and `close_date_updated` tells the subscribers.
    public func moveClose(eventTicker: String, toMs closeMs: Int64) {
        for ticker in marketMetadata.keys.sorted()
        where marketMetadata[ticker]!.eventTicker == eventTicker && !settledTickers.contains(ticker) {
            marketMetadata[ticker]!.closeTimeMs = closeMs
            marketDTOs[ticker]?.closeTime = RFC3339.format(ms: closeMs)
            var message = WSMarketLifecycle(marketTicker: ticker, eventType: "close_date_updated")
            message.closeTs = closeMs / 1_000
            broadcastLifecycle(message)
        }
        logger.info("\(eventTicker) now closes at \(RFC3339.format(ms: closeMs))")
    }

    /// The `early-close=N` fault: the events open at the start close N seconds after it.
    func followEarlyClose(_ now: Int64) {
        guard let seconds = faults.earlyCloseSeconds, !earlyCloseApplied else { return }
        earlyCloseApplied = true
        let closeMs = clock.startMs + seconds * 1_000
        let open = Set(marketMetadata.values.filter { $0.openTimeMs <= clock.startMs && clock.startMs < $0.closeTimeMs }.map(\.eventTicker))
        for event in open.sorted() { moveClose(eventTicker: event, toMs: closeMs) }
    }

    private func pausableTickers(_ now: Int64) -> [String] {
        marketMetadata.keys.sorted().filter { !settledTickers.contains($0) && now < marketMetadata[$0]!.closeTimeMs }
    }
}
