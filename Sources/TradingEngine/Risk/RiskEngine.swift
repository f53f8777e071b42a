import KalshiCore

/// Checks every order against the limits before it leaves, and halts trading on a breach of
/// the session loss limit, an accounting mismatch or the kill switch. An order that would
/// exceed a size or inventory limit is reduced to fit when it can be, else refused; the reason
/// is returned so it can be logged.
public struct RiskEngine: Sendable {
    public var limits: RiskLimits
    public internal(set) var killSwitch = false
    /// Set when trading must stop for the rest of the session.
    public internal(set) var halted: RiskReason?
    public internal(set) var rejections: [RiskReason: Int] = [:]
    public internal(set) var reductions: [RiskReason: Int] = [:]
    private var recentOrderTimes: [Int64] = []

    public init(limits: RiskLimits) { self.limits = limits }

    var stalenessMs: Int64 { Int64(limits.maximumOrderbookStaleness * 1_000) }

    /// Decides on one order. `state` is the engine state before the order.
    public func check(_ spec: OrderSpec, state: EngineState) -> RiskDecision {
        let now = state.nowMs
        if killSwitch { return .reject(.killSwitch) }
        if let halted { return .reject(halted) }
        // The market is read in place (`state.markets[index]`): a copy of its whole state would
        // retain and release every field's storage on each order.
        let index = spec.market.index
        if state.orders.hasUnknownOrder(in: spec.market) { return .reject(.marketInDoubt) }
        let closeTimeMs = state.markets[index].market.metadata.closeTimeMs
        if state.markets[index].settlement != nil || now >= closeTimeMs || now < state.markets[index].market.metadata.openTimeMs {
            return .reject(.marketClosed)
        }
        if state.markets[index].tradingPaused { return .reject(.marketPaused) }
        if Double(closeTimeMs - now) / 1_000 <= limits.terminalExitTime { return .reject(.tradingWindow) }
        if !state.markets[index].market.book.isTradable { return .reject(.bookUntradable) }
        if state.markets[index].isBookStale(nowMs: now, limitMs: stalenessMs) { return .reject(.bookStale) }
        if let slot = state.markets[index].assetSlot, state.assetStates[slot].isSpotStale(nowMs: now, limitMs: stalenessMs) {
            return .reject(.signalStale)
        }
        if state.orders.activeOrderCount >= limits.maxOpenOrders { return .reject(.maxOpenOrders) }
        if limits.maxOrdersPerSecond <= 0 { return .reject(.orderRate) }
        if recentOrderTimes.count >= limits.maxOrdersPerSecond,
            now - recentOrderTimes[recentOrderTimes.count - limits.maxOrdersPerSecond] < 1_000
        {
            return .reject(.orderRate)
        }

        var allowed = spec.count.units
        var reason: RiskReason?
        func cap(_ limit: Int64, _ why: RiskReason) {
            if limit < allowed {
                allowed = max(0, limit)
                reason = why
            }
        }
        cap(limits.maxOrderSize.units, .maxOrderSize)
        // Inventory: the position if this order and every active order on the same side fill.
        let direction: Int64 = spec.side == .bid ? 1 : -1
        let position = state.portfolio.position(spec.ticker).units
        let pending = state.orders.activeExposure(in: spec.market, side: spec.side)
        let projected = position + direction * pending
        // Room before |position| exceeds the limit in this order's direction.
        cap(limits.maxInventory.units - direction * projected, .maxInventory)
        // Event inventory: the sum of |position| over the event's markets, counting pending orders.
        let eventTicker = state.markets[index].market.metadata.eventTicker
        var eventExposure: Int64 = 0
        for other in state.markets.indices where other != index && state.markets[other].market.metadata.eventTicker == eventTicker {
            let held = state.portfolio.position(state.markets[other].market.metadata.ticker).units
            eventExposure += abs(held) + state.orders.activeExposure(in: state.markets[other].id, side: nil)
        }
        // |projected + direction × a| + eventExposure ≤ limit, solved for the order size a.
        cap(limits.maxInventoryDev.units - eventExposure - direction * projected, .maxInventoryDev)
        // Cash: what remains after paying for this order and every active order, at worst.
        var reserved = Money.zero
        for ids in state.orders.activeByMarket.values {
            for id in ids {
                guard let order = state.orders.order(id) else { continue }
                reserved =
                    reserved
                    + RiskEngine.worstCost(
                        of: order.side, price: order.price, count: order.exposure, fees: state.markets[order.market.index].metadata.fees)
            }
        }
        // Contracts that close what we hold free cash rather than spend it: only the opening
        // part of the order must fit above the minimum balance.
        let closable = max(0, -direction * position - pending)
        let spare = state.portfolio.cash - reserved - limits.minimumBalance
        let perContract = RiskEngine.worstCost(
            of: spec.side, price: spec.price, count: Quantity(contracts: 1), fees: state.markets[index].market.metadata.fees)
        if perContract.micros > 0 {
            cap(closable + max(0, spare.micros) * Quantity.unitsPerContract / perContract.micros, .minimumBalance)
        }
        // Markets trade whole contracts unless they say otherwise: a reduced order is rounded
        // down to whole contracts when the request was whole.
        if allowed < spec.count.units, spec.count.units % Quantity.unitsPerContract == 0 {
            allowed -= allowed % Quantity.unitsPerContract
        }
        guard allowed > 0 else { return .reject(reason ?? .maxOrderSize) }
        if allowed < spec.count.units { return .reduce(to: Quantity(units: allowed), reason!) }
        return .accept
    }

    /// The most an order can cost: premium (YES at p, NO at 1 − p) plus the market's taker fee.
    static func worstCost(of side: BookSide, price: Price, count: Quantity, fees: FeeSchedule) -> Money {
        let premium = Money.notional(price: side == .bid ? price : price.complement, count: count)
        return premium + fees.tradeFee(price: price, count: count, role: .taker)
    }

    mutating func recordSent(nowMs: Int64) {
        recentOrderTimes.append(nowMs)
        // The rate check reads the send `maxOrdersPerSecond` back, so at least that many are kept
        // (beyond 100,000 a second the limit is moot); trimmed in batches to stay O(1) per send.
        let keep = min(max(64, limits.maxOrdersPerSecond), 100_000)
        if recentOrderTimes.count > 2 * keep { recentOrderTimes.removeFirst(recentOrderTimes.count - keep) }
    }

    mutating func count(_ decision: RiskDecision) {
        switch decision {
        case .accept: break
        case .reduce(_, let reason): reductions[reason, default: 0] += 1
        case .reject(let reason): rejections[reason, default: 0] += 1
        }
    }

    /// Stops trading for the session; the first reason sticks.
    mutating func halt(_ reason: RiskReason) {
        if halted == nil { halted = reason }
    }
}
