import KalshiAPI
import Storage
import TradingEngine

/// The exchange-side fill limit: when the exchange triggers the session's order group (more
/// contracts filled within 15 s than the session may ever hold), it has already canceled the
/// group's orders; the session halts like the kill switch, and a resume resets the group.
extension LiveCore {
    mutating func onOrderGroup(_ update: WSOrderGroupUpdate, _ now: Int64, _ records: inout [JournalRecord]) -> [VenueCommand] {
        guard let orderGroupId, update.orderGroupId == orderGroupId else { return [] }
        switch update.eventType {
        case "triggered":
            orderGroupTriggered = true
            let limit = update.contractsLimitFp.map { " (limit \($0) contracts in 15 s)" } ?? ""
            records.append(.risk(RiskEventEntry(kind: "order_group_triggered", ticker: nil, detail: orderGroupId + limit)))
            // Its orders are canceled at the exchange; a reconciliation books that soon.
            reconcileSoon(now)
            return engageKillSwitch("the exchange triggered order group \(orderGroupId)\(limit)", now, &records)
        case "deleted":
            say("order group \(orderGroupId) was deleted at the exchange: orders now go without it")
            records.append(.risk(RiskEventEntry(kind: "order_group", ticker: nil, detail: "\(orderGroupId) deleted")))
            self.orderGroupId = nil
            actions.append(.dropOrderGroup)
            return []
        default:
            return []
        }
    }
}
