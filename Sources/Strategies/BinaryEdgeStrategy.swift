import KalshiCore
import Pricing
import TradingEngine

/// The demo algorithm: value each selected market as a Black-Scholes cash-or-nothing binary
/// (spot from the signal, realized volatility from candles, time to the close) and take the
/// book when the edge beats the minimum plus the taker fee: buy YES at the ask when
/// fair − ask > edge + fee, sell YES at the bid when bid − fair > edge + fee. With
/// `orderStyle: .make` it joins the book instead (see `BinaryEdgeConfiguration.OrderStyle`).
/// With `model: .settlementAverage` (the default) the binary is priced on the sixty-second
/// average Kalshi settles on, the index values already published inside that minute counting
/// as known (`SettlementAverageBinary`).
public struct BinaryEdgeStrategy: Strategy {
    public let name = "binary-edge"
    public var configuration: BinaryEdgeConfiguration
    /// Markets currently selected for trading, per asset.
    private var selected: Set<MarketID> = [] {
        didSet {
            selectedInOrder = selected.sorted()
            isSelected = Array(repeating: false, count: (selectedInOrder.last?.index ?? -1) + 1)
            for id in selectedInOrder { isSelected[id.index] = true }
        }
    }
    /// `selected` as flags by market index: the membership test runs on every book update.
    private var isSelected: [Bool] = []
    /// `selected` in id order, kept so evaluation order is deterministic without sorting per tick.
    private var selectedInOrder: [MarketID] = []
    /// Time of our last order per market index (`Int64.min` = never).
    private var lastOrderMs: [Int64] = []
    /// When each asset's selection was last computed, by asset slot (`Int64.min` = never):
    /// strikes are re-chosen at most once a second.
    private var lastSelectionMs: [Int64] = []
    /// The spots seen per asset slot, second by second, for the known part of a settlement window
    /// (by slot, not name: this is touched on every spot). Once an asset has an index (the
    /// settlement source) only index values go in; each at its source's time when that is within
    /// five seconds of the engine's clock, else at the engine's.
    private var windows: [SettlementCalculator] = []
    private var windowHasIndex: [Bool] = []
    /// The settlement-average model's time terms last made (see `valuation`).
    private var windowTerms: SettlementAverageBinary.WindowTerms?
    /// Each market's last `log(spot / strike)`, by market index: a book change values the
    /// market again at the same spot.
    private var logMoneyness: [LogMoneyness] = []

    public init(configuration: BinaryEdgeConfiguration = BinaryEdgeConfiguration()) {
        self.configuration = configuration
    }

    public mutating func onMarketUpdate(_ market: MarketID, state: EngineState, actions: inout StrategyActions) {
        if selected.isEmpty, let asset = state.markets[market.index].asset { reselect(asset: asset, state: state) }
        guard market.index < isSelected.count, isSelected[market.index] else { return }
        evaluate(market, state: state, actions: &actions)
    }

    public mutating func onSignal(asset: String, state: EngineState, actions: inout StrategyActions) {
        guard let slot = state.existingSlot(of: asset) else { return }
        if configuration.model == .settlementAverage, let spot = state.assetStates[slot].spot {
            recordForSettlement(spot, slot: slot, state: state)
        }
        let last = slot < lastSelectionMs.count ? lastSelectionMs[slot] : .min
        if last == .min || state.nowMs - last >= 1_000 { reselect(asset: asset, state: state) }
        for market in selectedInOrder where state.markets[market.index].assetSlot == slot {
            evaluate(market, state: state, actions: &actions)
        }
    }

    public mutating func onTimer(state: EngineState, actions: inout StrategyActions) {
        cancelStaleOrders(state: state, actions: &actions, market: nil)
    }

    /// The fair YES probability of a market, or nil when an input is missing (plain N(d2)).
    public static func fairValue(of market: MarketState, spot: Money, volatility: Double, nowMs: Int64, rate: Double) -> Double? {
        fairValue(of: market.metadata, spot: spot, volatility: volatility, nowMs: nowMs, rate: rate)
    }

    /// The fair YES probability of a market described by its metadata, under `model`;
    /// `observedSum` is the known part of the settlement window (see `SettlementAverageBinary`).
    public static func fairValue(
        of metadata: MarketMetadata, spot: Money, volatility: Double, nowMs: Int64, rate: Double,
        model: BinaryEdgeConfiguration.PricingModel = .blackScholes, observedSum: Money? = nil
    ) -> Double? {
        fairValue(
            strikeType: metadata.strikeType, floor: metadata.floorStrike, cap: metadata.capStrike,
            closeTimeMs: metadata.closeTimeMs,
            spot: spot, volatility: volatility, nowMs: nowMs, rate: rate, model: model, observedSum: observedSum)
    }

    /// The fair YES probability from the strike rule alone (no struct copies on the hot path).
    public static func fairValue(
        strikeType: StrikeType, floor: Money?, cap: Money?, closeTimeMs: Int64, spot: Money, volatility: Double, nowMs: Int64,
        rate: Double, model: BinaryEdgeConfiguration.PricingModel = .blackScholes, observedSum: Money? = nil
    ) -> Double? {
        let seconds = Double(closeTimeMs - nowMs) / 1_000
        let spotValue = Double(spot.micros) / 1e6
        let known = observedSum.map { Double($0.micros) / 1e6 }
        return FairValue.of(strikeType: strikeType, floor: floor, cap: cap) { strike in
            switch model {
            case .blackScholes:
                return try? BinaryOption.probability(
                    spot: spotValue, strike: strike, volatility: volatility,
                    yearsToExpiry: BinaryOption.years(fromSeconds: seconds), rate: rate)
            case .settlementAverage:
                return try? SettlementAverageBinary.probability(
                    spot: spotValue, strike: strike, volatility: volatility, secondsToClose: seconds, observedSum: known,
                    rate: rate)
            }
        }?.value
    }

    private mutating func recordForSettlement(_ spot: Money, slot: Int, state: EngineState) {
        if windows.count <= slot {
            windows += Array(repeating: SettlementCalculator(), count: slot + 1 - windows.count)
            windowHasIndex += Array(repeating: false, count: slot + 1 - windowHasIndex.count)
        }
        // Fields are read in place: a copy of the asset's state would retain its strings.
        let isIndex = state.assetStates[slot].spotKind == .index
        if isIndex, !windowHasIndex[slot] {
            // The first index value: what other sources put in so far no longer counts.
            windowHasIndex[slot] = true
            windows[slot] = SettlementCalculator()
        }
        guard isIndex || !windowHasIndex[slot], !state.assetStates[slot].spotFlaggedStale else { return }
        var timeMs = state.nowMs
        if let source = state.assetStates[slot].spotExchangeTimeMs, abs(Int128(source) - Int128(timeMs)) <= 5_000 { timeMs = source }
        windows[slot].record(spot, atMs: timeMs)
    }

    /// The published part of the settlement window of a market closing at `closeTimeMs`, as the
    /// settlement-average model wants it; nil before the window opens or with no index seen.
    /// Inlined: called from the mutating `valuation`, a method call would pass the strategy
    /// by value, a copy of the whole struct per valuation.
    @inline(__always)
    private func observedSum(slot: Int, closeTimeMs: Int64, nowMs: Int64) -> Money? {
        guard configuration.model == .settlementAverage else { return nil }
        let elapsed = SettlementAverageBinary.elapsedSampleCount(secondsToClose: Double(closeTimeMs - nowMs) / 1_000)
        guard elapsed > 0, slot < windows.count, let micros = windows[slot].sum(closeMs: closeTimeMs, firstSeconds: elapsed)
        else {
            return nil
        }
        return Money(micros: micros)
    }

    private mutating func evaluate(_ id: MarketID, state: EngineState, actions: inout StrategyActions) {
        // Fields are read through the array in place: copying a whole `MarketState` (book,
        // grid, histories, strings) on every evaluation would cost more than the valuation.
        let index = id.index
        guard let slot = state.markets[index].assetSlot else { return }
        // Not `let asset = state.assetStates[slot]`: that copies the struct and its strings.
        guard let spot = state.assetStates[slot].spot else { return }
        let knownVolatility = state.assetStates[slot].volatility
        let now = state.nowMs
        let secondsToClose = Double(state.markets[index].metadata.closeTimeMs - now) / 1_000
        let bid = state.markets[index].market.book.bestYesBid
        let ask = state.markets[index].market.book.bestYesAsk
        guard let volatility = knownVolatility, secondsToClose > 0, state.markets[index].settlement == nil,
            let valuation = valuation(
                index, slot: slot, spot: spot, volatility: volatility, secondsToClose: secondsToClose, state: state)
        else {
            if actions.recordsDecisions {
                actions.record(
                    Decision(
                        timeMs: now, ticker: state.markets[index].ticker, spot: spot, volatility: knownVolatility,
                        secondsToClose: secondsToClose, fair: nil, bid: bid?.price, ask: ask?.price, edge: nil,
                        action: "no_valuation"))
            }
            return
        }
        if configuration.orderStyle == .make {
            let fair = valuation.value
            let (action, edge) = make(id, fair: fair, bid: bid, ask: ask, state: state, actions: &actions)
            if actions.recordsDecisions {
                actions.record(
                    Decision(
                        timeMs: now, ticker: state.markets[index].ticker, spot: spot, volatility: volatility,
                        secondsToClose: secondsToClose, fair: fair, bid: bid?.price, ask: ask?.price, edge: edge, action: action))
            }
            return
        }
        let minimum = Double(configuration.minimumEdge.micros) / 1e6
        let fees = state.markets[index].metadata.fees
        let isTradable = state.markets[index].market.book.isTradable
        let take: TakerDecision
        // With decision records the value is recorded, so it is computed once, up front.
        let recordedFair = actions.recordsDecisions ? valuation.value : nil
        var touch = TakerTouch(bid: bid, ask: ask, fees: fees, minimum: minimum)
        if let recordedFair {
            take = touch.decide(fair: recordedFair)
        } else if !isTradable {
            take = .untradable  // nothing is traded and nothing recorded: no value needed
        } else {
            // Nobody reads the value itself, only which side of the book's thresholds it lies
            // on: when both ends of its bounds from Φ's table decide the same way, so does every
            // value between them (`TakerDecision` is monotone), and `erfc` is not called. Only
            // bounds (at most 1.3 cents wide) that straddle a threshold need the value: 0.3 % of
            // the valuations of the `backtest.events` benchmark.
            let bounds = valuation.bounds
            let low = touch.decide(fair: bounds.lower)
            let high = touch.decide(fair: bounds.upper)
            take = low.way == high.way ? low : touch.decide(fair: valuation.value)
        }
        var action = "hold"
        var edge = take.largestEdge
        let last = id.index < lastOrderMs.count ? lastOrderMs[id.index] : .min
        let cooled = last == .min || Double(now - last) / 1_000 >= configuration.cooldownSeconds
        if !isTradable {
            action = "book_untradable"
        } else if take.way == .buy, let buyEdge = take.buyEdge, let ask {
            edge = buyEdge
            action = cooled ? "buy" : "cooldown"
            if cooled { trade(id, side: .bid, price: ask.price, state: state, actions: &actions) }
        } else if take.way == .sell, let sellEdge = take.sellEdge, let bid {
            edge = sellEdge
            action = cooled ? "sell" : "cooldown"
            if cooled { trade(id, side: .ask, price: bid.price, state: state, actions: &actions) }
        }
        if actions.recordsDecisions {
            actions.record(
                Decision(
                    timeMs: now, ticker: state.markets[index].ticker, spot: spot, volatility: volatility,
                    secondsToClose: secondsToClose,
                    fair: recordedFair, bid: bid?.price, ask: ask?.price, edge: edge, action: action))
        }
    }

    /// The market's valuation under the configured model. The settlement-average model's time
    /// terms are shared by every market with the same close at the same instant (a spot values
    /// each selected market in turn): the last ones made are kept and reused while time,
    /// volatility and rate are unchanged.
    private mutating func valuation(
        _ index: Int, slot: Int, spot: Money, volatility: Double, secondsToClose: Double, state: EngineState
    ) -> FairValue? {
        let metadata = (
            strikeType: state.markets[index].metadata.strikeType, floor: state.markets[index].metadata.floorStrike,
            cap: state.markets[index].metadata.capStrike, closeTimeMs: state.markets[index].metadata.closeTimeMs
        )
        let spotValue = Double(spot.micros) / 1e6
        let rate = configuration.rate
        switch configuration.model {
        case .blackScholes:
            let years = BinaryOption.years(fromSeconds: secondsToClose)
            return FairValue.of(strikeType: metadata.strikeType, floor: metadata.floor, cap: metadata.cap) { strike in
                try? BinaryOption.probability(
                    spot: spotValue, strike: strike, volatility: volatility, yearsToExpiry: years, rate: rate)
            }
        case .settlementAverage:
            let terms: SettlementAverageBinary.WindowTerms
            if let kept = windowTerms, kept.secondsToClose == secondsToClose, kept.volatility == volatility, kept.rate == rate {
                terms = kept
            } else {
                guard
                    let made = try? SettlementAverageBinary.WindowTerms(
                        volatility: volatility, secondsToClose: secondsToClose, rate: rate)
                else { return nil }
                windowTerms = made
                terms = made
            }
            let known = observedSum(slot: slot, closeTimeMs: metadata.closeTimeMs, nowMs: state.nowMs)
                .map { Double($0.micros) / 1e6 }
            if logMoneyness.count <= index {
                logMoneyness += Array(repeating: LogMoneyness(), count: index + 1 - logMoneyness.count)
            }
            return FairValue.of(strikeType: metadata.strikeType, floor: metadata.floor, cap: metadata.cap) { strike in
                // Only positive finite inputs reach the logarithm; others are refused below.
                let kept =
                    terms.usesLogMoneyness && spotValue.isFinite && spotValue > 0 && strike.isFinite && strike > 0
                    ? logMoneyness[index].of(spot: spotValue, strike: strike) : nil
                return try? terms.probability(spot: spotValue, strike: strike, observedSum: known, logMoneyness: kept)
            }
        }
    }

    private mutating func trade(_ id: MarketID, side: BookSide, price: Price, state: EngineState, actions: inout StrategyActions)
    {
        cancelStaleOrders(state: state, actions: &actions, market: id)
        if lastOrderMs.count <= id.index { lastOrderMs += Array(repeating: .min, count: id.index + 1 - lastOrderMs.count) }
        lastOrderMs[id.index] = state.nowMs
        actions.place(id, side: side, price: price, count: configuration.tradeSize, timeInForce: .immediateOrCancel)
    }

    /// The `make` style: keep at most one post-only order in the market, at the touch on the
    /// side whose edge (after the maker fee) beats the minimum; pull it when the edge is gone or
    /// the touch moved. Returns the decision's action and edge.
    private mutating func make(
        _ id: MarketID, fair: Double, bid: BookLevel?, ask: BookLevel?, state: EngineState, actions: inout StrategyActions
    ) -> (String, Double?) {
        let fees = state.markets[id.index].metadata.fees
        func makerFee(_ price: Price) -> Double {
            Double(fees.tradeFee(price: price, count: Quantity(contracts: 1), role: .maker).micros) / 1e6
        }
        let minimum = Double(configuration.minimumEdge.micros) / 1e6
        let buyEdge = bid.map { fair - $0.price.probability - makerFee($0.price) }
        let sellEdge = ask.map { $0.price.probability - fair - makerFee($0.price) }
        var wanted: (side: BookSide, price: Price, edge: Double)?
        if let buyEdge, buyEdge > minimum, let bid {
            wanted = (.bid, bid.price, buyEdge)
        } else if let sellEdge, sellEdge > minimum, let ask {
            wanted = (.ask, ask.price, sellEdge)
        }
        let edge = wanted?.edge ?? max(buyEdge ?? -1, sellEdge ?? -1)
        let resting = state.orders.activeOrders(in: id).filter {
            $0.status == .open || $0.status == .partiallyFilled || $0.status == .pendingNew
        }
        guard state.markets[id.index].market.book.isTradable else {
            for order in resting where order.status != .pendingNew { actions.cancel(order.clientOrderId) }
            return ("book_untradable", edge)
        }
        guard let wanted else {
            for order in resting where order.status != .pendingNew { actions.cancel(order.clientOrderId) }
            return (resting.isEmpty ? "hold" : "pull", edge)
        }
        if resting.contains(where: { $0.side == wanted.side && $0.price == wanted.price }) {
            // A quote placed while an older one was still unacknowledged: keep only the wanted one.
            for order in resting where order.status != .pendingNew && (order.side != wanted.side || order.price != wanted.price) {
                actions.cancel(order.clientOrderId)
            }
            return ("resting", edge)
        }
        let last = id.index < lastOrderMs.count ? lastOrderMs[id.index] : .min
        guard last == .min || Double(state.nowMs - last) / 1_000 >= configuration.cooldownSeconds else {
            return ("cooldown", edge)
        }
        cancelStaleOrders(state: state, actions: &actions, market: id)
        if lastOrderMs.count <= id.index { lastOrderMs += Array(repeating: .min, count: id.index + 1 - lastOrderMs.count) }
        lastOrderMs[id.index] = state.nowMs
        actions.place(
            id, side: wanted.side, price: wanted.price, count: configuration.tradeSize, timeInForce: .goodTillCanceled,
            postOnly: true)
        return (wanted.side == .bid ? "quote_buy" : "quote_sell", edge)
    }

    /// Cancels our resting orders (in one market, or everywhere) older than the order timeout,
    /// or all of them in a market we are about to trade again.
    private func cancelStaleOrders(state: EngineState, actions: inout StrategyActions, market: MarketID?) {
        let timeoutMs = Int64(configuration.orderTimeoutSeconds * 1_000)
        func cancel(in id: MarketID) {
            for order in state.orders.activeOrders(in: id)
            where order.status == .open || order.status == .partiallyFilled {
                if market != nil || state.nowMs - order.createdMs >= timeoutMs { actions.cancel(order.clientOrderId) }
            }
        }
        if let market { return cancel(in: market) }
        // Every timer tick comes here; a taker usually has nothing resting, and then there is
        // no market to look at.
        guard state.orders.activeByMarket.values.contains(where: { !$0.isEmpty }) else { return }
        for index in state.markets.indices { cancel(in: state.markets[index].id) }
    }

    /// Chooses the markets to trade for an asset: every market of the open events, or the
    /// threshold strikes nearest the spot.
    private mutating func reselect(asset: String, state: EngineState) {
        let now = state.nowMs
        // Markets are read in place, by index: copying a `MarketState` (book, histories,
        // strings) per market per second was most of a reselection's cost.
        var candidates: [MarketID] = []
        for index in state.markets.indices
        where state.markets[index].asset == asset && state.markets[index].settlement == nil
            && now < state.markets[index].metadata.closeTimeMs && now >= state.markets[index].metadata.openTimeMs
        {
            candidates.append(state.markets[index].id)
        }
        // Loops rather than closures: a closure capturing `state` copies it (retaining every
        // array in it) each time it is made.
        var chosen = Set<MarketID>()
        for id in selected where state.markets[id.index].asset != asset { chosen.insert(id) }
        defer { if chosen != selected { selected = chosen } }
        switch configuration.strikes {
        case .all:
            chosen.formUnion(candidates)
        case .nearest:
            guard let slot = state.existingSlot(of: asset), let spot = state.assetStates[slot].spot else { return }
            // Strike and spot both come from outside (market data, recordings): measure their
            // distance in Int128 so no pair of Int64s can overflow the subtraction or `abs`.
            var thresholds: [(distance: UInt128, ticker: String, id: MarketID)] = []
            for id in candidates {
                let metadata = (
                    type: state.markets[id.index].metadata.strikeType, floor: state.markets[id.index].metadata.floorStrike
                )
                guard metadata.type == .greater || metadata.type == .greaterOrEqual else { continue }
                let distance = (Int128((metadata.floor ?? .zero).micros) - Int128(spot.micros)).magnitude
                thresholds.append((distance, state.markets[id.index].ticker, id))
            }
            thresholds.sort { ($0.distance, $0.ticker) < ($1.distance, $1.ticker) }
            chosen.formUnion(thresholds.prefix(configuration.nearestStrikes).map(\.id))
        }
        // Only a selection that happened counts: without a spot there is nothing to throttle.
        guard let slot = state.existingSlot(of: asset) else { return }
        if lastSelectionMs.count <= slot { lastSelectionMs += Array(repeating: .min, count: slot + 1 - lastSelectionMs.count) }
        lastSelectionMs[slot] = now
    }
}
