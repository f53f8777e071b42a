import KalshiAPI
import KalshiCore
import Storage
import TradingEngine

/// Scheduled maintenance (`GET /exchange/schedule`, read at the start and every ten minutes):
/// inside a window no orders go out, whatever the exchange status said last; when it ends the
/// markets trade again once their books are fresh (and the status agrees). The feed reconnects
/// by itself if the exchange drops it meanwhile.
extension LiveCore {
    static var schedulePeriodMs: Int64 { 600_000 }
    static var scheduleRetryMs: Int64 { 30_000 }

    mutating func readScheduleIfDue(_ now: Int64) {
        guard !readingSchedule else { return }
        let period = scheduleFailures > 0 ? Self.scheduleRetryMs : Self.schedulePeriodMs
        guard lastScheduleReadMs.map({ now - $0 >= period }) ?? true else { return }
        readingSchedule = true
        lastScheduleReadMs = now
        actions.append(.readExchangeSchedule)
    }

    mutating func onExchangeSchedule(_ windows: [MaintenanceWindow], _ now: Int64) {
        readingSchedule = false
        scheduleFailures = 0
        // Only windows not yet over matter; the list stays small whatever the exchange sends.
        let upcoming = windows.filter { $0.endMs > now }.sorted { $0.startMs < $1.startMs }.prefix(64)
        if Array(upcoming) != maintenanceWindows, let next = upcoming.first {
            say("maintenance scheduled \(RFC3339.format(ms: next.startMs)) to \(RFC3339.format(ms: next.endMs)): no orders inside it")
        }
        maintenanceWindows = Array(upcoming)
        followMaintenance(now)
    }

    mutating func onExchangeScheduleFailed(_ reason: String, _ now: Int64) {
        readingSchedule = false
        scheduleFailures += 1
        if scheduleFailures == 1 || scheduleFailures % 20 == 0 {
            say("reading the exchange schedule failed (\(reason)); keeping the known windows, retrying")
        }
    }

    /// Enters or leaves a maintenance window by the clock.
    mutating func followMaintenance(_ now: Int64) {
        let window = maintenanceWindows.first { $0.contains(now) }
        guard (window != nil) != inMaintenance else { return }
        inMaintenance = window != nil
        if let window {
            let detail = "maintenance until \(RFC3339.format(ms: window.endMs))"
            say("EXCHANGE MAINTENANCE (\(detail)): no new orders until it ends")
            applyPauseEverywhere([.risk(RiskEventEntry(kind: "maintenance_started", ticker: nil, detail: detail))], now)
        } else {
            say("maintenance window over: markets trade again once the exchange says so and their books are fresh")
            // Ask the exchange at once rather than at the next period.
            lastExchangeStatusMs = nil
            applyPauseEverywhere([.risk(RiskEventEntry(kind: "maintenance_ended", ticker: nil, detail: "window over"))], now)
        }
    }
}
