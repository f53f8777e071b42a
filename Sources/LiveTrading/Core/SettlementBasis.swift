import KalshiCore
import SignalFeeds

/// Which price the model runs on: Kalshi's CF Benchmarks index (`cfbenchmarks_value`, what the
/// hourly markets settle on) while it ticks, else the spot's (`signals.venue`: the composite
/// median of Crypto.com and Coinbase by default).
/// The difference between the two, while both tick, is the basis the status line shows.
struct SettlementBasis: Sendable {
    /// The index counts as ticking for this long after its last value (it sends one a second).
    static let freshMs: Int64 = 5_000

    var index: (price: Money, receivedMs: Int64)?
    var reference: SignalTick?
    var referenceReceivedMs: Int64?

    /// Records a tick; true when the engine should price on it.
    mutating func admit(_ tick: SignalTick, nowMs: Int64) -> Bool {
        if tick.venue == .cfBenchmarks {
            index = (tick.price, nowMs)
            return true
        }
        guard tick.kind == .index else { return true }
        reference = tick
        referenceReceivedMs = nowMs
        return !indexTicking(nowMs: nowMs)
    }

    func indexTicking(nowMs: Int64) -> Bool {
        index.map { nowMs - $0.receivedMs <= SettlementBasis.freshMs } ?? false
    }

    /// Index minus reference while both tick.
    func basis(nowMs: Int64) -> Money? {
        guard let index, indexTicking(nowMs: nowMs), let reference, let received = referenceReceivedMs,
            nowMs - received <= SettlementBasis.freshMs
        else { return nil }
        return index.price - reference.price
    }
}
