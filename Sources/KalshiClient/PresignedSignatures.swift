import Foundation
import KalshiAuth
import Synchronization

/// Request signatures made before they are needed, so an order does not wait for RSA-PSS
/// (about 0.65 ms with swift-crypto here). Kalshi signs timestamp + METHOD + path, not the
/// body (reference §1.2), so a signature for the next `POST /portfolio/orders` can be made ahead.
///
/// - A signature is handed out once, and only while it is at most `maxAgeMs` old; otherwise the
///   request is signed on the spot, as without the cache.
/// - Only a (method, path) used again is kept signed: placing orders repeats one path, while a
///   cancel's path names its order and is used once. From its second use, a replacement is made
///   off the request's path after each use, and it is re-signed every `maxAgeMs / 2` while used
///   in the last five minutes, so one is always fresh; at most `maxPaths` such paths are kept
///   (the least recently used goes), which bounds the signing done in the background.
/// - What this assumes of the exchange: that it accepts a timestamp up to `maxAgeMs` old. The
///   allowed skew is not documented (reference §1.2 marks it unconfirmed); the default age, one
///   second, is far inside what exchanges usually allow, and `maxAgeMs = 0` turns the cache off.
public final class PresignedSignatures: Sendable {
    private struct Ready {
        var timestampMs: Int64
        var headers: AuthHeaders
    }

    private struct Hot {
        var method: String
        var path: String
        var lastUsedMs: Int64
        var uses: Int
    }

    private struct State {
        var ready: [String: Ready] = [:]
        var hot: [String: Hot] = [:]
        var servedAhead = 0
        var refresher: Task<Void, Never>?
    }

    private let signer: RequestSigner
    public let maxAgeMs: Int64
    private let clock: @Sendable () -> Int64
    private let state = Mutex(State())
    /// Paths unused this long stop being re-signed.
    static let idleMs: Int64 = 300_000
    /// Most (method, path) pairs kept signed ahead.
    public static let maxPaths = 8

    public init(signer: RequestSigner, maxAgeMs: Int64, clock: @escaping @Sendable () -> Int64 = PresignedSignatures.wallClockMs)
    {
        self.signer = signer
        self.maxAgeMs = max(0, maxAgeMs)
        self.clock = clock
    }

    deinit { state.withLock { $0.refresher?.cancel() } }

    public static let wallClockMs: @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970 * 1_000) }

    /// How many requests got a signature made ahead (for tests and counters).
    public var servedAhead: Int { state.withLock { $0.servedAhead } }

    /// True when a fresh signature for (method, path) is waiting.
    public func isReady(method: String, path: String) -> Bool {
        let now = clock()
        return state.withLock { state in
            state.ready[Self.key(method, path)].map { now - $0.timestampMs >= 0 && now - $0.timestampMs <= maxAgeMs } ?? false
        }
    }

    /// The headers for one request: a fresh signature made ahead, or one made now. With
    /// `replenishing: false` the next signature for a repeated path is made only when the caller
    /// says the request is done (`requestDone`), so its 0.65 ms of CPU does not compete with the
    /// request's own path on a small machine.
    public func headers(method: String, path: String, replenishing: Bool = true) throws(SigningError) -> AuthHeaders {
        try headers(method: method, path: path, key: Self.key(method, path), replenishing: replenishing)
    }

    /// `headers(method:path:replenishing:)` with the key of (method, path) made once by the
    /// caller (`key(_:_:)`): a client sending to one path many times need not build it each time.
    func headers(method: String, path: String, key: String, replenishing: Bool) throws(SigningError) -> AuthHeaders {
        let now = clock()
        guard maxAgeMs > 0 else { return try signer.headers(method: method, path: path, timestampMs: now) }
        let (ahead, repeated) = state.withLock { state -> (AuthHeaders?, Bool) in
            let uses = (state.hot[key]?.uses ?? 0) + 1
            state.hot[key] = Hot(method: method, path: path, lastUsedMs: now, uses: uses)
            if state.hot.count > Self.maxPaths, let oldest = state.hot.min(by: { $0.value.lastUsedMs < $1.value.lastUsedMs })?.key
            {
                state.hot.removeValue(forKey: oldest)
                state.ready.removeValue(forKey: oldest)
            }
            guard let ready = state.ready.removeValue(forKey: key) else { return (nil, uses >= 2) }
            let age = now - ready.timestampMs
            guard age >= 0, age <= maxAgeMs else { return (nil, uses >= 2) }
            state.servedAhead += 1
            return (ready.headers, true)
        }
        let headers: AuthHeaders
        if let ahead { headers = ahead } else { headers = try signer.headers(method: method, path: path, timestampMs: now) }
        if repeated, replenishing {
            replenish(key: key, method: method, path: path)
            startRefresher()
        }
        return headers
    }

    /// A request signed with `replenishing: false` was written and answered (or failed): makes
    /// the next signature for its (method, path) if that path is used again and none is waiting.
    public func requestDone(method: String, path: String) {
        requestDone(method: method, path: path, key: Self.key(method, path))
    }

    /// `requestDone(method:path:)` with the key made once by the caller.
    func requestDone(method: String, path: String, key: String) {
        guard maxAgeMs > 0 else { return }
        let due = state.withLock { state in (state.hot[key]?.uses ?? 0) >= 2 && state.ready[key] == nil }
        guard due else { return }
        replenish(key: key, method: method, path: path)
        startRefresher()
    }

    /// Makes the next signature for (method, path) on the signing queue.
    private func replenish(key: String, method: String, path: String) {
        Self.signingQueue.async { [weak self] in self?.sign(key: key, method: method, path: path) }
    }

    /// Where signatures are made ahead: a thread of Dispatch's, not a task. The commands that
    /// trade run their tasks on NIO's event loops (`EventLoopConcurrency`), so a signing task
    /// held a loop for its 0.65 ms: a book frame or the answer to an order read by that loop
    /// waited behind it. A thread of its own is preempted by a woken event loop instead.
    static let signingQueue = DispatchQueue(label: "kalshi.presigned-signatures", qos: .utility)

    private func sign(key: String, method: String, path: String) {
        let now = clock()
        guard let headers = try? signer.headers(method: method, path: path, timestampMs: now) else { return }
        state.withLock { state in
            // A path evicted meanwhile is not brought back.
            guard state.hot[key] != nil else { return }
            if let existing = state.ready[key], existing.timestampMs >= now { return }
            state.ready[key] = Ready(timestampMs: now, headers: headers)
        }
    }

    private func startRefresher() {
        state.withLock { state in
            guard state.refresher == nil else { return }
            let interval = max(1, maxAgeMs / 2)
            state.refresher = Task.detached(priority: .utility) { [weak self] in
                while !Task.isCancelled {
                    do { try await Task.sleep(for: .milliseconds(interval)) } catch { return }
                    guard let self else { return }
                    self.refresh()
                }
            }
        }
    }

    /// Re-signs every recently used (method, path) whose waiting signature is half its age limit old.
    private func refresh() {
        let now = clock()
        let due = state.withLock { state -> [(String, Hot)] in
            state.hot = state.hot.filter { now - $0.value.lastUsedMs <= Self.idleMs }
            return state.hot.filter { key, hot in
                guard hot.uses >= 2 else { return false }
                guard let ready = state.ready[key] else { return true }
                return now - ready.timestampMs >= maxAgeMs / 2 || now < ready.timestampMs
            }.map { ($0.key, $0.value) }
        }
        for (key, hot) in due {
            Self.signingQueue.async { [weak self] in self?.sign(key: key, method: hot.method, path: hot.path) }
        }
    }

    /// Where the signatures of (method, path) are kept.
    static func key(_ method: String, _ path: String) -> String { method + " " + path }
}
