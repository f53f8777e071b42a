import KalshiAPI
import KalshiCore
import Storage
import TradingSession
import TradingEngine
import UnixSignals

extension LiveCore {
    /// The session clock: the strategy's timer, the kill-switch file, terminal exits, the end of
    /// the session, reconciliations due, and the status line.
    mutating func onTick(_ surroundings: LiveSurroundings, _ now: Int64) {
        var records: [JournalRecord] = []
        var commands: [VenueCommand] = []
        if shutdown == nil { commands += process(.timer, now) }
        if shutdown == nil, !engine.state.risk.killSwitch, surroundings.killSwitchFilePresent {
            commands += engageKillSwitch("kill switch file \(configuration.killSwitchPath) present", now, &records)
        }
        let exitSeconds = configuration.risk.terminalExitTime
        for market in engine.state.markets where market.settlement == nil && !terminalExited.contains(market.ticker) {
            guard Double(market.metadata.closeTimeMs - now) / 1_000 <= exitSeconds else { continue }
            terminalExited.insert(market.ticker)
            let detail = "terminal exit \(exitSeconds) s before the close at \(RFC3339.format(ms: market.metadata.closeTimeMs))"
            commands += engine.cancelOrders(in: market.id, nowMs: now, reason: detail)
            records.append(.risk(RiskEventEntry(kind: "terminal_exit", ticker: market.ticker, detail: detail)))
        }
        if shutdown == nil {
            followMaintenance(now)
            readExchangeStatusIfDue(now)
            readScheduleIfDue(now)
            retryEventFeesIfDue(now)
        }
        let rolls = configuration.markets.rolls
        if shutdown == nil, rolls {
            noteOverdueSettlements(now, &records)
            lookForNextEventIfDue(now)
            retireFinishedMarkets()
        }
        if shutdown == nil {
            // A rolling session goes on to the next event; it stops at --runtime or on a signal.
            if !rolls && engine.state.markets.allSatisfy({ $0.settlement != nil }) {
                commands += beginShutdown("all markets settled", now)
            } else if !rolls,
                let lastClose = engine.state.markets.filter({ $0.settlement == nil }).map(\.metadata.closeTimeMs).max(),
                now > lastClose + Int64(configuration.operations.settlementWaitSeconds * 1_000)
            {
                commands += beginShutdown(
                    "no settlement \(Int(configuration.operations.settlementWaitSeconds)) s after the close", now)
            } else if let deadline = runtimeDeadlineMs, now >= deadline {
                commands += beginShutdown("runtime reached", now)
            } else if surroundings.stopRequested {
                commands += beginShutdown("runtime reached", now)
            }
        }
        if !reconciling {
            if now - lastReconcileMs >= Int64(configuration.risk.reconciliationPeriod * 1_000) {
                requestReconciliation("periodic", now)
            } else if let soon = reconcileSoonAtMs, now >= soon {
                reconcileSoonAtMs = nil
                requestReconciliation(unattributedFills.isEmpty ? "order_in_doubt" : "unattributed_fill", now)
            }
        }
        if now - lastStatusMs >= Int64(configuration.operations.statusIntervalSeconds * 1_000) {
            lastStatusMs = now
            say(statusLine(now))
        }
        commit(records, commands, now)
    }

    mutating func onOperatorSignal(_ signal: UnixSignal, _ surroundings: LiveSurroundings, _ now: Int64) {
        var records: [JournalRecord] = []
        var commands: [VenueCommand] = []
        switch signal {
        case .sigint, .sigterm:
            if shutdown != nil {
                finished = "\(signal) received twice"
            } else {
                commands += beginShutdown("\(signal) received", now)
            }
        case .sigusr1:
            commands += engageKillSwitch("SIGUSR1 received", now, &records)
        case .sigusr2:
            if surroundings.killSwitchFilePresent {
                say(
                    "resume refused: the kill switch file \(configuration.killSwitchPath) is still present; remove it first")
            } else if engine.state.risk.killSwitch && shutdown == nil {
                commands += process(.killSwitch(false), now)
                records.append(.risk(RiskEventEntry(kind: "resume", ticker: nil, detail: "SIGUSR2 received")))
                say("kill switch released: trading resumes")
                if orderGroupTriggered, let orderGroupId {
                    orderGroupTriggered = false
                    actions.append(.resetOrderGroup(orderGroupId))
                }
            }
        default:
            break
        }
        commit(records, commands, now)
    }

    /// Cancels everything and halts until an explicit resume (SIGUSR2, or `--resume` at start).
    mutating func engageKillSwitch(_ reason: String, _ now: Int64, _ records: inout [JournalRecord]) -> [VenueCommand] {
        guard !engine.state.risk.killSwitch else { return [] }
        say("KILL SWITCH engaged (\(reason)): cancelling every order, trading halted until resumed")
        records.append(.risk(RiskEventEntry(kind: "kill_switch", ticker: nil, detail: reason)))
        return process(.killSwitch(true), now)
    }

    /// Stops new orders, cancels resting ones (when configured), then waits for the answers.
    mutating func beginShutdown(_ reason: String, _ now: Int64) -> [VenueCommand] {
        guard shutdown == nil else { return [] }
        // On the monotonic clock: a jump of the host clock must not cut it short. The loader
        // bounds the timeout to 600 s; a configuration built in code saturates instead of trapping.
        let timeoutMs = Int64(exactly: (configuration.operations.shutdownTimeoutSeconds * 1_000).rounded()) ?? 15_000
        let (deadline, overflow) = elapsedMs.addingReportingOverflow(max(0, timeoutMs))
        shutdown = Shutdown(reason: reason, deadlineElapsedMs: overflow ? .max : deadline)
        engine.blockNewOrders()
        let cancel = configuration.operations.cancelOnExit
        say(
            "stopping (\(reason))\(cancel ? ": cancelling resting orders" : "; resting orders left in place (cancel_on_exit: false)")"
        )
        return cancel ? engine.cancelAllOrders(nowMs: now, reason: "shutdown: \(reason)") : []
    }

    /// A shutdown ends when nothing is in flight and nothing we meant to cancel still rests;
    /// orders left in doubt get one reconciliation first; the deadline bounds it all.
    mutating func checkShutdown(_ now: Int64) {
        guard var shutdown, finished == nil else { return }
        if elapsedMs >= shutdown.deadlineElapsedMs {
            finished = shutdown.reason + " (stopped at the shutdown deadline)"
            return
        }
        guard inFlight.isEmpty else { return }
        let active = engine.state.orders.activeOrderCount
        if !configuration.operations.cancelOnExit || active == 0 {
            finished = shutdown.reason
        } else if !shutdown.reconciled && !reconciling {
            shutdown.reconciled = true
            self.shutdown = shutdown
            requestReconciliation("shutdown", now)
        } else if shutdown.reconciled && !reconciling && cancelsAwaitingId.isEmpty {
            finished = shutdown.reason + " (\(active) order(s) still active)"
        }
    }

    /// Final bookkeeping once `finished` is set (or the input stream ended): the engine's last
    /// records, the positions and cash at the end, the run's end in the journal, the summary.
    /// The runner performs these actions best-effort: the session is over either way.
    public mutating func finish(_ reason: String, now: Int64) -> (actions: [LiveAction], outcome: LiveOutcome) {
        actions = []
        let records = engine.drainRecords()
        if !records.isEmpty { actions.append(.log(records)) }
        var final: [JournalRecord] = newSettlementRecords()
        for market in engine.state.markets where engine.state.portfolio.position(market.ticker).units != 0 {
            final.append(
                .position(
                    PositionEntry(ticker: market.ticker, local: engine.state.portfolio.position(market.ticker), exchange: nil)))
        }
        final.append(.balance(BalanceEntry(local: engine.state.portfolio.cash, exchange: nil)))
        actions.append(.journal(final))
        actions.append(.endRun(reason: reason))
        say(statusLine(now))
        actions.append(.summary(SessionSummary(sessionId: "\(sessionName)-run\(runId)", mode: "live", engine: engine)))
        say("live session ended: \(reason)")
        let outcome = LiveOutcome(
            reason: reason, sessionName: sessionName, runId: runId, ordersSent: ordersSent, fills: fillsBooked,
            corrections: corrections, reconciliations: reconciliations, duplicateFillsDropped: duplicateFills,
            clean: engine.state.risk.halted == nil && !reason.contains("deadline"))
        let step = actions
        actions = []
        return (step, outcome)
    }

    /// `status 17:00:05 | ETH 3001.77 vol 0.61 | pos T2999.99 +5.00 | cash … equity … pnl … | orders 1 open | feed up …`
    func statusLine(_ now: Int64) -> String {
        let state = engine.state
        let asset = configuration.markets.asset
        let spot = state.asset(asset)?.spot.map { $0.formatted(decimals: 2) } ?? "-"
        let vol = state.asset(asset)?.volatility.map { String(format: "%.2f", $0) } ?? "-"
        let positions = state.markets.compactMap { market -> String? in
            let position = state.portfolio.position(market.ticker)
            guard position.units != 0 else { return nil }
            let short = market.ticker.split(separator: "-").last.map(String.init) ?? market.ticker
            return "\(short) \(position.units > 0 ? "+" : "")\(position)"
        }
        let equity = state.portfolio.equity(state.marks)
        let pnl = equity - state.portfolio.startingBalance
        let time = String(RFC3339.format(ms: now).dropFirst(11).prefix(8))
        var parts = [
            "status \(time)", "\(asset) \(spot) vol \(vol)",
            "pos \(positions.isEmpty ? "flat" : positions.joined(separator: ", "))",
            "cash \(state.portfolio.cash.formatted(decimals: 2)) equity \(equity.formatted(decimals: 2)) pnl \(pnl.formatted(decimals: 2))",
            "orders \(state.orders.activeOrderCount) open, \(ordersSent) sent, \(fillsBooked) fills",
            "feed \(feedConnected ? "up" : "down"), signals \(signalsConnected ? "up" : "down")",
            "reconciled \(reconciliations)x (\(corrections) corrections)",
        ]
        // Cash on each shard, when the account holds some on more than one.
        if let shards = shardBalances, shards.values.filter({ $0 != .zero }).count > 1 {
            parts.append(shards.keys.sorted().map { "shard \($0) \(shards[$0]!.formatted(decimals: 2))" }.joined(separator: ", "))
        }
        if let index = indexStatus(now) { parts.append(index) }
        if !exchangeTradingActive { parts.append("EXCHANGE PAUSED") }
        if state.risk.killSwitch && shutdown == nil { parts.append("KILL SWITCH") }
        if let halted = state.risk.halted { parts.append("HALTED \(halted.rawValue)") }
        return parts.joined(separator: " | ")
    }
}
