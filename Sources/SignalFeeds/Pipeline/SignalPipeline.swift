import KalshiCore

/// What happens to one source's ticks after decoding: the latest value of each kind, the
/// staleness flag, the one-minute candle store and the volatility service. Pure and shared by
/// every session and by the composite, so all sources behave the same way.
public struct SignalPipeline: Sendable {
    public struct Configuration: Sendable, Equatable {
        /// Silence after which the source is stale (our clock).
        public var stalenessLimitMs: Int64
        /// Which tick kind forms the candles (mid for venues: no bid-ask bounce; index for indices).
        public var candleKind: SignalTick.Kind
        /// Order of preference for the source's headline price.
        public var priceKinds: [SignalTick.Kind]
        public var volatility: VolatilityService.Configuration

        public init(
            stalenessLimitMs: Int64 = 5_000, candleKind: SignalTick.Kind = .mid,
            priceKinds: [SignalTick.Kind] = [.mid, .index, .trade],
            volatility: VolatilityService.Configuration = .init()
        ) {
            self.stalenessLimitMs = stalenessLimitMs
            self.candleKind = candleKind
            self.priceKinds = priceKinds
            self.volatility = volatility
        }
    }

    public let asset: SignalAsset
    public let venue: SignalVenue
    public let configuration: Configuration
    public private(set) var candles = CandleStore()
    public private(set) var volatility: VolatilityService
    public private(set) var latest: [SignalTick.Kind: SignalTick] = [:]
    /// Last time (our clock) the source delivered market data of any kind.
    public private(set) var lastDataMs: Int64?
    public private(set) var isStale = true
    private var clock = VenueClock()

    public init(asset: SignalAsset, venue: SignalVenue, configuration: Configuration = Configuration()) {
        self.asset = asset
        self.venue = venue
        self.configuration = configuration
        self.volatility = VolatilityService(asset: asset, venue: venue, configuration: configuration.volatility)
    }

    /// Market data arrived (even data that changed no price, like an empty book delta): the
    /// source is alive. `exchangeMs`, when the frame carries one, advances the venue clock.
    public mutating func noteData(receiveMs: Int64, exchangeMs: Int64? = nil) -> [SignalEvent] {
        lastDataMs = max(lastDataMs ?? receiveMs, receiveMs)
        var events: [SignalEvent] = []
        if isStale {
            isStale = false
            events.append(.fresh(venue, asset))
        }
        if let exchangeMs {
            clock.observe(exchangeMs: exchangeMs, receiveMs: receiveMs)
            // Any frame that moves venue time can close the forming candle, whatever its channel.
            if let venueNow = clock.estimate(nowMs: receiveMs) { events += closed(candles.advance(toMs: venueNow)) }
        }
        return events
    }

    /// A new tick: recorded, counted into the candles when it is of the candle kind.
    public mutating func observe(_ tick: SignalTick) -> [SignalEvent] {
        var events = noteData(receiveMs: tick.receiveMs, exchangeMs: tick.exchangeMs)
        latest[tick.kind] = tick
        events.append(.tick(tick))
        if tick.kind == configuration.candleKind {
            events += closed(candles.observe(tick.price, atMs: tick.exchangeMs))
        }
        return events
    }

    /// Candles from the venue (history, or its candlestick channel): they fill minutes we did not
    /// observe. The volatility is refreshed when any were used.
    public mutating func fill(with venueCandles: [PriceCandle], nowMs: Int64) -> [SignalEvent] {
        let horizon = clock.estimate(nowMs: nowMs) ?? venueCandles.map { $0.startMs + CandleStore.minuteMs }.max() ?? nowMs
        guard candles.fill(with: venueCandles, before: horizon) > 0 else { return [] }
        return refreshVolatility()
    }

    /// The clock moved: closes the forming candle when its minute is over, flags staleness.
    public mutating func advance(nowMs: Int64) -> [SignalEvent] {
        var events: [SignalEvent] = []
        if let venueNow = clock.estimate(nowMs: nowMs) { events += closed(candles.advance(toMs: venueNow)) }
        let age = nowMs - (lastDataMs ?? Int64.min / 2)
        if !isStale, age > configuration.stalenessLimitMs {
            isStale = true
            events.append(.stale(venue, asset, ageMs: age))
        }
        return events
    }

    /// The headline price, flagged stale when the source is silent.
    public func reading(nowMs: Int64) -> SignalReading? {
        guard let tick = configuration.priceKinds.lazy.compactMap({ self.latest[$0] }).first else { return nil }
        let age = nowMs - (lastDataMs ?? tick.receiveMs)
        return SignalReading(tick: tick, isStale: isStale || age > configuration.stalenessLimitMs, ageMs: age)
    }

    private mutating func closed(_ done: [PriceCandle]) -> [SignalEvent] {
        guard !done.isEmpty else { return [] }
        return done.map { SignalEvent.candleClosed(venue, $0) } + refreshVolatility()
    }

    /// Refreshes on every closed candle; reports only a changed σ (a one-minute candle moves the
    /// five-minute estimate only when it completes a bar).
    private mutating func refreshVolatility() -> [SignalEvent] {
        let previous = volatility.latest?.sigma
        guard let estimate = volatility.refresh(from: candles), estimate.sigma != previous else { return [] }
        return [.volatility(estimate)]
    }
}
