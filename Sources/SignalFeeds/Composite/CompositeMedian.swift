import KalshiCore

/// A stand-in for the CF Benchmarks index Kalshi settles on: the median of the constituent
/// venues' latest prices, each venue dropped while it is stale. It consumes the constituents'
/// events and produces its own (ticks of kind `index`, venue `composite`), with its own candles,
/// volatility and staleness: it is stale when no constituent has been fresh for its limit.
public struct CompositeMedian: Sendable {
    /// Which of a venue's prices represents it, best first: the mid is closest to how the index is built.
    public static let representativeKinds: [SignalTick.Kind] = [.mid, .index, .trade]

    public let asset: SignalAsset
    public private(set) var pipeline: SignalPipeline
    private var latest: [SignalVenue: [SignalTick.Kind: SignalTick]] = [:]
    private var freshVenues: Set<SignalVenue> = []
    private var lastMedian: Money?

    public init(
        asset: SignalAsset,
        configuration: SignalPipeline.Configuration = .init(stalenessLimitMs: 1_000, candleKind: .index, priceKinds: [.index])
    ) {
        self.asset = asset
        self.pipeline = SignalPipeline(asset: asset, venue: .composite, configuration: configuration)
    }

    /// Each constituent's representative price and whether it is counted now.
    public var constituents: [SignalVenue: (tick: SignalTick, fresh: Bool)] {
        var result: [SignalVenue: (tick: SignalTick, fresh: Bool)] = [:]
        for (venue, ticks) in latest {
            if let tick = Self.representativeKinds.lazy.compactMap({ ticks[$0] }).first {
                result[venue] = (tick, freshVenues.contains(venue))
            }
        }
        return result
    }

    /// A constituent's event; returns the composite's own events it causes.
    public mutating func observe(_ event: SignalEvent, nowMs: Int64) -> [SignalEvent] {
        switch event {
        case .tick(let tick) where tick.asset == asset && tick.venue != .composite:
            latest[tick.venue, default: [:]][tick.kind] = tick
            freshVenues.insert(tick.venue)
        case .fresh(let venue, let eventAsset) where eventAsset == asset && venue != .composite:
            freshVenues.insert(venue)
        case .stale(let venue, let eventAsset, _) where eventAsset == asset && venue != .composite:
            // The composite was live up to this moment; its own limit runs from here.
            let alive = usable.isEmpty ? [] : pipeline.noteData(receiveMs: nowMs)
            freshVenues.remove(venue)
            return alive + recompute(nowMs: nowMs)
        default:
            return []
        }
        return recompute(nowMs: nowMs)
    }

    public mutating func advance(nowMs: Int64) -> [SignalEvent] {
        var events: [SignalEvent] = []
        if !usable.isEmpty { events += pipeline.noteData(receiveMs: nowMs) }
        return events + pipeline.advance(nowMs: nowMs)
    }

    public func reading(nowMs: Int64) -> SignalReading? { pipeline.reading(nowMs: nowMs) }

    /// Candle history for the composite's own candles (a venue's REST history stands in for the index's).
    public mutating func fill(history: [PriceCandle], nowMs: Int64) -> [SignalEvent] {
        pipeline.fill(with: history, nowMs: nowMs)
    }

    private var usable: [SignalTick] {
        freshVenues.sorted { $0.rawValue < $1.rawValue }.compactMap { venue in
            latest[venue].flatMap { ticks in Self.representativeKinds.lazy.compactMap { ticks[$0] }.first }
        }
    }

    private mutating func recompute(nowMs: Int64) -> [SignalEvent] {
        let inputs = usable
        guard let median = Self.median(inputs.map(\.price)) else { return [] }
        guard median != lastMedian else { return pipeline.noteData(receiveMs: nowMs) }
        lastMedian = median
        let exchangeMs = inputs.map(\.exchangeMs).max() ?? nowMs
        return pipeline.observe(
            SignalTick(asset: asset, venue: .composite, kind: .index, price: median, exchangeMs: exchangeMs, receiveMs: nowMs))
    }

    /// The middle value; for an even count the mean of the two middle values, rounded down to the micro-dollar.
    public static func median(_ prices: [Money]) -> Money? {
        guard !prices.isEmpty else { return nil }
        let sorted = prices.sorted()
        let middle = sorted.count / 2
        if sorted.count % 2 == 1 { return sorted[middle] }
        let sum = sorted[middle - 1].micros + sorted[middle].micros
        return Money(micros: sum >= 0 ? sum / 2 : (sum - 1) / 2)
    }
}
