import KalshiAPI
import KalshiCore
import Storage
import TradingEngine

/// An event's fees changed (`event_fee_update`). The message gives only the override, and a
/// null means "the series' value again", so the session re-reads the event and its series
/// rather than guess: until the answer, the event's markets take no new orders (the edge after
/// fees is unknown). The answer goes to the engine, where the strategy's edge and the risk
/// checks' worst-case cost read it.
extension LiveCore {
    static var eventFeesRetryMs: Int64 { 5_000 }

    mutating func onEventFeeUpdate(_ update: WSEventFeeUpdate, _ now: Int64, _ records: inout [JournalRecord]) -> [VenueCommand] {
        let event = update.eventTicker
        guard engine.state.markets.contains(where: { $0.metadata.eventTicker == event && $0.settlement == nil }) else { return [] }
        let detail =
            "fee override \(update.feeTypeOverride ?? "none") × \(update.feeMultiplierOverride.map { "\($0)" } ?? "none")"
        say("\(event): \(detail); re-reading its fees, no new orders meanwhile")
        records.append(.risk(RiskEventEntry(kind: "fees_changing", ticker: event, detail: detail)))
        feesInDoubt.insert(event)
        eventFeesRetryAtMs[event] = nil
        let commands = blockOrUnblock(event, now, &records)
        askForFees(event)
        return commands
    }

    /// Asks for the event's fees; only the answer to the latest ask counts.
    mutating func askForFees(_ event: String) {
        feeReads += 1
        latestFeeRead[event] = feeReads
        actions.append(.readEventFees(eventTicker: event, read: feeReads))
    }

    mutating func onEventFees(_ event: String, read: Int, _ fees: FeeSchedule, _ now: Int64) {
        guard feesInDoubt.contains(event), latestFeeRead[event] == read else { return }
        feesInDoubt.remove(event)
        eventFeesRetryAtMs[event] = nil
        for market in engine.state.markets where market.metadata.eventTicker == event {
            engine.changeFees(market.id, to: fees, nowMs: now)
        }
        let detail = "\(fees.type.rawValue) × \(Money(micros: fees.multiplierTicks * 100).formatted(decimals: 4))"
        say("\(event): fees now \(detail); trading again")
        var records: [JournalRecord] = [.risk(RiskEventEntry(kind: "fees_changed", ticker: event, detail: detail))]
        let commands = blockOrUnblock(event, now, &records)
        commit(records, commands, now)
    }

    mutating func onEventFeesFailed(_ event: String, read: Int, _ reason: String, _ now: Int64) {
        guard feesInDoubt.contains(event), latestFeeRead[event] == read else { return }
        say("\(event): reading its fees failed (\(reason)); still no new orders, retrying")
        eventFeesRetryAtMs[event] = now + Self.eventFeesRetryMs
    }

    mutating func retryEventFeesIfDue(_ now: Int64) {
        for (event, due) in eventFeesRetryAtMs.sorted(by: { $0.key < $1.key }) where now >= due {
            eventFeesRetryAtMs[event] = nil
            askForFees(event)
        }
    }

    /// The event's markets paused or not, as their fees (and everything else) now allow.
    private mutating func blockOrUnblock(_ event: String, _ now: Int64, _ records: inout [JournalRecord]) -> [VenueCommand] {
        var commands: [VenueCommand] = []
        var resumed: [String] = []
        for market in engine.state.markets where market.metadata.eventTicker == event && market.settlement == nil {
            commands += applyPause(market.ticker, now, resumed: &resumed, records: &records, announce: false)
        }
        if !resumed.isEmpty { actions.append(.refreshBooks(resumed)) }
        return commands
    }
}
