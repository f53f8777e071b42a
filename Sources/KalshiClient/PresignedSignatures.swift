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
///   cancel's path names its order and is used once. From its second use, `depth` signatures
///   are kept waiting for it: a replacement is made after each use (off the request's path), and
///   they are re-signed every `maxAgeMs / 2` while the path was used in the last five minutes.
///   Two waiting, a second order right after the first (before the first's replacement is
///   made) still finds one. At most `maxPaths` such paths are kept (the least recently used
///   goes), which bounds the signing done in the background.
/// - Signatures are made on a thread of their own, never the caller's: the live session's tasks
///   run on NIO's event loops, where 0.65 ms of RSA held the loop that reads the feed: a frame
///   arriving meanwhile waited for it.
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
        /// Per (method, path): the signatures waiting, oldest first, at most `depth`.
        var ready: [String: [Ready]] = [:]
        var hot: [String: Hot] = [:]
        /// Per (method, path): replacements asked of the signing queue and not made yet.
        var signing: [String: Int] = [:]
        var servedAhead = 0
        var refresher: Task<Void, Never>?
    }

    private let signer: RequestSigner
    public let maxAgeMs: Int64
    private let clock: @Sendable () -> Int64
    private let state = Mutex(State())
    private let signingQueue = DispatchQueue(label: "kalshi.presigned-signatures", qos: .userInitiated)
    /// Paths unused this long stop being re-signed.
    static let idleMs: Int64 = 300_000
    /// Most (method, path) pairs kept signed ahead.
    public static let maxPaths = 8
    /// Signatures kept waiting per path.
    public static let depth = 2

    public init(signer: RequestSigner, maxAgeMs: Int64, clock: @escaping @Sendable () -> Int64 = PresignedSignatures.wallClockMs) {
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
        return state.withLock { state in state.ready[Self.key(method, path)]?.count { isFresh($0, now) } ?? 0 }
    }

    /// True when a fresh signature for (method, path) is waiting.
    public func isReady(method: String, path: String) -> Bool { readyCount(method: method, path: path) > 0 }

    /// The headers for one request: a fresh signature made ahead, or one made now. With
    /// `replenishing: false` the replacement for a repeated path is asked for only when the
    /// caller says the request is done (`requestDone`), so its 0.65 ms of CPU does not compete
    /// with the request's own path on a small machine.
    public func headers(method: String, path: String, replenishing: Bool = true) throws(SigningError) -> AuthHeaders {
        let now = clock()
        guard maxAgeMs > 0 else { return try signer.headers(method: method, path: path, timestampMs: now) }
        let key = Self.key(method, path)
        let (ahead, repeated) = state.withLock { state -> (AuthHeaders?, Bool) in
            let uses = (state.hot[key]?.uses ?? 0) + 1
            state.hot[key] = Hot(method: method, path: path, lastUsedMs: now, uses: uses)
            if state.hot.count > Self.maxPaths, let oldest = state.hot.min(by: { $0.value.lastUsedMs < $1.value.lastUsedMs })?.key {
                state.hot.removeValue(forKey: oldest)
                state.ready.removeValue(forKey: oldest)
            }
            guard var waiting = state.ready.removeValue(forKey: key) else { return (nil, uses >= 2) }
            waiting.removeAll { !isFresh($0, now) }
            guard !waiting.isEmpty else { return (nil, uses >= 2) }
            let served = waiting.removeFirst()
            if !waiting.isEmpty { state.ready[key] = waiting }
            state.servedAhead += 1
            return (served.headers, true)
        }
        let headers: AuthHeaders
        if let ahead { headers = ahead } else { headers = try signer.headers(method: method, path: path, timestampMs: now) }
        if repeated, replenishing {
            replenish(key: key, method: method, path: path)
            startRefresher()
        }
        return headers
    }

    /// A request signed with `replenishing: false` was written and answered (or failed): asks
    /// for replacements up to `depth` waiting if its (method, path) is used again.
    public func requestDone(method: String, path: String) {
        guard maxAgeMs > 0 else { return }
        replenish(key: Self.key(method, path), method: method, path: path)
        startRefresher()
    }

    /// Asks the signing queue for as many signatures as (method, path) lacks, counting those
    /// already asked for; none for a path used only once.
    private func replenish(key: String, method: String, path: String) {
        let now = clock()
        let missing = state.withLock { state -> Int in
            guard (state.hot[key]?.uses ?? 0) >= 2 else { return 0 }
            let waiting = state.ready[key]?.count { isFresh($0, now) } ?? 0
            let missing = max(0, Self.depth - waiting - state.signing[key, default: 0])
            state.signing[key, default: 0] += missing
            return missing
        }
        for _ in 0..<missing {
            signingQueue.async { [weak self] in
                guard let self else { return }
                self.sign(key: key, method: method, path: path)
                self.state.withLock { state in
                    state.signing[key, default: 1] -= 1
                    if state.signing[key] == 0 { state.signing.removeValue(forKey: key) }
                }
            }
        }
    }

    /// Makes one signature for (method, path) and keeps it: stale ones go first, and when
    /// `depth` are waiting it replaces the oldest.
    private func sign(key: String, method: String, path: String) {
        let now = clock()
        guard let headers = try? signer.headers(method: method, path: path, timestampMs: now) else { return }
        state.withLock { state in
            // A path evicted meanwhile is not brought back.
            guard state.hot[key] != nil else { return }
            var waiting = state.ready[key] ?? []
            waiting.removeAll { !isFresh($0, now) }
            if waiting.count >= Self.depth {
                guard let oldest = waiting.first, oldest.timestampMs < now else { return }
                waiting.removeFirst()
            }
            waiting.append(Ready(timestampMs: now, headers: headers))
            state.ready[key] = waiting
        }
    }

    private func isFresh(_ ready: Ready, _ now: Int64) -> Bool {
        now - ready.timestampMs >= 0 && now - ready.timestampMs <= maxAgeMs
    }

    private func startRefresher() {
        state.withLock { state in
            guard state.refresher == nil else { return }
            let interval = max(1, maxAgeMs / 2)
            state.refresher = Task.detached(priority: .utility) { [weak self] in
                while !Task.isCancelled {
                    do { try await Task.sleep(for: .milliseconds(interval)) } catch { return }
                    guard let self else { return }
                    self.signingQueue.async { [weak self] in self?.refresh() }
                }
            }
        }
    }

    /// On the signing queue: re-signs every recently used (method, path) whose waiting
    /// signatures are half their age limit old (or from a clock that went back), up to `depth`.
    private func refresh() {
        let now = clock()
        let due = state.withLock { state -> [(String, Hot, Int)] in
            state.hot = state.hot.filter { now - $0.value.lastUsedMs <= Self.idleMs }
            return state.hot.compactMap { key, hot in
                guard hot.uses >= 2 else { return nil }
                let young = state.ready[key]?.count { now - $0.timestampMs >= 0 && now - $0.timestampMs < maxAgeMs / 2 } ?? 0
                return young < Self.depth ? (key, hot, Self.depth - young) : nil
            }
        }
        for (key, hot, count) in due {
            for _ in 0..<count { sign(key: key, method: hot.method, path: hot.path) }
        }
    }

    private static func key(_ method: String, _ path: String) -> String { method + " " + path }
}
