import Foundation
import KalshiAPI
import KalshiCore
import Synchronization
import TradingEngine

/// What a running session reports to: its metrics (when served) and its dashboard (when
/// served). The session loop calls it on each step; both halves are optional, and a session
/// with neither pays one branch per step.
public final class SessionObserver: Sendable {
    public let metrics: TradingMetrics?
    private let dashboard: Mutex<DashboardModel>?
    private let killRequested = Atomic<Bool>(false)
    private let lastSampleMs = Atomic<Int64>(.min)
    /// Set when the session is over: open event streams end.
    private let closed = Atomic<Bool>(false)

    /// The state is sampled at most this often (session time) unless records came with it.
    static let sampleSpacingMs: Int64 = 200

    public init(metrics: TradingMetrics?, dashboard: DashboardModel?) {
        self.metrics = metrics
        self.dashboard = dashboard.map { Mutex($0) }
    }

    /// Nothing served: every call returns at once.
    public static let none = SessionObserver(metrics: nil, dashboard: nil)

    public var isActive: Bool { metrics != nil || dashboard != nil }
    public var hasDashboard: Bool { dashboard != nil }

    /// One step of the session: the engine's new records and its state after them.
    public func step(_ records: [EngineRecord], state: @autoclosure () -> EngineState, nowMs: Int64) {
        guard isActive else { return }
        metrics?.observe(records)
        let last = lastSampleMs.load(ordering: .relaxed)
        let due = !records.isEmpty || last == .min || nowMs &- last >= Self.sampleSpacingMs || nowMs < last
        guard due else { return }
        lastSampleMs.store(nowMs, ordering: .relaxed)
        let snapshot = state()
        metrics?.observe(snapshot)
        dashboard?.withLock { model in
            model.apply(records)
            model.sample(snapshot, nowMs: nowMs)
        }
    }

    public func observe(_ event: KalshiFeedEvent, receivedMs: Int64) {
        metrics?.observe(event, receivedMs: receivedMs)
        dashboard?.withLock { $0.observe(event, receivedMs: receivedMs) }
    }

    public func observe(book counters: BookFeedCounters) {
        metrics?.observe(book: counters)
        dashboard?.withLock { $0.observe(book: counters) }
    }

    /// The dashboard's JSON and its version (nil without a dashboard).
    public func dashboardSnapshot() -> (version: Int, json: Data)? {
        dashboard?.withLock { ($0.version, $0.json()) }
    }

    public var dashboardVersion: Int? { dashboard?.withLock { $0.version } }

    // MARK: Control

    /// The dashboard's kill-switch button was pressed (with the right token).
    public func requestKill() { killRequested.store(true, ordering: .sequentiallyConsistent) }

    /// True once after a request: the session engages its kill switch.
    public func takeKillRequest() -> Bool { killRequested.exchange(false, ordering: .sequentiallyConsistent) }

    public func close() { closed.store(true, ordering: .sequentiallyConsistent) }
    public var isClosed: Bool { closed.load(ordering: .sequentiallyConsistent) }
}
