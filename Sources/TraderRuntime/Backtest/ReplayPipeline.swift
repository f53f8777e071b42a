import KalshiAPI
import KalshiCore
import Recording
import SignalFeeds
import TradingEngine

/// Turns a recording's records into the engine's events, exactly as a live session turns
/// what its clients deliver into them: normalized records map one-to-one; raw records (from
/// `record`) run through the same sans-I/O sessions the live clients use — Kalshi frames
/// through `KalshiFeedSession` (sequence checks, untrusted books) and `EventTranslator`,
/// signal frames through the venue's `SignalSession` and `SignalTranslation.translate`.
struct ReplayPipeline {
    enum Output: Sendable {
        case none
        case event(EngineEvent)
        case events([EngineEvent])
        /// A market to register with every runner before later events refer to it.
        indirect case market(MarketMetadata, asset: String?)
    }

    let header: RecordingHeader
    private var assets: [String?] = []
    private var venues: [String?] = []
    /// Engine market id by the recording's market id.
    private var engineIds = RecordIdTable<MarketID>()
    private(set) var marketIDs: [String: MarketID] = [:]
    private(set) var grids: [String: PriceGrid] = [:]
    private var kalshi: KalshiFeedSession?
    private var signals: [RecordedSource: any SignalSession] = [:]
    private var lastSpot: [String: SpotObservation] = [:]
    /// Records that could not be used (a market id never defined): counted, never fatal.
    private(set) var unusable = 0

    init(header: RecordingHeader) {
        self.header = header
    }

    @inline(__always)
    private func market(_ id: UInt32) -> MarketID? {
        engineIds[id]
    }

    mutating func translate(_ record: Record) -> Output {
        switch record.event {
        case .bookDelta(let id, let delta):
            guard let market = market(id) else { return unused() }
            return .event(.bookDelta(market, delta))
        case .spot(let spot):
            guard let asset = name(assets, spot.asset) else { return unused() }
            let kind: SpotObservation.Kind =
                switch spot.kind {
                case .index: .index
                case .mid: .mid
                case .trade: .trade
                }
            return .event(
                .spot(
                    SpotObservation(
                        asset: asset, price: spot.price, kind: kind, venue: name(venues, spot.venue) ?? "",
                        exchangeTimeMs: spot.exchangeTimeMs,
                        isStale: spot.isStale)))
        case .publicTrade(let id, let price, let count, let taker):
            guard let market = market(id) else { return unused() }
            return .event(.publicTrade(market, yesPrice: price, count: count, takerSide: taker))
        case .timer:
            return .event(.timer)
        case .bookSnapshot(let id, let yes, let no):
            guard let market = market(id) else { return unused() }
            return .event(.bookSnapshot(market, yes: yes, no: no))
        case .bookUntrusted(let id):
            guard let market = market(id) else { return unused() }
            return .event(.bookUntrusted(market))
        case .volatility(let asset, let sigma):
            guard let asset = name(assets, asset) else { return unused() }
            return .event(.volatility(asset: asset, sigma: sigma))
        case .name(let entry):
            switch entry.namespace {
            case .asset: set(&assets, entry.id, entry.text)
            case .venue: set(&venues, entry.id, entry.text)
            }
            return .none
        case .market(let definition):
            let ticker = definition.metadata.ticker
            let engineId = marketIDs[ticker] ?? MarketID(marketIDs.count)
            marketIDs[ticker] = engineId
            grids[ticker] = definition.metadata.priceGrid
            engineIds[definition.id] = engineId
            return .market(definition.metadata, asset: definition.asset)
        case .sessionInput(let source, let input):
            return source == .kalshi
                ? kalshiInput(input, timeMs: record.timeMs) : signalInput(source, input, timeMs: record.timeMs)
        case .candleHistory(let source, let candles):
            guard var session = signalSession(source) else { return unused() }
            let actions = session.fill(history: RecordedSessions.candles(candles), nowMs: record.timeMs)
            signals[source] = session
            return signalEvents(actions, asset: session.asset.symbol)
        }
    }

    private mutating func unused() -> Output {
        unusable += 1
        return .none
    }

    private func name(_ table: [String?], _ id: UInt16) -> String? {
        Int(id) < table.count ? table[Int(id)] : nil
    }

    private func set(_ table: inout [String?], _ id: UInt16, _ text: String) {
        if table.count <= Int(id) { table += Array(repeating: nil, count: Int(id) + 1 - table.count) }
        table[Int(id)] = text
    }

    // MARK: Raw Kalshi frames

    private mutating func kalshiInput(_ input: SessionInput, timeMs: Int64) -> Output {
        if kalshi == nil {
            let subscriptions = header.kalshiSubscriptions.map {
                FeedSubscription(channels: $0.channels, marketTickers: $0.marketTickers)
            }
            kalshi = KalshiFeedSession(subscriptions: subscriptions, grids: grids)
        }
        let event: KalshiFeedSession.Event
        var disconnected: String?
        switch input {
        case .connected: event = .connected(nowMs: timeMs)
        case .disconnected(let reason):
            event = .disconnected(reason: reason, nowMs: timeMs)
            disconnected = reason
        case .received(let text): event = .received(text, nowMs: timeMs)
        case .tick: event = .tick(nowMs: timeMs)
        }
        let translator = EventTranslator(marketIDs: marketIDs)
        var events: [EngineEvent] = []
        for action in kalshi!.handle(event) {
            switch action {
            case .deliver(let message): events += translator.translate(.message(message))
            case .booksUntrusted(let tickers): events += translator.translate(.booksUntrusted(tickers))
            case .send, .reconnect, .malformed: break
            }
        }
        // The live client reports the disconnection after the session's own actions.
        if let disconnected { events += translator.translate(.disconnected(reason: disconnected)) }
        switch events.count {
        case 0: return .none
        case 1: return .event(events[0])
        default: return .events(events)
        }
    }

    // MARK: Raw signal frames

    /// The source's session, taken out of the table so mutating it copies nothing (callers put
    /// it back).
    private mutating func signalSession(_ source: RecordedSource) -> (any SignalSession)? {
        if let session = signals.removeValue(forKey: source) { return session }
        guard let declared = header.signalSessions.first(where: { $0.source == source.name }) else { return nil }
        return RecordedSessions.signalSession(declared)
    }

    private mutating func signalInput(_ source: RecordedSource, _ input: SessionInput, timeMs: Int64) -> Output {
        guard var session = signalSession(source) else { return unused() }
        let event: SignalSessionEvent =
            switch input {
            case .connected: .connected(nowMs: timeMs)
            case .disconnected(let reason): .disconnected(reason: reason, nowMs: timeMs)
            case .received(let text): .received(text, nowMs: timeMs)
            case .tick: .tick(nowMs: timeMs)
            }
        let actions = session.handle(event)
        signals[source] = session
        return signalEvents(actions, asset: session.asset.symbol)
    }

    private mutating func signalEvents(_ actions: [SignalSessionAction], asset: String) -> Output {
        var events: [EngineEvent] = []
        for action in actions {
            guard case .emit(let signal) = action else { continue }
            events += SignalTranslation.translate(signal, asset: asset, last: &lastSpot[asset])
        }
        switch events.count {
        case 0: return .none
        case 1: return .event(events[0])
        default: return .events(events)
        }
    }
}
