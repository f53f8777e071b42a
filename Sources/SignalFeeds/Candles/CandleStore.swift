import KalshiCore

/// One-minute candles of one price stream, formed from observations as they arrive.
///
/// The forming candle is kept current by every observation and is closed *on time*: as soon as
/// the venue clock passes its end (`advance(toMs:)`, driven by later observations or by the
/// session's clock tick), not when the next observation happens to arrive. A minute with no
/// observation gets no candle: inventing flat bars would understate volatility during an outage.
/// Venue candles (REST history, the candlestick channel) only fill minutes we did not observe.
public struct CandleStore: Sendable {
    public static let minuteMs: Int64 = 60_000

    /// Closed candles, oldest first, strictly increasing `startMs`.
    public private(set) var closed: [PriceCandle] = []
    /// The candle of the current minute, nil until the first observation of that minute.
    public private(set) var forming: PriceCandle?
    /// Observations older than the forming candle (they arrived after their minute was closed).
    public private(set) var lateObservations = 0
    /// How many closed candles to keep (a day by default; the estimator needs about two hours).
    public let capacity: Int

    public init(capacity: Int = 1_440) {
        precondition(capacity > 0, "candle store capacity must be positive")
        self.capacity = capacity
    }

    public static func minuteStart(of ms: Int64) -> Int64 {
        let remainder = ms % minuteMs
        let truncated = ms - remainder  // cannot overflow: |remainder| <= |ms|, same sign
        guard remainder < 0 else { return truncated }
        // Only the first minute of the Int64 range has no representable start; times are bounded
        // by the decoders long before that, so saturate rather than trap.
        let (floor, overflowed) = truncated.subtractingReportingOverflow(minuteMs)
        return overflowed ? truncated : floor
    }

    /// Folds a price observed at venue time `atMs`; returns the candles this closed.
    public mutating func observe(_ price: Money, atMs: Int64) -> [PriceCandle] {
        let start = CandleStore.minuteStart(of: atMs)
        if let current = forming, start < current.startMs {
            lateObservations += 1
            return []
        }
        if let last = closed.last, forming == nil, start <= last.startMs {
            lateObservations += 1
            return []
        }
        let done = advance(toMs: atMs)
        if forming == nil {
            forming = PriceCandle(startMs: start, first: price)
        } else {
            forming!.fold(price)
        }
        return done
    }

    /// Closes the forming candle once venue time reaches its end; returns it (or nothing).
    public mutating func advance(toMs: Int64) -> [PriceCandle] {
        // A minute that would end past Int64.max never ends (the decoders bound times; no trap here).
        guard let current = forming, case (let end, false) = current.startMs.addingReportingOverflow(CandleStore.minuteMs),
            toMs >= end
        else { return [] }
        forming = nil
        append(current)
        return [current]
    }

    /// Inserts venue candles for minutes that have no candle yet and are already over
    /// (before the forming candle, and not after `beforeMs`); returns how many were inserted.
    @discardableResult
    public mutating func fill(with candles: [PriceCandle], before beforeMs: Int64) -> Int {
        let limit = min(forming?.startMs ?? Int64.max, CandleStore.minuteStart(of: beforeMs))
        var known = Set(closed.map(\.startMs))
        var inserted = 0
        for candle in candles.sorted(by: { $0.startMs < $1.startMs })
        where candle.startMs < limit && candle.startMs % CandleStore.minuteMs == 0 && !known.contains(candle.startMs) {
            closed.append(candle)
            known.insert(candle.startMs)
            inserted += 1
        }
        if inserted > 0 {
            closed.sort { $0.startMs < $1.startMs }
            trim()
        }
        return inserted
    }

    private mutating func append(_ candle: PriceCandle) {
        closed.append(candle)
        trim()
    }

    private mutating func trim() {
        // Trim in chunks so appending stays amortized O(1).
        if closed.count > capacity + capacity / 4 { closed.removeFirst(closed.count - capacity) }
    }

    /// The last `count` closed candles, oldest first.
    public func recent(_ count: Int) -> ArraySlice<PriceCandle> { closed.suffix(count) }
}
