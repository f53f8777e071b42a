import KalshiCore

/// The exchange of the demo, replay and backtest: our orders meet the displayed book of the
/// market data, level by level, with partial fills, exact fees, queue positions for resting
/// orders, latency, and settlement from the index. Pure: the runner feeds it market data and
/// our commands in time order, and delivers its reports back to the engine.
public struct SimulatedExchange: Sendable {
    public let configuration: SimulatedExchangeConfiguration
    private var markets: [SimulatedMarket] = []
    /// The index history of each asset, by slot: a session has a handful of assets, and
    /// comparing a short name is cheaper than hashing it on every spot.
    private var settlementAssets: [String] = []
    private var settlementCalculators: [SettlementCalculator] = []
    private var nextOrderNumber = 1
    private var nextTradeNumber = 1
    /// Every order id we issued, by client order id (for cancels and amends).
    private var marketOfOrder: [String: MarketID] = [:]
    private var knownClientOrderIds: Set<String> = []
    /// Earliest time a market may need settling; checking stops being a loop over every market
    /// on every event.
    private var nextSettlementCheckMs: Int64 = .max
    /// Set by `SimulationRunner`, whose engine keeps the same books from the same market data:
    /// a market with nothing of ours in it then stops applying book updates (half of a
    /// backtest's book work, nearly all the time), and takes the engine's book up again when
    /// an order arrives (`arrive(_:atMs:engineBook:)`) or when the engine's book is about to
    /// stop following the feed (`bookWanted`). Market data reaches both in the same order, so
    /// the book taken up is the one this exchange would have kept.
    public private(set) var sharesEngineBooks = false
    /// A lapsed market whose book must be taken up from the engine's (still unchanged by the
    /// event just observed) before the engine processes that event: see `resume(_:from:)`.
    public private(set) var bookWanted: MarketID?
    /// How many times a book lapsed (the tests check that sharing happened).
    public private(set) var lapses = 0

    public init(configuration: SimulatedExchangeConfiguration = SimulatedExchangeConfiguration()) {
        self.configuration = configuration
    }

    public mutating func addMarket(_ id: MarketID, metadata: MarketMetadata, asset: String?) {
        precondition(id.index == markets.count, "markets must be added in id order")
        markets.append(SimulatedMarket(metadata: metadata, asset: asset))
        nextSettlementCheckMs = min(nextSettlementCheckMs, metadata.closeTimeMs)
        if let asset, settlementSlot(asset) == nil {
            settlementAssets.append(asset)
            settlementCalculators.append(SettlementCalculator())
        }
    }

    public var marketCount: Int { markets.count }

    /// Whether a market's book follows the market data (false once it lapsed).
    public func followsFeed(_ id: MarketID) -> Bool { markets[id.index].followsFeed }

    /// Lets idle markets' books lapse and be taken up from the engine's (see
    /// `sharesEngineBooks`). Only for a runner that feeds this exchange and its engine the
    /// same market data, and passes the engine's book with every arriving command.
    public mutating func shareEngineBooks() {
        sharesEngineBooks = true
    }

    /// Takes up the engine's book for a market whose book lapsed (nothing if it did not), and
    /// clears `bookWanted`.
    public mutating func resume(_ id: MarketID, from engineBook: OrderBook) {
        if bookWanted == id {
            bookWanted = nil
            markets[id.index].engineBookDiverged = true
        }
        guard !markets[id.index].followsFeed else { return }
        markets[id.index].book = engineBook
        markets[id.index].followsFeed = true
    }

    /// A market whose book is no longer read until an order arrives stops following the feed.
    private mutating func lapseIfIdle(_ id: MarketID) {
        if sharesEngineBooks, markets[id.index].followsFeed, markets[id.index].isIdle, !markets[id.index].engineBookDiverged {
            markets[id.index].followsFeed = false
            lapses += 1
        }
    }

    // MARK: Market data

    /// Updates the displayed market; returns reports for our resting orders it filled.
    public mutating func observe(_ timed: TimedEvent) -> [TimedEvent] {
        var reports: [TimedEvent] = []
        observe(timed, into: &reports)
        return reports
    }

    /// `observe`, appending the reports to `reports`. Without resting orders (a taker
    /// strategy's usual state) nothing can fill and no array is built: this runs on every
    /// market event of a backtest.
    public mutating func observe(_ timed: borrowing TimedEvent, into reports: inout [TimedEvent]) {
        switch timed.event {
        case .bookSnapshot(let id, let yes, let no):
            // A snapshot replaces both books whole: they agree again.
            markets[id.index].engineBookDiverged = false
            guard markets[id.index].followsFeed else { return }
            markets[id.index].book.applySnapshot(yes: yes, no: no)
            markets[id.index].consumed.removeAll()
            guard !markets[id.index].resting.isEmpty else { return lapseIfIdle(id) }
            deliver(markets[id.index].fillCrossedOrders(timeMs: timed.timeMs, nextTrade: &nextTradeNumber), at: timed.timeMs, into: &reports)
            lapseIfIdle(id)
        case .bookDelta(let id, let delta):
            guard markets[id.index].followsFeed else { return }
            markets[id.index].applyDelta(delta, model: configuration.queueModel)
            guard !markets[id.index].resting.isEmpty else { return lapseIfIdle(id) }
            deliver(markets[id.index].fillCrossedOrders(timeMs: timed.timeMs, nextTrade: &nextTradeNumber), at: timed.timeMs, into: &reports)
            lapseIfIdle(id)
        case .bookUntrusted(let id), .tradingPaused(let id, false):
            // The engine is about to invalidate its book and ignore deltas until a snapshot;
            // this one goes on with the feed, so it must not lapse until then.
            if sharesEngineBooks { bookWanted = id }
        case .publicTrade(let id, let price, let count, let taker):
            guard !markets[id.index].resting.isEmpty else { return }
            deliver(
                markets[id.index].applyTrade(price: price, count: count, takerSide: taker, nextTrade: &nextTradeNumber),
                at: timed.timeMs, into: &reports)
            lapseIfIdle(id)
        case .spot(let observation) where observation.kind == .index:
            if let slot = settlementSlot(observation.asset) {
                settlementCalculators[slot].record(observation.price, atMs: observation.exchangeTimeMs)
            }
        default:
            break
        }
    }

    /// Whether `settleDue(nowMs:)` may have something to do: false until the earliest close.
    public func mayHaveSettlementsDue(nowMs: Int64) -> Bool { nowMs >= nextSettlementCheckMs }

    /// Inlined: called from mutating methods, a method call would pass the whole exchange by
    /// value (a copy retaining every array in it) on every spot.
    @inline(__always)
    private func settlementSlot(_ asset: String) -> Int? {
        for index in settlementAssets.indices where settlementAssets[index] == asset { return index }
        return nil
    }

    // MARK: Orders

    /// A command reaching the exchange at `timeMs` (the runner adds the entry latency). With
    /// `sharesEngineBooks`, `engineBook` is the engine's book of the command's market, taken up
    /// if this one lapsed.
    public mutating func arrive(_ command: VenueCommand, atMs timeMs: Int64, engineBook: OrderBook? = nil) -> [TimedEvent] {
        let market = command.market
        if !markets[market.index].followsFeed {
            guard let engineBook else {
                preconditionFailure("a command reached a market whose book lapsed without the engine's book")
            }
            markets[market.index].book = engineBook
            markets[market.index].followsFeed = true
        }
        defer { lapseIfIdle(market) }
        var reports: [ExecutionReport] = []
        switch command {
        case .place(let spec):
            reports = place(spec, timeMs: timeMs)
        case .cancel(let clientOrderId, let market):
            if let order = markets[market.index].remove(clientOrderId) {
                reports = [.canceled(clientOrderId: clientOrderId, canceledCount: order.remaining, reason: "requested")]
            } else {
                reports = [.rejected(clientOrderId: clientOrderId, reason: "order_not_found")]
            }
        case .amend(let clientOrderId, let market, let price, let totalCount):
            guard var order = markets[market.index].remove(clientOrderId) else {
                reports = [.rejected(clientOrderId: clientOrderId, reason: "order_not_found")]
                break
            }
            let filled = order.spec.count.units - order.remaining.units
            guard totalCount.units > filled, markets[market.index].metadata.priceGrid.isOnGrid(price) else {
                markets[market.index].resting.append(order)
                reports = [.rejected(clientOrderId: clientOrderId, reason: "invalid_order")]
                break
            }
            let keepsPriority = price == order.spec.price && totalCount.units <= order.spec.count.units
            order.spec.price = price
            order.spec.count = totalCount
            order.remaining = Quantity(units: totalCount.units - filled)
            reports = [.amended(clientOrderId: clientOrderId, price: price, totalCount: totalCount)]
            if keepsPriority {
                markets[market.index].resting.append(order)
            } else {
                // Re-queued at the back; it may now cross.
                var spec = order.spec
                reports += markets[market.index].match(
                    &spec, alreadyFilled: filled, orderId: order.orderId, timeMs: timeMs, model: configuration.queueModel,
                    nextTrade: &nextTradeNumber)
            }
        }
        return deliver(reports, at: timeMs)
    }

    private mutating func place(_ spec: OrderSpec, timeMs: Int64) -> [ExecutionReport] {
        let market = markets[spec.market.index]
        guard !knownClientOrderIds.contains(spec.clientOrderId) else {
            return [.rejected(clientOrderId: spec.clientOrderId, reason: "order_already_exists")]
        }
        guard market.settled == nil, timeMs < market.metadata.closeTimeMs else {
            return [.rejected(clientOrderId: spec.clientOrderId, reason: "market_closed")]
        }
        guard market.metadata.priceGrid.isOnGrid(spec.price), spec.price > .zero, spec.price < .one else {
            return [.rejected(clientOrderId: spec.clientOrderId, reason: "invalid_price")]
        }
        guard spec.count.units > 0 else { return [.rejected(clientOrderId: spec.clientOrderId, reason: "invalid_order_size")] }
        knownClientOrderIds.insert(spec.clientOrderId)
        marketOfOrder[spec.clientOrderId] = spec.market
        let orderId = "sim-\(nextOrderNumber)"
        nextOrderNumber += 1
        if spec.postOnly, markets[spec.market.index].crosses(spec) {
            return [.rejected(clientOrderId: spec.clientOrderId, reason: "post only cross")]
        }
        var remaining = spec
        return [.accepted(clientOrderId: spec.clientOrderId, orderId: orderId)]
            + markets[spec.market.index].match(
                &remaining, orderId: orderId, timeMs: timeMs, model: configuration.queueModel, nextTrade: &nextTradeNumber)
    }

    // MARK: Settlement

    /// Settles markets whose close (plus the settlement delay) has passed, from the index; their
    /// resting orders are canceled at the close.
    public mutating func settleDue(nowMs: Int64) -> [TimedEvent] {
        guard nowMs >= nextSettlementCheckMs else { return [] }
        var events: [TimedEvent] = []
        for index in markets.indices where markets[index].settled == nil {
            let metadata = markets[index].metadata
            guard nowMs >= metadata.closeTimeMs else { continue }
            let canceled = markets[index].resting.map {
                ExecutionReport.canceled(clientOrderId: $0.spec.clientOrderId, canceledCount: $0.remaining, reason: "market_closed")
            }
            markets[index].resting.removeAll()
            events += deliver(canceled, at: nowMs)
            guard nowMs >= metadata.closeTimeMs + configuration.settlementDelayMs,
                let asset = markets[index].asset, let slot = settlementSlot(asset),
                case let calculator = settlementCalculators[slot],
                case .success(let value) = calculator.settlementValue(closeMs: metadata.closeTimeMs),
                let yes = metadata.yesWins(settlementValue: value)
            else { continue }
            markets[index].settled = value
            events.append(TimedEvent(timeMs: nowMs, .settlement(MarketID(index), result: yes ? .yes : .no, value: value)))
        }
        return events
    }

    /// Settlement value a market got, if settled.
    public func settlementValue(_ id: MarketID) -> Money? { markets[id.index].settled }

    private func deliver(_ reports: [ExecutionReport], at timeMs: Int64, into events: inout [TimedEvent]) {
        for report in reports { events.append(TimedEvent(timeMs: timeMs + configuration.acknowledgementLatencyMs, .execution(report))) }
    }

    private func deliver(_ reports: [ExecutionReport], at timeMs: Int64) -> [TimedEvent] {
        var events: [TimedEvent] = []
        deliver(reports, at: timeMs, into: &events)
        return events
    }
}
