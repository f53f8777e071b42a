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

    /// One (method, path) kept signed: how it is used and its signatures. One entry per path,
    /// so a request finds everything about its path with one lookup.
    private struct Path {
        var method: String
        var path: String
        var lastUsedMs: Int64
        var uses = 0
        /// Used again within a signature's age limit: replenished to `depth`, not to one.
        var frequent = false
        /// The signatures ready, oldest first, at most `depth`.
        var ready: [Ready] = []
        /// Signatures asked of the signing thread and not yet made.
        var signing = 0

        /// Signatures still to ask for so that `target` are ready or on their way; counted as
        /// on their way.
        mutating func takeMissing(target: Int, fresh: (Ready) -> Bool = { _ in true }) -> Int {
            let missing = max(0, target - ready.count { fresh($0) } - signing)
            signing += missing
            return missing
        }
    }

    private struct State {
        /// The paths kept signed, at most `maxPaths`.
        var paths: [String: Path] = [:]
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
    /// Signatures kept ready per path.
    public static let depth = 4

    public init(signer: RequestSigner, maxAgeMs: Int64, clock: @escaping @Sendable () -> Int64 = PresignedSignatures.wallClockMs)
    {
        self.signer = signer
        self.maxAgeMs = max(0, maxAgeMs)
        self.clock = clock
    }

    deinit { state.withLock { $0.refresher?.cancel() } }

    public static let wallClockMs: @Sendable () -> Int64 = { WallClock.nowMs() }

    /// How many requests got a signature made ahead (for tests and counters).
    public var servedAhead: Int { state.withLock { $0.servedAhead } }

    /// How many fresh signatures for (method, path) are waiting.
    public func readyCount(method: String, path: String) -> Int {
        let now = clock()
        return state.withLock { state in
            state.paths[Self.key(method, path)]?.ready.count { now - $0.timestampMs >= 0 && now - $0.timestampMs <= maxAgeMs }
                ?? 0
        }
    }

    /// Paths kept, and signatures held for them whatever their age (for tests).
    var kept: (paths: Int, signatures: Int) {
        state.withLock { state in (state.paths.count, state.paths.values.reduce(0) { $0 + $1.ready.count }) }
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
            guard let index = state.paths.index(forKey: key) else {
                state.paths[key] = Path(method: method, path: path, lastUsedMs: now, uses: 1)
                if state.paths.count > Self.maxPaths,
                    let oldest = state.paths.min(by: { $0.value.lastUsedMs < $1.value.lastUsedMs })?.key
                {
                    state.paths.removeValue(forKey: oldest)
                }
                return (nil, false)
            }
            // Changed in place: one lookup for the whole request.
            let ahead = Self.use(&state.paths.values[index], now: now, maxAgeMs: maxAgeMs)
            if ahead != nil { state.servedAhead += 1 }
            return (ahead, true)
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

    /// A path's use at `now`: its use counted, and the oldest fresh signature it has, if any
    /// (the stale ones at the front go; they are oldest first).
    private static func use(_ entry: inout Path, now: Int64, maxAgeMs: Int64) -> AuthHeaders? {
        entry.frequent = now - entry.lastUsedMs <= maxAgeMs
        entry.lastUsedMs = now
        entry.uses += 1
        while let oldest = entry.ready.first, now - oldest.timestampMs < 0 || now - oldest.timestampMs > maxAgeMs {
            entry.ready.removeFirst()
        }
        return entry.ready.isEmpty ? nil : entry.ready.removeFirst().headers
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
            guard let index = state.paths.index(forKey: key), state.paths.values[index].uses >= 2 else { return 0 }
            let target = state.paths.values[index].frequent ? Self.depth : 1
            return state.paths.values[index].takeMissing(target: target)
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
            // A path evicted meanwhile is not brought back.
            guard let index = state.paths.index(forKey: key) else { return }
            Self.add(headers.map { Ready(timestampMs: now, headers: $0) }, to: &state.paths.values[index])
        }
    }

    /// A signature asked of the signing thread is done: kept (when it was made) with the
    /// freshest `depth`, oldest first.
    private static func add(_ made: Ready?, to entry: inout Path) {
        entry.signing = max(0, entry.signing - 1)
        guard let made else { return }
        entry.ready.append(made)
        entry.ready.sort { $0.timestampMs < $1.timestampMs }
        if entry.ready.count > Self.depth { entry.ready.removeFirst(entry.ready.count - Self.depth) }
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
    /// limit old (a new one replaces the oldest), and forgets the paths unused for `idleMs`.
    /// Run by the refresher every `maxAgeMs / 2`; internal for tests.
    func refresh() {
        let now = clock()
        let due = state.withLock { state -> [(key: String, method: String, path: String, missing: Int)] in
            // A path no longer used takes its signatures with it.
            state.paths = state.paths.filter { now - $0.value.lastUsedMs <= Self.idleMs }
            var due: [(key: String, method: String, path: String, missing: Int)] = []
            for key in Array(state.paths.keys) {
                guard let index = state.paths.index(forKey: key), state.paths.values[index].uses >= 2 else { continue }
                // One kept fresh: an idle path costs two signatures a second, whatever `depth`.
                let missing = state.paths.values[index].takeMissing(target: 1) {
                    now - $0.timestampMs >= 0 && now - $0.timestampMs < maxAgeMs / 2
                }
                let entry = state.paths.values[index]
                if missing > 0 { due.append((key, entry.method, entry.path, missing)) }
            }
            return due
        }
        for (key, method, path, missing) in due {
            for _ in 0..<missing {
                SigningThread.shared.async { [weak self] in self?.sign(key: key, method: method, path: path) }
            }
        }
    }

    /// Where the signatures of (method, path) are kept.
    static func key(_ method: String, _ path: String) -> String { method + " " + path }
}
