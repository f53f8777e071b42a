/// An estimate of the venue's clock from the exchange timestamps it sends. Candles close on
/// venue time; between frames the estimate runs on with our clock, so a quiet venue's minute
/// still closes. (A fake venue running faster than real time is ahead of this estimate between
/// frames, which only delays a close until its next frame.)
public struct VenueClock: Sendable, Equatable {
    public private(set) var lastExchangeMs: Int64?
    public private(set) var lastReceiveMs: Int64?

    public init() {}

    public mutating func observe(exchangeMs: Int64, receiveMs: Int64) {
        // Venue time never runs backwards: an out-of-order frame does not rewind the clock.
        guard exchangeMs >= (lastExchangeMs ?? Int64.min) else { return }
        lastExchangeMs = exchangeMs
        lastReceiveMs = receiveMs
    }

    public func estimate(nowMs: Int64) -> Int64? {
        guard let lastExchangeMs, let lastReceiveMs else { return nil }
        // Saturating: the decoders bound exchange times, and this keeps a stray one (or a clock
        // jump) from trapping the feed.
        guard nowMs > lastReceiveMs else { return lastExchangeMs }
        let (elapsed, elapsedOverflowed) = nowMs.subtractingReportingOverflow(lastReceiveMs)
        let (estimate, overflowed) = lastExchangeMs.addingReportingOverflow(elapsed)
        return elapsedOverflowed || overflowed ? .max : estimate
    }
}
