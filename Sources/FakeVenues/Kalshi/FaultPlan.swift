import Foundation

/// Faults the fake exchange can inject, to prove the client survives them. Rates are
/// probabilities per frame or per request; everything is driven by a seeded generator.
public struct FaultPlan: Sendable, Equatable {
    /// Book frames (`orderbook_delta`) silently dropped; their sequence number is consumed,
    /// so the client sees a gap.
    public var dropRate: Double = 0
    /// Book frames sent twice.
    public var duplicateRate: Double = 0
    /// `fill` messages sent twice (the same trade id again).
    public var duplicateFillRate: Double = 0
    /// Book frames held back and sent after the next one.
    public var reorderRate: Double = 0
    /// Sequence numbers skipped without dropping data (a pure gap).
    public var gapRate: Double = 0
    /// Close each WebSocket connection after this many frames (0 = never).
    public var disconnectAfterFrames: Int = 0
    /// REST requests answered 429 before processing.
    public var rateLimitRate: Double = 0
    /// REST requests answered 503 before processing (the request had no effect).
    public var serverErrorRate: Double = 0
    /// REST requests whose path (after `/trade-api/v2`) starts with this are answered 503 before
    /// processing, every time: one endpoint down while the others answer.
    public var unavailablePathPrefix: String?
    /// REST writes processed and then answered 503 (the effect happened, the answer was lost).
    public var lostAnswerRate: Double = 0
    /// Delay between processing each order write and answering it, in milliseconds: the order is
    /// on the book (or filled) while its acknowledgement is still on the way.
    public var ackDelayMs: Int64 = 0
    /// Delay before processing each order write, in milliseconds: the request reaches the
    /// exchange late, so a client killed meanwhile never learns of an order that still happens.
    public var requestDelayMs: Int64 = 0
    /// Stop sending market data (the feed freezes) while true.
    public var frozen: Bool = false
    /// Refuse every WebSocket handshake with 503 (REST still answers): a proxy that blocks
    /// WebSockets, or the feed down.
    public var webSocketRefused: Bool = false
    /// Trading paused from the first to the second number of seconds after the scenario start
    /// (`pause=60-90`): new orders and amends refused, `cancel_order_on_pause` orders canceled.
    public var pauseWindowSeconds: Range<Int64>?
    /// The events open at the start close this many seconds after it (`early-close=120`),
    /// announced with `close_date_updated`.
    public var earlyCloseSeconds: Int64?
    /// A scheduled maintenance window (`maintenance=120-150`): listed in `GET /exchange/schedule`
    /// from the start, and trading paused inside it.
    public var maintenanceWindowSeconds: Range<Int64>?
    /// The events open at the start get a fee override this many seconds after it
    /// (`fee-change=60`: multiplier 2), announced with `event_fee_update`.
    public var feeChangeSeconds: Int64?
    /// The markets open at the start move to the `deci_cent` grid this many seconds after it
    /// (`regrid=60`), announced with `price_level_structure_updated`.
    public var regridSeconds: Int64?
    public var seed: UInt64 = 99

    public init() {}

    public var isEmpty: Bool { self == FaultPlan() }

    /// Parses `--faults` text: comma-separated `name=value` pairs, e.g.
    /// `drop=0.01,duplicate=0.01,reorder=0.01,gap=0.01,disconnect=500,429=0.05,5xx=0.05,lost=0.02,ack-delay=50,request-delay=50,frozen=1,ws-refuse=1,seed=3`,
    /// `5xx-path=/portfolio/fills` (one endpoint down), `pause=60-90` (a trading pause), `maintenance=60-90` (a scheduled one), `early-close=120`,
    /// `fee-change=60` and `regrid=60`.
    public init(parsing text: String) throws(FaultPlanError) {
        self.init()
        for item in text.split(separator: ",") where !item.isEmpty {
            let parts = item.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { throw .malformed(String(item)) }
            let (name, value) = (parts[0].trimmingCharacters(in: .whitespaces), parts[1].trimmingCharacters(in: .whitespaces))
            func rate() throws(FaultPlanError) -> Double {
                guard let number = Double(value), (0...1).contains(number) else {
                    throw .badValue(name: name, value: value, expected: "a probability 0...1")
                }
                return number
            }
            func integer() throws(FaultPlanError) -> Int64 {
                guard let number = Int64(value), number >= 0 else {
                    throw .badValue(name: name, value: value, expected: "a non-negative integer")
                }
                return number
            }
            switch name {
            case "drop": dropRate = try rate()
            case "duplicate": duplicateRate = try rate()
            case "duplicate-fill": duplicateFillRate = try rate()
            case "reorder": reorderRate = try rate()
            case "gap": gapRate = try rate()
            case "disconnect": disconnectAfterFrames = Int(try integer())
            case "429": rateLimitRate = try rate()
            case "5xx": serverErrorRate = try rate()
            case "lost": lostAnswerRate = try rate()
            case "5xx-path":
                guard value.hasPrefix("/") else { throw .badValue(name: name, value: value, expected: "a path starting with /") }
                unavailablePathPrefix = value
            case "ack-delay", "request-delay":
                let delay = try integer()
                guard delay <= 600_000 else { throw .badValue(name: name, value: value, expected: "milliseconds, 0...600000") }
                if name == "ack-delay" { ackDelayMs = delay } else { requestDelayMs = delay }
            case "frozen": frozen = try integer() != 0
            case "ws-refuse": webSocketRefused = try integer() != 0
            case "pause", "maintenance":
                let bounds = value.split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false).map { Int64($0.trimmingCharacters(in: .whitespaces)) }
                guard bounds.count == 2, let from = bounds[0], let to = bounds[1], from >= 0, to > from, to <= 31_536_000 else {
                    throw .badValue(name: name, value: value, expected: "FROM-TO seconds after the start, e.g. 60-90")
                }
                if name == "pause" { pauseWindowSeconds = from..<to } else { maintenanceWindowSeconds = from..<to }
            case "early-close", "fee-change", "regrid":
                let seconds = try integer()
                guard seconds >= 1, seconds <= 86_400 else {
                    throw .badValue(name: name, value: value, expected: "seconds after the start, 1...86400")
                }
                switch name {
                case "early-close": earlyCloseSeconds = seconds
                case "fee-change": feeChangeSeconds = seconds
                default: regridSeconds = seconds
                }
            case "seed": seed = UInt64(try integer())
            default: throw .unknown(name)
            }
        }
    }
}

public enum FaultPlanError: Error, Equatable, Sendable, CustomStringConvertible {
    case malformed(String)
    case unknown(String)
    case badValue(name: String, value: String, expected: String)

    public var description: String {
        switch self {
        case .malformed(let item): return "fault '\(item)' is not name=value"
        case .unknown(let name):
            return
                "unknown fault '\(name)' (known: drop, duplicate, duplicate-fill, reorder, gap, disconnect, 429, 5xx, 5xx-path, lost, ack-delay, request-delay, frozen, ws-refuse, pause, maintenance, early-close, fee-change, regrid, seed)"
        case .badValue(let name, let value, let expected): return "fault \(name)=\(value): expected \(expected)"
        }
    }
}
