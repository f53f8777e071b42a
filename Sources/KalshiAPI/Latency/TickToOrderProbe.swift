import KalshiCore
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Timestamps for the `live.tick_to_order` benchmark, taken where bytes cross the process's
/// edges: the fake venue writing a book frame, the WebSocket client handing it over, the REST
/// client handing an order's request to the HTTP client, the fake venue reading that request.
///
/// Off unless a benchmark enables it: then every hook costs one relaxed atomic load. When
/// armed, the first `orderbook_delta` frame written and received is stamped, and the first
/// order request after it; one trigger is claimed by the benchmark's strategy, so one armed
/// round is one triggering frame and the order it caused.
public final class TickToOrderProbe: Sendable {
    public static let shared = TickToOrderProbe()

    /// Nanoseconds since the probe's origin (one monotonic clock for both sides of loopback).
    public struct Stamps: Sendable, Equatable {
        public var frameWritten: Int64
        public var frameArrived: Int64
        public var requestSent: Int64
        public var requestReceived: Int64
        /// When stages are on: each `Stage`'s stamp (by raw value), or nil when the round's
        /// input did not pass it before the request was sent.
        public var stages: [Int64?] = []
        /// The order's request found no signature made ahead and was signed on its own path
        /// (about 0.65 ms of RSA inside the round).
        public var signedOnPath = false

        /// Frame handed over by the WebSocket client → order request handed to the HTTP client:
        /// the session's own work (decode, book, engine, strategy, risk, journal, signing, encoding).
        public var inProcess: Int64 { requestSent - frameArrived }
        /// Frame written by the venue → request read by the venue: the above plus both WebSocket
        /// and HTTP stacks and loopback both ways.
        public var wire: Int64 { requestReceived - frameWritten }
    }

    /// Points on the session's path between the frame's hand-over and the order's request,
    /// stamped only when `enableStages` asked (each then takes the probe's lock): where a
    /// round's time goes, from the code `live` runs rather than a profiler's guess.
    public enum Stage: Int, CaseIterable, Sendable {
        /// The feed client decoded the frame, applied it to its books and posted its events.
        case frameHandled
        /// The session's step took the frame's input.
        case stepStarted
        /// The core returned the step's actions (engine, strategy, risk, journal records).
        case decided
        /// The step's records are in the journal's ahead log.
        case writtenAhead
        /// The order's request task runs in the REST client.
        case requestStarted
        /// The request's URL, headers (the signature among them) and body are built.
        case requestBuilt

        /// The stage the path passes just before this one (the ahead log's is optional: a
        /// journal may not write ahead).
        var follows: Stage? {
            switch self {
            case .frameHandled: nil
            case .stepStarted: .frameHandled
            case .decided: .stepStarted
            case .writtenAhead, .requestStarted: .decided
            case .requestBuilt: .requestStarted
            }
        }

        /// The stage's name in the benchmark's JSON keys.
        public var name: String {
            switch self {
            case .frameHandled: "frame_handled"
            case .stepStarted: "step_started"
            case .decided: "decided"
            case .writtenAhead: "written_ahead"
            case .requestStarted: "request_started"
            case .requestBuilt: "request_built"
            }
        }
    }

    private struct Round {
        var armed = false
        var triggerClaimed = false
        var frameWritten: Int64?
        var frameArrived: Int64?
        var requestSent: Int64?
        var requestReceived: Int64?
        var settled = false
        var abandoned = false
        var waiter: CheckedContinuation<Stamps?, Never>?
        var stages: [Int64?] = []
        var signedOnPath = false

        var stamps: Stamps? {
            guard let frameWritten, let frameArrived, let requestSent, let requestReceived else { return nil }
            return Stamps(
                frameWritten: frameWritten, frameArrived: frameArrived, requestSent: requestSent,
                requestReceived: requestReceived,
                stages: stages, signedOnPath: signedOnPath)
        }
    }

    private let enabled = Atomic<Bool>(false)
    private let stagesEnabled = Atomic<Bool>(false)
    private let round = Mutex(Round())
    private let origin: ContinuousClock.Instant
    /// The origin on the system's monotonic clock (`CLOCK_MONOTONIC`, perf's `-k monotonic`), in
    /// nanoseconds: `monotonicNanoseconds(_:)` places a stamp on a profiler's time line.
    public let originMonotonicNanoseconds: Int64

    /// The hooks use `shared`; a separate probe is for tests of the probe itself.
    public init() {
        // The origin read between two monotonic readings: off by half their gap at most (well
        // under a microsecond), against rounds of tens.
        let before = Self.monotonicNow()
        origin = ContinuousClock.now
        let after = Self.monotonicNow()
        originMonotonicNanoseconds = before + (after - before) / 2
    }

    /// A stamp (nanoseconds since the origin) on the system's monotonic clock.
    public func monotonicNanoseconds(_ stamp: Int64) -> Int64 { originMonotonicNanoseconds &+ stamp }

    static func monotonicNow() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return Int64(now.tv_sec) * 1_000_000_000 + Int64(now.tv_nsec)
    }

    @inline(__always) public var isEnabled: Bool { enabled.load(ordering: .relaxed) }

    public func enable() { enabled.store(true, ordering: .relaxed) }

    public func disable() {
        enabled.store(false, ordering: .relaxed)
        stagesEnabled.store(false, ordering: .relaxed)
        round.withLock { $0 = Round() }
    }

    /// Stamps the `Stage`s too, from the next round on (with `enable`).
    public func enableStages() { stagesEnabled.store(true, ordering: .relaxed) }

    /// Starts a round: the next book frame and order request are stamped.
    public func arm() {
        let stages: [Int64?] = stagesEnabled.load(ordering: .relaxed) ? Array(repeating: nil, count: Stage.allCases.count) : []
        round.withLock { $0 = Round(armed: true, stages: stages) }
    }

    /// The first time in the round that the path reached `stage`, once the frame has arrived
    /// and until the request is sent, after the stage it follows: a step that began before the
    /// frame arrived (another input's) would otherwise stamp the frame's later stages before
    /// its earlier ones (seen on a loaded machine: `decided` 68 µs before `step_started`).
    @inline(__always) public func stage(_ stage: Stage) {
        guard stagesEnabled.load(ordering: .relaxed) else { return }
        stamp(stage)
    }

    private func stamp(_ stage: Stage) {
        let now = nanoseconds()
        round.withLock { round in
            guard round.armed, round.frameArrived != nil, round.requestSent == nil, stage.rawValue < round.stages.count,
                round.stages[stage.rawValue] == nil
            else { return }
            if let previous = stage.follows {
                guard let passed = round.stages[previous.rawValue], passed <= now else { return }
            }
            round.stages[stage.rawValue] = now
        }
    }

    /// True once per armed round: the benchmark's strategy places an order only then.
    public func claimTrigger() -> Bool {
        guard isEnabled else { return false }
        return round.withLock { round in
            guard round.armed, round.frameArrived != nil, !round.triggerClaimed else { return false }
            round.triggerClaimed = true
            return true
        }
    }

    public func frameWritten(_ text: String) {
        guard isEnabled else { return }
        let now = nanoseconds()
        guard Self.isBookDelta(text) else { return }
        round.withLock { round in
            if round.armed, round.frameWritten == nil { round.frameWritten = now }
        }
    }

    public func frameArrived(_ text: String) {
        guard isEnabled else { return }
        let now = nanoseconds()
        guard Self.isBookDelta(text) else { return }
        round.withLock { round in
            if round.armed, round.frameWritten != nil, round.frameArrived == nil { round.frameArrived = now }
        }
    }

    public func requestSent(method: String, path: String) {
        guard isEnabled else { return }
        let now = nanoseconds()
        guard Self.isOrderCreation(method: method, path: path) else { return }
        round.withLock { round in
            if round.triggerClaimed, round.requestSent == nil { round.requestSent = now }
        }
    }

    /// A request was signed on the spot, with no signature made ahead for it: counted against
    /// the round when it falls between the frame's arrival and the order's request.
    public func signedOnPath() {
        guard isEnabled else { return }
        round.withLock { round in
            if round.armed, round.frameArrived != nil, round.requestSent == nil { round.signedOnPath = true }
        }
    }

    public func requestReceived(method: String, path: String) {
        guard isEnabled else { return }
        let now = nanoseconds()
        guard Self.isOrderCreation(method: method, path: path) else { return }
        finish { round in
            guard round.requestSent != nil, round.requestReceived == nil else { return }
            round.requestReceived = now
        }
    }

    /// The benchmark's strategy saw its order end (the exchange's answer processed): the
    /// session is idle again and the next round may start.
    public func orderSettled() {
        guard isEnabled else { return }
        finish { round in if round.triggerClaimed { round.settled = true } }
    }

    /// The round's stamps once the venue has read the order request and the session has
    /// processed its answer; nil if `abandonWaiting` was called first. One waiter at a time.
    public func completedRound() async -> Stamps? {
        await withCheckedContinuation { continuation in
            let (done, ready) = round.withLock { round -> (Bool, Stamps?) in
                if round.abandoned { return (true, nil) }
                if round.settled, let stamps = round.stamps { return (true, stamps) }
                round.waiter = continuation
                return (false, nil)
            }
            if done { continuation.resume(returning: ready) }
        }
    }

    /// Ends the round's wait, whether it has begun or not (the benchmark gave up on the round).
    public func abandonWaiting() {
        let waiter = round.withLock { round in
            round.abandoned = true
            defer { round.waiter = nil }
            return round.waiter
        }
        waiter?.resume(returning: nil)
    }

    private func finish(_ update: (inout Round) -> Void) {
        let (waiter, stamps) = round.withLock { round -> (CheckedContinuation<Stamps?, Never>?, Stamps?) in
            update(&round)
            guard round.settled, let stamps = round.stamps, let waiter = round.waiter else { return (nil, nil) }
            round.waiter = nil
            return (waiter, stamps)
        }
        if let waiter { waiter.resume(returning: stamps) }
    }

    /// Where the round stands, for a benchmark that gave up waiting.
    public var progress: String {
        round.withLock { round in
            "armed \(round.armed), frame written \(round.frameWritten != nil), arrived \(round.frameArrived != nil), "
                + "trigger claimed \(round.triggerClaimed), request sent \(round.requestSent != nil), "
                + "received \(round.requestReceived != nil), order settled \(round.settled)"
        }
    }

    private func nanoseconds() -> Int64 { (ContinuousClock.now - origin).saturatingNanoseconds }

    private static func isOrderCreation(method: String, path: String) -> Bool {
        method == "POST" && path.hasSuffix("/portfolio/events/orders")
    }

    /// Whether a frame is a book delta, by a scan of its bytes: the frame arrives stamped, so
    /// this runs inside the interval measured (Foundation's `contains` took microseconds there).
    static func isBookDelta(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { contains($0, "orderbook_delta") }
    }

    static func contains(_ bytes: UnsafeBufferPointer<UInt8>, _ needle: StaticString) -> Bool {
        let count = needle.utf8CodeUnitCount
        guard count > 0, bytes.count >= count else { return count == 0 }
        let first = needle.utf8Start.pointee
        var index = 0
        while index <= bytes.count - count {
            if bytes[index] == first {
                var matched = 1
                while matched < count, bytes[index + matched] == needle.utf8Start[matched] { matched += 1 }
                if matched == count { return true }
            }
            index += 1
        }
        return false
    }
}
