import KalshiCore
import Testing

@testable import TradingEngine

// MARK: Literals

func price(_ text: String) -> Price { try! Price(parsing: text) }
func qty(_ contracts: Int) -> Quantity { Quantity(contracts: contracts) }
func qty(_ text: String) -> Quantity { try! Quantity(parsingSigned: text) }
func dollars(_ text: String) -> Money { try! Money(parsing: text) }
func level(_ priceText: String, _ contracts: Int) -> BookLevel { BookLevel(price: price(priceText), size: qty(contracts)) }

/// 2026-01-01T00:00:00Z: a round time so that closes fall on whole seconds.
let t0: Int64 = 1_767_225_600_000

/// A threshold market "ETH above `strike` at close" on the one-cent grid with the standard taker-only fees.
func ethMarket(
    _ ticker: String, strike: String = "3000", event: String = "KXETHD-26JAN0101", strikeType: StrikeType = .greater,
    cap: String? = nil, openMs: Int64 = t0, closeMs: Int64 = t0 + 3_600_000, fees: FeeSchedule = FeeSchedule()
) -> MarketMetadata {
    MarketMetadata(
        ticker: ticker, eventTicker: event, strikeType: strikeType, floorStrike: dollars(strike), capStrike: cap.map(dollars),
        openTimeMs: openMs, closeTimeMs: closeMs, fees: fees)
}

/// The exact quadratic taker fee, for cross-checks: ceil(0.07 × C × P × (1 − P) to $0.0001).
/// Independent of `FeeSchedule`: whole cents and contracts only.
func takerFeeByHand(cents: Int64, contracts: Int64) -> Money {
    // 0.07 × C × (c/100) × ((100 − c)/100) dollars = 7 × C × c × (100 − c) / 1,000,000 dollars.
    let numerator = 7 * contracts * cents * (100 - cents)  // in 1e-6 dollars
    // Round up to $0.0001 = 100 micro-dollars.
    return Money(micros: (numerator + 99) / 100 * 100)
}

// MARK: Deterministic randomness

/// SplitMix64: a tiny seeded generator so randomized tests replay exactly.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

// MARK: A strategy the test scripts

/// Emits pre-planned requests when a timer fires at a planned time, and remembers what it saw.
struct ScriptedStrategy: Strategy {
    let name = "scripted"
    /// Requests to send on the timer at a given engine time.
    var plan: [Int64: [StrategyActions.Request]]
    private(set) var fills: [ExecutionFill] = []
    private(set) var updates: [ManagedOrder] = []

    init(plan: [Int64: [StrategyActions.Request]] = [:]) { self.plan = plan }

    mutating func onTimer(state: EngineState, actions: inout StrategyActions) {
        for request in plan[state.nowMs] ?? [] {
            switch request {
            case .place(let market, let side, let price, let count, let timeInForce, let postOnly):
                actions.place(market, side: side, price: price, count: count, timeInForce: timeInForce, postOnly: postOnly)
            case .cancel(let id): actions.cancel(id)
            case .cancelAll(let market): actions.cancelAll(market)
            case .amend(let id, let price, let total): actions.amend(id, price: price, totalCount: total)
            }
        }
    }

    mutating func onFill(_ fill: ExecutionFill, order: ManagedOrder, state: EngineState, actions: inout StrategyActions) {
        fills.append(fill)
    }

    mutating func onOrderUpdate(_ order: ManagedOrder, state: EngineState, actions: inout StrategyActions) {
        updates.append(order)
    }
}

extension StrategyActions.Request {
    static func buy(_ market: MarketID, _ priceText: String, _ contracts: Int, _ tif: TimeInForce = .goodTillCanceled) -> Self {
        .place(market: market, side: .bid, price: price(priceText), count: qty(contracts), timeInForce: tif, postOnly: false)
    }
    static func sell(_ market: MarketID, _ priceText: String, _ contracts: Int, _ tif: TimeInForce = .goodTillCanceled) -> Self {
        .place(market: market, side: .ask, price: price(priceText), count: qty(contracts), timeInForce: tif, postOnly: false)
    }
}

// MARK: Reading commands and records

extension VenueCommand {
    var placed: OrderSpec? {
        if case .place(let spec) = self { return spec }
        return nil
    }
    var canceledId: String? {
        if case .cancel(let id, _) = self { return id }
        return nil
    }
}

extension Array where Element == EngineRecord {
    var orders: [OrderRecord] { compactMap { if case .order(let r) = $0 { r } else { nil } } }
    var fills: [FillRecord] { compactMap { if case .fill(let r) = $0 { r } else { nil } } }
    var states: [StateRecord] { compactMap { if case .state(let r) = $0 { r } else { nil } } }
    var decisions: [Decision] { compactMap { if case .decision(let r) = $0 { r } else { nil } } }
}

/// A YES-price-space helper: NO bids that show as the given YES asks.
func asks(_ levels: [(String, Int)]) -> [BookLevel] {
    levels.map { BookLevel(price: price($0.0).complement, size: qty($0.1)) }
}

func bids(_ levels: [(String, Int)]) -> [BookLevel] {
    levels.map { BookLevel(price: price($0.0), size: qty($0.1)) }
}

func spot(_ value: String, asset: String = "ETH", atMs: Int64, stale: Bool = false, kind: SpotObservation.Kind = .index)
    -> EngineEvent
{
    .spot(SpotObservation(asset: asset, price: dollars(value), kind: kind, venue: "test", exchangeTimeMs: atMs, isStale: stale))
}

/// A value handed from the thread that computed it (`OwnThread.run`) to the test that checks it,
/// once that thread is done with it: the simulation types hold classes and are not `Sendable`.
struct Handed<Value>: @unchecked Sendable {
    let value: Value

    init(_ value: Value) { self.value = value }
}
