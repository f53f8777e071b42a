import KalshiCore
import TradingEngine

/// How every run over a recording ends — the backtest's and the recording session's alike, so
/// their decisions stay the same: everything still scheduled is processed, then markets whose
/// settlement window the recording reached are settled: one timer at the close plus the
/// settlement delay lets the simulated exchange settle them from the index values recorded in
/// the 60 seconds before the close. A recording that stops inside that window (the real
/// KXBTCD-25MAY1400 capture ends 9 s before its close) has its last value held for the
/// remaining seconds — the settlement rule's own treatment of seconds without a new value.
enum ReplayEnd {
    /// Kalshi's crypto settlement averages the minute before the close.
    static let settlementWindowMs: Int64 = 60_000

    static func finish<S: Strategy>(_ runner: inout SimulationRunner<S>, lastTimeMs: Int64) {
        runner.finish()
        let delay = runner.exchange.configuration.settlementDelayMs
        let due = runner.engine.state.markets
            .filter { $0.settlement == nil && $0.metadata.closeTimeMs - settlementWindowMs <= lastTimeMs }
            .map { $0.metadata.closeTimeMs + delay }.max()
        if let due, due > runner.engine.state.nowMs {
            runner.feed(TimedEvent(timeMs: max(lastTimeMs, due), .timer))
            runner.finish()
        }
    }
}
