import Foundation
import KalshiAPI
import KalshiAuth
import Synchronization

/// Request signatures made before they are needed, so an order does not wait for RSA-PSS
/// (about 0.65 ms with swift-crypto here). Kalshi signs timestamp + METHOD + path, not the
/// body (reference §1.2), so a signature for the next `POST /portfolio/orders` can be made ahead.
///
/// - A signature is handed out once, and only while it is at most `maxAgeMs` old; otherwise the
///   request is signed on the spot, as without the cache.
/// - Only a (method, path) used again is kept signed: placing orders repeats one path, while a
///   cancel's path names its order and is used once. From its second use, replacements are made
///   off the request's path (`SigningThread`) after each use: up to `depth` ready for a path used
///   again within `maxAgeMs` (orders in a run), one for a path used less often (an account read
///   every few seconds). One per path is re-signed every `maxAgeMs / 2` while the path was used
///   in the last five minutes, so one is always fresh; at most `maxPaths` such paths are kept
///   (the least recently used goes), which bounds the signing done in the background.
/// - Why more than one: a replacement waits for a core. On 2 cores, with the event loops busy
///   with the order's answer and the feed, the signing thread was at times not done 5 ms later,
///   and the next order then signed on its own path (`live.tick_to_order` counts such rounds:
///   up to 19 in 10,000 with two kept ready in a busy hour, 1 with four).
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
        /// Used again within a signature's age limit: replenished to `depth`, not to one.
        var frequent: Bool
    }

    private struct State {
        /// Per path, the signatures ready, oldest first, at most `depth`.
        var ready: [String: [Ready]] = [:]
        /// Per path, the signatures asked of the signing thread and not yet made.
        var signing: [String: Int] = [:]
        var hot: [String: Hot] = [:]
        var servedAhead = 0
        var refresher: Task<Void, Never>?

        /// Signatures still to ask for `key` so that `target` are ready or on their way;
        /// counted as on their way.
        mutating func takeMissing(_ key: String, target: Int, fresh: (Ready) -> Bool = { _ in true }) -> Int {
            let have = (ready[key]?.count { fresh($0) } ?? 0) + (signing[key] ?? 0)
            let missing = max(0, target - have)
            if missing > 0 { signing[key, default: 0] += missing }
            return missing
        }
    }

    private let signer: RequestSigner
    public let maxAgeMs: Int64
    private let clock: @Sendable () -> Int64
    private let state = Mutex(State())
    /// Paths unused this long stop being re-signed.
    static let idleMs: Int64 = 300_000
    /// Most (method, path) pairs kept signed ahead.
    public static let maxPaths = 8
    /// Signatures kept ready per path.
    public static let depth = 4

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

    /// How many fresh signatures for (method, path) are waiting.
    public func readyCount(method: String, path: String) -> Int {
        let now = clock()
        return state.withLock { state in
            state.ready[Self.key(method, path)]?.count { now - $0.timestampMs >= 0 && now - $0.timestampMs <= maxAgeMs } ?? 0
        }
    }

    /// True when a fresh signature for (method, path) is waiting.
    public func isReady(method: String, path: String) -> Bool { readyCount(method: method, path: path) > 0 }

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
        guard maxAgeMs > 0 else {
            TickToOrderProbe.shared.signedOnPath()
            return try signer.headers(method: method, path: path, timestampMs: now)
        }
        let (ahead, repeated) = state.withLock { state -> (AuthHeaders?, Bool) in
            let previous = state.hot[key]
            let uses = (previous?.uses ?? 0) + 1
            let frequent = previous.map { now - $0.lastUsedMs <= maxAgeMs } ?? false
            state.hot[key] = Hot(method: method, path: path, lastUsedMs: now, uses: uses, frequent: frequent)
            if state.hot.count > Self.maxPaths, let oldest = state.hot.min(by: { $0.value.lastUsedMs < $1.value.lastUsedMs })?.key
            {
                state.hot.removeValue(forKey: oldest)
                state.ready.removeValue(forKey: oldest)
            }
            // Taken out and put back: the array is not shared while it changes.
            guard var pool = state.ready.removeValue(forKey: key) else { return (nil, uses >= 2) }
            // The oldest fresh one, so that none ages out unused; the stale ones go.
            pool.removeAll { now - $0.timestampMs < 0 || now - $0.timestampMs > maxAgeMs }
            guard !pool.isEmpty else { return (nil, uses >= 2) }
            let ready = pool.removeFirst()
            if !pool.isEmpty { state.ready[key] = pool }
            state.servedAhead += 1
            return (ready.headers, true)
        }
        let headers: AuthHeaders
        if let ahead {
            headers = ahead
        } else {
            TickToOrderProbe.shared.signedOnPath()
            headers = try signer.headers(method: method, path: path, timestampMs: now)
        }
        if repeated, replenishing { replenish(key: key, method: method, path: path) }
        return headers
    }

    /// A request signed with `replenishing: false` was written and answered (or failed): makes
    /// the next signatures for its (method, path) if that path is used again and fewer than
    /// `depth` are ready.
    public func requestDone(method: String, path: String) {
        requestDone(method: method, path: path, key: Self.key(method, path))
    }

    /// `requestDone(method:path:)` with the key made once by the caller.
    func requestDone(method: String, path: String, key: String) {
        guard maxAgeMs > 0 else { return }
        replenish(key: key, method: method, path: path)
    }

    /// Asks the signing thread for what `key` lacks, when its path is used again.
    private func replenish(key: String, method: String, path: String) {
        let missing = state.withLock { state -> Int in
            guard let hot = state.hot[key], hot.uses >= 2 else { return 0 }
            return state.takeMissing(key, target: hot.frequent ? Self.depth : 1)
        }
        guard missing > 0 else { return }
        for _ in 0..<missing { SigningThread.shared.async { [weak self] in self?.sign(key: key, method: method, path: path) } }
        startRefresher()
    }

    /// On the signing thread: one signature for `key`, kept with the freshest `depth`.
    private func sign(key: String, method: String, path: String) {
        let now = clock()
        let headers = try? signer.headers(method: method, path: path, timestampMs: now)
        state.withLock { state in
            if let asked = state.signing[key] { state.signing[key] = asked > 1 ? asked - 1 : nil }
            // A path evicted meanwhile is not brought back.
            guard let headers, state.hot[key] != nil else { return }
            var pool = state.ready.removeValue(forKey: key) ?? []
            pool.append(Ready(timestampMs: now, headers: headers))
            pool.sort { $0.timestampMs < $1.timestampMs }
            if pool.count > Self.depth { pool.removeFirst(pool.count - Self.depth) }
            state.ready[key] = pool
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

    /// Re-signs every recently used (method, path) whose waiting signatures are half their age
    /// limit old (a new one replaces the oldest).
    private func refresh() {
        let now = clock()
        let due = state.withLock { state -> [(String, Hot, Int)] in
            state.hot = state.hot.filter { now - $0.value.lastUsedMs <= Self.idleMs }
            // A path no longer kept takes its signatures with it.
            state.ready = state.ready.filter { state.hot[$0.key] != nil }
            return state.hot.compactMap { key, hot in
                guard hot.uses >= 2 else { return nil }
                // One kept fresh: an idle path costs two signatures a second, whatever `depth`.
                let missing = state.takeMissing(key, target: 1) {
                    now - $0.timestampMs >= 0 && now - $0.timestampMs < maxAgeMs / 2
                }
                return missing > 0 ? (key, hot, missing) : nil
            }
        }
        for (key, hot, missing) in due {
            for _ in 0..<missing {
                SigningThread.shared.async { [weak self] in self?.sign(key: key, method: hot.method, path: hot.path) }
            }
        }
    }

    /// Where the signatures of (method, path) are kept.
    static func key(_ method: String, _ path: String) -> String { method + " " + path }
}
