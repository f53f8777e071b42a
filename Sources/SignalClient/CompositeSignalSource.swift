import SignalFeeds

/// The composite source: runs its constituents, forwards their events, and adds its own
/// (median ticks, staleness, candles, volatility) from `CompositeMedian`. It owns the
/// constituents: do not run them or consume their events elsewhere.
public actor CompositeSignalSource: SignalSource {
    public nonisolated let venue = SignalVenue.composite
    public nonisolated let asset: SignalAsset
    public nonisolated let events: AsyncStream<SignalEvent>
    public nonisolated let constituents: [any SignalSource]
    private let eventSink: AsyncStream<SignalEvent>.Continuation
    private var median: CompositeMedian
    private var ownCounters = SignalCounters()
    private let tickIntervalMs: Int64
    private let history: (@Sendable () async throws -> [PriceCandle])?
    private let historyRetry: CandleHistoryRetry

    public init(
        asset: SignalAsset, constituents: [any SignalSource], median: CompositeMedian? = nil,
        history: (@Sendable () async throws -> [PriceCandle])? = nil, historyRetry: CandleHistoryRetry = CandleHistoryRetry(),
        tickIntervalMs: Int64 = 100
    ) {
        self.asset = asset
        self.constituents = constituents
        self.history = history
        self.historyRetry = historyRetry
        self.median = median ?? CompositeMedian(asset: asset)
        self.tickIntervalMs = tickIntervalMs
        (events, eventSink) = AsyncStream.makeStream(bufferingPolicy: .unbounded)
    }

    public func reading() -> SignalReading? { median.reading(nowMs: SignalClock.nowMs()) }
    public func volatility() -> VolatilityEstimate? { median.pipeline.volatility.latest }
    public func candles() -> [PriceCandle] { median.pipeline.candles.closed }

    /// The constituents' counters summed, plus the composite's own ticks and candles.
    public func counters() async -> SignalCounters {
        var total = ownCounters
        for source in constituents { total = total + (await source.counters()) }
        return total
    }

    public var constituentPrices: [SignalVenue: (tick: SignalTick, fresh: Bool)] { median.constituents }

    public func run() async {
        await withTaskGroup(of: Void.self) { group in
            for source in constituents {
                group.addTask { await source.run() }
                group.addTask {
                    for await event in source.events { await self.forward(event) }
                }
            }
            if let history { group.addTask { await self.loadHistory(history) } }
            group.addTask { await self.tickLoop() }
            // Everything but the history load runs until cancelled.
            while await group.next() != nil {
                if Task.isCancelled { break }
            }
            group.cancelAll()
        }
        eventSink.finish()
    }

    private func forward(_ event: SignalEvent) {
        eventSink.yield(event)
        publish(median.observe(event, nowMs: SignalClock.nowMs()))
    }

    /// Retried as a single venue's history is (`CandleHistoryRetry`): without it the
    /// composite's volatility waits for hours of its own candles.
    private func loadHistory(_ load: @escaping @Sendable () async throws -> [PriceCandle]) async {
        let (venue, sink) = (self.venue, eventSink)
        let loaded = await historyRetry.load(load) { error, retryInMs in
            sink.yield(.venueError(venue, code: -1, message: "candle history, retrying in \(retryInMs) ms: \(error)"))
        }
        guard let candles = loaded else { return }
        eventSink.yield(.historyLoaded(venue, candles: candles.count))
        publish(median.fill(history: candles, nowMs: SignalClock.nowMs()))
    }

    private func tickLoop() async {
        while !Task.isCancelled {
            do { try await Task.sleep(for: .milliseconds(tickIntervalMs)) } catch { return }
            publish(median.advance(nowMs: SignalClock.nowMs()))
        }
    }

    private func publish(_ own: [SignalEvent]) {
        ownCounters.count(own)
        for event in own { eventSink.yield(event) }
    }
}
