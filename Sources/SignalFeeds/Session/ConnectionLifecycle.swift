import KalshiAPI

/// Connection bookkeeping every venue session shares: connect/disconnect counting, jittered
/// reconnect backoff (reset by the first good frame), and a watchdog that asks the transport to
/// drop a connection on which nothing has arrived for too long (a half-open socket never says so).
struct ConnectionLifecycle: Sendable {
    private(set) var isConnected = false
    private(set) var connectedAtMs: Int64 = 0
    private(set) var lastFrameMs: Int64 = 0
    private var closeRequested = false
    private var attempt = 0
    private var backoff: ReconnectBackoff
    let watchdogMs: Int64

    init(backoff: ReconnectBackoff, watchdogMs: Int64) {
        self.backoff = backoff
        self.watchdogMs = watchdogMs
    }

    mutating func connected(nowMs: Int64, counters: inout SignalCounters) {
        isConnected = true
        closeRequested = false
        connectedAtMs = nowMs
        lastFrameMs = nowMs
        counters.countConnect()
    }

    /// Returns the delay before the next connection attempt.
    mutating func disconnected(counters: inout SignalCounters) -> Int64 {
        if isConnected { counters.disconnects += 1 }
        isConnected = false
        let delay = backoff.delayMs(attempt: attempt)
        attempt += 1
        return delay
    }

    mutating func frameDecoded(nowMs: Int64) {
        lastFrameMs = nowMs
        attempt = 0
    }

    mutating func frameArrived(nowMs: Int64) { lastFrameMs = nowMs }

    /// The reason to drop the connection, once, when it has been silent past the watchdog.
    mutating func watchdog(nowMs: Int64) -> String? {
        guard isConnected, !closeRequested, nowMs - lastFrameMs > watchdogMs else { return nil }
        closeRequested = true
        return "no message for \(nowMs - lastFrameMs) ms"
    }
}
