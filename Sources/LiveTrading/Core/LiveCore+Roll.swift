import KalshiAPI
import KalshiCore
import Storage
import TradingEngine

/// A rolling session (`markets.roll`) follows the asset's hourly events one after the other:
/// before the latest event it follows closes, it asks for the next one, adds its markets to the
/// engine (which trades them once they open) and to the feed; an event that is over leaves the
/// feed and the reconciliation reads. Cash, positions, risk state and the journal session carry
/// over: it is one session, whatever the number of events.
extension LiveCore {
    /// How long before the latest close the next event is looked for: a minute before the
    /// terminal exit, so that it is followed (books snapshotted) when it opens.
    var rollLeadMs: Int64 {
        let seconds = min(max(configuration.risk.terminalExitTime, 0), 86_400) + 60
        return Int64(seconds * 1_000)
    }

    /// Between two looks for a next event that is not listed yet, or after a failed look.
    static var discoveryRetryMs: Int64 { 10_000 }

    /// The close of the latest event the session follows.
    var latestCloseMs: Int64? { engine.state.markets.map(\.metadata.closeTimeMs).max() }

    mutating func lookForNextEventIfDue(_ now: Int64) {
        guard configuration.markets.rolls, shutdown == nil, !discoveringNextEvent, now >= nextDiscoveryMs,
            let latest = latestCloseMs, now >= latest - rollLeadMs
        else { return }
        discoveringNextEvent = true
        actions.append(.discoverNextEvent(afterCloseMs: latest))
    }

    mutating func onNextEvent(_ markets: [MarketMetadata], _ now: Int64) {
        discoveringNextEvent = false
        guard shutdown == nil else { return }
        let latest = latestCloseMs ?? .min
        let fresh = markets.filter { $0.closeTimeMs > latest && engine.state.id(of: $0.ticker) == nil }
            .sorted { $0.ticker < $1.ticker }
        guard let first = fresh.first else {
            nextDiscoveryMs = now + Self.discoveryRetryMs
            if discoveryMisses == 0 {
                say(
                    "roll: the event after \(RFC3339.format(ms: latest)) is not listed yet; looking again every \(Self.discoveryRetryMs / 1_000) s"
                )
            }
            discoveryMisses += 1
            return
        }
        discoveryMisses = 0
        let asset = configuration.markets.asset
        for market in fresh { translator.marketIDs[market.ticker] = engine.addMarket(market, asset: asset) }
        eventsRolled += 1
        let detail =
            "next event \(first.eventTicker): \(fresh.count) market(s), opens \(RFC3339.format(ms: first.openTimeMs)), closes \(RFC3339.format(ms: first.closeTimeMs))"
        say("roll: \(detail)")
        commit([.risk(RiskEventEntry(kind: "roll", ticker: nil, detail: detail))], [], now)
        actions.append(.followMarkets(fresh))
    }

    mutating func onNextEventFailed(_ reason: String, _ now: Int64) {
        discoveringNextEvent = false
        nextDiscoveryMs = now + Self.discoveryRetryMs
        discoveryMisses += 1
        // Said once, then every five minutes of failures: the session keeps trading what it has.
        if discoveryMisses == 1 || discoveryMisses % 30 == 0 {
            say("roll: looking for the next event failed (\(reason)); retrying every \(Self.discoveryRetryMs / 1_000) s")
        }
    }

    /// Markets that are over leave the feed and the reconciliation reads: settled here and on the
    /// exchange's settlement list, flat, with no order active or in doubt.
    mutating func retireFinishedMarkets() {
        guard configuration.markets.rolls else { return }
        let state = engine.state
        let over = state.markets.filter { market in
            !retiredTickers.contains(market.ticker) && market.settlement != nil
                && exchangeSettledTickers.contains(market.ticker) && state.portfolio.position(market.ticker).units == 0
                && state.orders.activeOrders(in: market.id).isEmpty && !state.orders.hasUnknownOrder(in: market.id)
        }.map(\.ticker)
        guard !over.isEmpty else { return }
        retiredTickers.formUnion(over)
        actions.append(.retireMarkets(over.sorted()))
        // What is kept per order and per fill goes with the market, or a session of days would
        // hold every order it sent. A late copy of a dropped fill finds no order and waits for a
        // reconciliation, which ignores it: it cannot be booked twice.
        let retired = Set(over)
        engine.forgetFinishedOrders(in: Set(engine.state.markets.filter { retired.contains($0.ticker) }.map(\.id)))
        bookedTrades = bookedTrades.filter { !retired.contains($0.value) }
    }

    /// A rolling session does not stop for a settlement that is late: it says so once per market
    /// and keeps the position (a reconciliation books the settlement when the exchange has it).
    mutating func noteOverdueSettlements(_ now: Int64, _ records: inout [JournalRecord]) {
        let waitMs = Int64(min(max(configuration.operations.settlementWaitSeconds, 0), 86_400) * 1_000)
        for market in engine.state.markets
        where market.settlement == nil && now > market.metadata.closeTimeMs + waitMs
            && !overdueSettlements.contains(market.ticker)
        {
            overdueSettlements.insert(market.ticker)
            let detail =
                "no settlement \(waitMs / 1_000) s after the close at \(RFC3339.format(ms: market.metadata.closeTimeMs)); still waiting"
            say("\(market.ticker): \(detail)")
            records.append(.risk(RiskEventEntry(kind: "settlement_overdue", ticker: market.ticker, detail: detail)))
        }
    }
}
