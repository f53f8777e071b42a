import KalshiCore
import Testing

@testable import TradingEngine

/// A market's own fees (its series' under its event's override) are what the risk checks
/// reserve, and a change of them (`event_fee_update`) applies from then on.
@Suite struct MarketFeesTests {
    static let price = Price(uncheckedTicks: 4_000)
    static let doubled = FeeSchedule(type: .quadratic, multiplierTicks: 20_000)

    @Test func theWorstCaseCostCarriesTheMarketsFee() {
        let count = Quantity(contracts: 2)
        let premium = Money(cents: 80)
        let single = RiskEngine.worstCost(of: .bid, price: Self.price, count: count, fees: FeeSchedule())
        let double = RiskEngine.worstCost(of: .bid, price: Self.price, count: count, fees: Self.doubled)
        #expect(single == premium + FeeSchedule().tradeFee(price: Self.price, count: count, role: .taker))
        #expect(double == premium + Self.doubled.tradeFee(price: Self.price, count: count, role: .taker))
        #expect(double > single)
    }

    @Test func changingFeesUpdatesTheMarketAndIsNoted() throws {
        var engine = TradingEngine(
            strategy: ScriptedStrategy(), startingBalance: Money(cents: 10_000), limits: RiskLimits(minimumBalance: .zero), sessionPrefix: "f")
        let id = engine.addMarket(
            MarketMetadata(ticker: "KXF-1", eventTicker: "KXF", strikeType: .greater, floorStrike: Money(cents: 100), openTimeMs: 0, closeTimeMs: 1_000_000),
            asset: nil)
        engine.changeFees(id, to: Self.doubled, nowMs: 10)
        #expect(engine.state.market(id).metadata.fees == Self.doubled)
        let notes = engine.drainRecords().filter { "\($0)".contains("fees_changed") }
        #expect(notes.count == 1)
        engine.changeFees(id, to: Self.doubled, nowMs: 20)
        #expect(engine.drainRecords().filter { "\($0)".contains("fees_changed") }.isEmpty, "no change, no note")
    }
}
