import KalshiAPI
import KalshiCore
import Storage
import TradingEngine

/// A market's terms changed on the exchange (`market_lifecycle_v2`): an early (or later) close
/// moves the terminal exit and the end of trading with it; a new price grid replaces the book,
/// which is snapshotted afresh on the new grid (the feed's book too).
extension LiveCore {
    /// Unix seconds from the exchange, bounded before any arithmetic (2001…2286).
    static var plausibleSeconds: ClosedRange<Int64> { 1_000_000_000...9_999_999_999 }

    mutating func onTermsChanged(_ lifecycle: WSMarketLifecycle, _ now: Int64, _ records: inout [JournalRecord]) {
        let ticker = lifecycle.marketTicker
        guard let id = engine.state.id(of: ticker) else { return }
        switch lifecycle.eventType {
        case "close_date_updated":
            guard let seconds = lifecycle.closeTs, Self.plausibleSeconds.contains(seconds) else {
                say("\(ticker): close_date_updated without a usable close_ts (\(lifecycle.closeTs.map(String.init) ?? "none")); ignored")
                return
            }
            let closeMs = seconds * 1_000
            let before = engine.state.market(id).metadata.closeTimeMs
            guard closeMs != before, engine.moveClose(id, toMs: closeMs, nowMs: now) else { return }
            // A later close reopens the window the terminal exit had closed.
            if closeMs > before { terminalExited.remove(ticker) }
            let detail = "close moved from \(RFC3339.format(ms: before)) to \(RFC3339.format(ms: closeMs))"
            say("\(ticker): \(detail)")
            records.append(.risk(RiskEventEntry(kind: "close_moved", ticker: ticker, detail: detail)))
        case "price_level_structure_updated":
            guard let structure = lifecycle.priceLevelStructure else { return }
            let grid: PriceGrid
            do {
                if let ranges = lifecycle.priceRanges, !ranges.isEmpty {
                    grid = try PriceGrid(priceRanges: ranges.map { (start: $0.start, end: $0.end, step: $0.step) }, structure: structure)
                } else {
                    grid = try PriceGrid(structure: structure)
                }
            } catch {
                // Unknown terms: stop trading the market rather than guess its grid.
                say("\(ticker): new price grid '\(structure)' not understood (\(error)); the market stays untradable")
                _ = process(.bookUntrusted(id), now)
                records.append(.risk(RiskEventEntry(kind: "grid_unknown", ticker: ticker, detail: "\(structure): \(error)")))
                return
            }
            engine.changeGrid(id, to: grid, nowMs: now)
            say("\(ticker): price grid now \(structure); waiting for a snapshot on it")
            records.append(.risk(RiskEventEntry(kind: "grid_changed", ticker: ticker, detail: structure)))
            actions.append(.regrid(ticker: ticker, grid))
        default:
            break
        }
    }
}
