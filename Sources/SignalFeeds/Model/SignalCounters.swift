/// What a source has seen, for the closing summary and for monitoring.
public struct SignalCounters: Sendable, Equatable {
    public var connects = 0
    /// Connections after the first.
    public var reconnects = 0
    public var disconnects = 0
    public var frames = 0
    public var malformedFrames = 0
    public var heartbeats = 0
    /// Heartbeats we answered (Crypto.com asks for an answer; Coinbase does not).
    public var heartbeatsAnswered = 0
    /// Sequence breaks: a book delta whose `pu` was not our last `u`, or a sequence that went backwards.
    public var gaps = 0
    /// Snapshots re-requested after a break.
    public var resyncs = 0
    /// Frames dropped because they repeated data already applied.
    public var duplicates = 0
    public var venueErrors = 0
    public var ticks: [SignalTick.Kind: Int] = [:]
    public var candlesClosed = 0

    public init() {}

    /// Counts a new connection; every one after the first is a reconnect.
    public mutating func countConnect() {
        if connects > 0 { reconnects += 1 }
        connects += 1
    }

    public var totalTicks: Int { ticks.values.reduce(0, +) }

    /// Sums two sources' counters (the composite's summary covers its constituents).
    public static func + (lhs: SignalCounters, rhs: SignalCounters) -> SignalCounters {
        var sum = lhs
        sum.connects += rhs.connects
        sum.reconnects += rhs.reconnects
        sum.disconnects += rhs.disconnects
        sum.frames += rhs.frames
        sum.malformedFrames += rhs.malformedFrames
        sum.heartbeats += rhs.heartbeats
        sum.heartbeatsAnswered += rhs.heartbeatsAnswered
        sum.gaps += rhs.gaps
        sum.resyncs += rhs.resyncs
        sum.duplicates += rhs.duplicates
        sum.venueErrors += rhs.venueErrors
        sum.ticks.merge(rhs.ticks, uniquingKeysWith: +)
        sum.candlesClosed += rhs.candlesClosed
        return sum
    }
}
