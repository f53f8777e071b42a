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
    /// A class around the mutex: a `Mutex` must stay at one address, which an `Optional` of
    /// it does not promise (a lock taken through `?.` on a moved copy traps on Linux).
    private final class DashboardBox: Sendable {
        let model: Mutex<DashboardModel>
        init(_ model: DashboardModel) { self.model = Mutex(model) }
    }

    private let dashboard: DashboardBox?
    private let killRequested = Atomic<Bool>(false)
    private let lastSampleMs = Atomic<Int64>(.min)
    private let encoded = Mutex<(version: Int, json: Data)?>(nil)
    /// Set when the session is over: open event streams end.
    private let closed = Atomic<Bool>(false)

    /// The state is sampled at most this often (session time) unless records came with it.
    static let sampleSpacingMs: Int64 = 200

    public init(metrics: TradingMetrics?, dashboard: DashboardModel?) {
        self.metrics = metrics
        self.dashboard = dashboard.map { DashboardBox($0) }
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
        dashboard?.model.withLock { model in
            model.apply(records)
            model.sample(snapshot, nowMs: nowMs)
        }
    }

    /// See `DashboardModel.identify`.
    public func identify(sessionId: String, mode: String, startingBalance: Money) {
        dashboard?.model.withLock { $0.identify(sessionId: sessionId, mode: mode, startingBalance: startingBalance) }
    }

    public func observe(_ event: KalshiFeedEvent, receivedMs: Int64) {
        metrics?.observe(event, receivedMs: receivedMs)
        dashboard?.model.withLock { $0.observe(event, receivedMs: receivedMs) }
    }

    public func observe(book counters: BookFeedCounters) {
        metrics?.observe(book: counters)
        dashboard?.model.withLock { $0.observe(book: counters) }
    }

    /// The dashboard's JSON and its version (nil without a dashboard). The model is copied
    /// under the lock and encoded outside it, once per version whatever the number of pages
    /// open: the session's loop never waits on an encoding.
    public func dashboardSnapshot() -> (version: Int, json: Data)? {
        guard let dashboard else { return nil }
        let model = dashboard.model.withLock { $0 }
        if let cached = encoded.withLock({ $0 }), cached.version == model.version { return cached }
        let fresh = (version: model.version, json: model.json())
        encoded.withLock { $0 = fresh }
        return fresh
    }

    public var dashboardVersion: Int? { dashboard?.model.withLock { $0.version } }

    // MARK: Control

    /// The dashboard's kill-switch button was pressed (with the right token).
    public func requestKill() { killRequested.store(true, ordering: .sequentiallyConsistent) }

    /// True once after a request: the session engages its kill switch.
    public func takeKillRequest() -> Bool { killRequested.exchange(false, ordering: .sequentiallyConsistent) }

    public func close() { closed.store(true, ordering: .sequentiallyConsistent) }
    public var isClosed: Bool { closed.load(ordering: .sequentiallyConsistent) }
}
