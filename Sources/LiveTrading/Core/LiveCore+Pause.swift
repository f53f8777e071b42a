import KalshiAPI
import KalshiCore
import Storage
import TradingEngine

/// Trading pauses: the exchange's (read from `GET /exchange/status` every 30 s, every 5 s while
/// paused; the maintenance windows of `GET /exchange/schedule`) and a market's own
/// (`market_lifecycle_v2` `deactivated` / `activated`). A paused market takes no new orders; the
/// exchange cancels the resting ones sent with `cancel_order_on_pause`, which a reconciliation
/// soon confirms. On resume the market trades again once a fresh snapshot has arrived.
extension LiveCore {
    var exchangeStatusPeriodMs: Int64 { exchangeTradingActive ? 30_000 : 5_000 }

    mutating func readExchangeStatusIfDue(_ now: Int64) {
        guard !readingExchangeStatus, lastExchangeStatusMs.map({ now - $0 >= exchangeStatusPeriodMs }) ?? true else { return }
        readingExchangeStatus = true
        lastExchangeStatusMs = now
        actions.append(.readExchangeStatus)
    }

    mutating func onExchangeStatus(tradingActive: Bool, detail: String, _ now: Int64) {
        readingExchangeStatus = false
        exchangeStatusFailures = 0
        guard tradingActive != exchangeTradingActive else { return }
        exchangeTradingActive = tradingActive
        // Read again soon after a change: the next period follows the new state.
        lastExchangeStatusMs = now
        say(
            tradingActive
                ? "exchange trading resumed (\(detail)): markets trade again once their books are fresh"
                : "EXCHANGE TRADING PAUSED (\(detail)): no new orders until it resumes")
        applyPauseEverywhere(
            [.risk(RiskEventEntry(kind: tradingActive ? "exchange_resumed" : "exchange_paused", ticker: nil, detail: detail))], now)
    }

    /// Re-applies every open market's pause after the exchange-wide state changed.
    mutating func applyPauseEverywhere(_ records: [JournalRecord], _ now: Int64) {
        var records = records
        var commands: [VenueCommand] = []
        var resumed: [String] = []
        for market in engine.state.markets where market.settlement == nil {
            commands += applyPause(market.ticker, now, resumed: &resumed, records: &records, announce: false)
        }
        commit(records, commands, now)
        if !resumed.isEmpty { actions.append(.refreshBooks(resumed)) }
    }

    mutating func onExchangeStatusFailed(_ reason: String) {
        readingExchangeStatus = false
        exchangeStatusFailures += 1
        // Once, then every ten minutes of failures: the last known state stands meanwhile.
        if exchangeStatusFailures == 1 || exchangeStatusFailures % 20 == 0 {
            say("reading the exchange status failed (\(reason)); keeping the last known state, retrying")
        }
    }

    /// A market's lifecycle message: a pause (`deactivated`, `is_deactivated: true`) or its end.
    mutating func onLifecycle(_ lifecycle: WSMarketLifecycle, _ now: Int64, _ records: inout [JournalRecord]) -> [VenueCommand] {
        let paused: Bool
        if let flag = lifecycle.isDeactivated {
            paused = flag
        } else if lifecycle.eventType == "deactivated" {
            paused = true
        } else if lifecycle.eventType == "activated" {
            paused = false
        } else {
            return []
        }
        let ticker = lifecycle.marketTicker
        guard engine.state.id(of: ticker) != nil else { return [] }
        if paused { pausedByLifecycle.insert(ticker) } else { pausedByLifecycle.remove(ticker) }
        var resumed: [String] = []
        let commands = applyPause(ticker, now, resumed: &resumed, records: &records, announce: true)
        if !resumed.isEmpty { actions.append(.refreshBooks(resumed)) }
        return commands
    }

    /// Brings a market's pause in the engine in line with the exchange's state, the maintenance
    /// schedule, its own lifecycle, and whether its fees are known.
    mutating func applyPause(
        _ ticker: String, _ now: Int64, resumed: inout [String], records: inout [JournalRecord], announce: Bool
    ) -> [VenueCommand] {
        guard let id = engine.state.id(of: ticker) else { return [] }
        let paused =
            !exchangeTradingActive || inMaintenance || pausedByLifecycle.contains(ticker)
            || feesInDoubt.contains(engine.state.market(id).metadata.eventTicker)
        guard engine.state.market(id).tradingPaused != paused else { return [] }
        let commands = process(.tradingPaused(id, paused), now)
        if paused {
            // The exchange cancels what was sent with cancel_order_on_pause: learn it soon even
            // if the order stream misses it.
            reconcileSoon(now)
        } else {
            resumed.append(ticker)
        }
        if announce {
            say(paused ? "\(ticker): trading paused by the exchange; no new orders" : "\(ticker): trading resumed; waiting for a fresh book")
            records.append(.risk(RiskEventEntry(kind: paused ? "market_paused" : "market_resumed", ticker: ticker, detail: "market_lifecycle_v2")))
        }
        return commands
    }
}
