import KalshiCore
import Testing

@testable import TradingEngine

/// Settlement: the 60-second index average (SettlementCalculator), the outcome it decides, the
/// simulated exchange settling at close, and the payout the engine books.
struct SettlementTests {
    static let close = t0 + 3_600_000

    struct AverageCase: Sendable, CustomTestStringConvertible {
        var name: String
        /// (milliseconds relative to the close, index value), in arrival order.
        var values: [(Int64, String)]
        var expected: String?
        var testDescription: String { name }
    }

    static let averages: [AverageCase] = [
        AverageCase(
            name: "every second at 3000", values: (1...60).reversed().map { (-Int64($0) * 1_000, "3000") }, expected: "3000"),
        AverageCase(
            name: "one second 0.0006 higher: 0.00001 above", values: [(-60_000, "3000"), (-1_000, "3000.0006")],
            expected: "3000.00001"),
        AverageCase(
            name: "missing seconds take the last value", values: [(-60_000, "3000"), (-30_000, "3060")], expected: "3030"),
        AverageCase(
            name: "a value before the window carries into it", values: [(-90_000, "2990"), (-30_000, "3010")], expected: "3000"),
        AverageCase(
            name: "window starting before the first value: earlier seconds take the first value",
            values: [(-20_000, "3000"), (-10_000, "3030")], expected: "3005"),
        AverageCase(
            name: "only values before the window", values: [(-3_600_000, "2500"), (-120_000, "2800")], expected: "2800"),
        AverageCase(
            name: "the last value of a second counts", values: [(-60_000, "3000"), (-60_000 + 999, "3060")], expected: "3060"),
        AverageCase(
            name: "milliseconds inside a second", values: [(-60_000, "3000"), (-30_001, "3060")], expected: "3031"),
        AverageCase(
            name: "out-of-order values are ignored", values: [(-60_000, "3000"), (-10_000, "3000"), (-30_000, "9000")],
            expected: "3000"),
        AverageCase(
            name: "values at or after the close are ignored", values: [(-60_000, "3000"), (0, "9000"), (5_000, "9000")],
            expected: "3000"),
        AverageCase(
            name: "the average floors to the micro-dollar", values: [(-60_000, "3000"), (-1_000, "3000.000059")],
            expected: "3000"),
        AverageCase(name: "no value at all", values: [], expected: nil),
        AverageCase(name: "only values after the close", values: [(0, "3000"), (1_000, "3000")], expected: nil),
    ]

    @Test(arguments: averages)
    func sixtySecondAverage(_ testCase: AverageCase) {
        var calculator = SettlementCalculator()
        for (offset, value) in testCase.values { calculator.record(dollars(value), atMs: Self.close + offset) }
        switch calculator.settlementValue(closeMs: Self.close) {
        case .success(let value):
            #expect(testCase.expected.map(dollars) == value)
        case .failure(let error):
            #expect(testCase.expected == nil)
            #expect(error == .noObservation(beforeMs: Self.close))
        }
    }

    @Test func theIndexExactlyAtTheStrikeIsNotAbove() {
        let strike = dollars("3000")
        var calculator = SettlementCalculator()
        for second in (1...60).reversed() { calculator.record(strike, atMs: Self.close - Int64(second) * 1_000) }
        let atStrike = try! calculator.settlementValue(closeMs: Self.close).get()
        #expect(atStrike == strike)
        #expect(ethMarket("G", strike: "3000").yesWins(settlementValue: atStrike) == false)
        #expect(ethMarket("GE", strike: "3000", strikeType: .greaterOrEqual).yesWins(settlementValue: atStrike) == true)
        // One micro-dollar tick above: 60 micro-dollars more in one of the 60 seconds.
        calculator.record(strike + Money(micros: 60), atMs: Self.close - 1_000)
        let above = try! calculator.settlementValue(closeMs: Self.close).get()
        #expect(above == strike + Money(micros: 1))
        #expect(ethMarket("G", strike: "3000").yesWins(settlementValue: above) == true)
    }

    @Test(arguments: [
        ("2989.99", false), ("2990", true), ("3000", true), ("3010", true), ("3010.000001", false),
    ])
    func betweenMarketsIncludeBothEnds(value: String, yes: Bool) {
        let market = ethMarket("B", strike: "2990", strikeType: .between, cap: "3010")
        #expect(market.yesWins(settlementValue: dollars(value)) == yes)
    }

    // MARK: The exchange settles at close from the index

    @Test func exchangeSettlesEachMarketFromTheIndexAfterTheDelay() {
        var exchange = SimulatedExchange(configuration: SimulatedExchangeConfiguration(settlementDelayMs: 1_000))
        let markets = [
            ethMarket("ABOVE-3000", strike: "3000", closeMs: Self.close),
            ethMarket("ABOVE-3030", strike: "3030", closeMs: Self.close),
            ethMarket("RANGE", strike: "3000", strikeType: .between, cap: "3010", closeMs: Self.close),
            ethMarket("BELOW", strike: "0", strikeType: .less, cap: "3000", closeMs: Self.close),
        ]
        for (index, market) in markets.enumerated() { exchange.addMarket(MarketID(index), metadata: market, asset: "ETH") }
        // Index 3000 for the first 30 s of the window, 3020 for the last 30: average 3010. A venue
        // mid far away is not the settlement source and is ignored.
        for second in (1...60).reversed() {
            let time = Self.close - Int64(second) * 1_000
            _ = exchange.observe(TimedEvent(timeMs: time, spot(second > 30 ? "3000" : "3020", atMs: time)))
            _ = exchange.observe(TimedEvent(timeMs: time, spot("9999", atMs: time, kind: .mid)))
        }
        #expect(exchange.settleDue(nowMs: Self.close + 999).isEmpty)
        let events = exchange.settleDue(nowMs: Self.close + 1_000)
        let results = events.compactMap { event -> String? in
            guard case .settlement(let id, let result, let value) = event.event else { return nil }
            return "\(markets[id.index].ticker) \(result.rawValue) \(value)"
        }
        #expect(
            results == [
                "ABOVE-3000 yes 3010.0000", "ABOVE-3030 no 3010.0000", "RANGE yes 3010.0000", "BELOW no 3010.0000",
            ])
        #expect(events.allSatisfy { $0.timeMs == Self.close + 1_000 })
        #expect(exchange.settlementValue(MarketID(0)) == dollars("3010"))
        // Settled once only.
        #expect(exchange.settleDue(nowMs: Self.close + 5_000).isEmpty)
    }

    @Test func withoutAnyIndexValueNothingSettles() {
        var exchange = SimulatedExchange()
        exchange.addMarket(MarketID(0), metadata: ethMarket("M", closeMs: Self.close), asset: "ETH")
        _ = exchange.observe(TimedEvent(timeMs: Self.close - 5_000, spot("3000", atMs: Self.close - 5_000, kind: .trade)))
        #expect(exchange.settleDue(nowMs: Self.close + 10_000).isEmpty)
        #expect(exchange.settlementValue(MarketID(0)) == nil)
    }

    // MARK: The payout the engine books

    @Test(arguments: [
        (10, OutcomeSide.yes, "10"), (10, .no, "0"), (-10, .no, "10"), (-10, .yes, "0"), (0, .yes, "0"),
    ])
    func positionPaysOneDollarPerWinningContract(position: Int, result: OutcomeSide, payout: String) {
        let m = MarketID(0)
        var h = RiskHarness(
            plan: [t0 + 2_000: position == 0 ? [] : [position > 0 ? .buy(m, "0.40", position) : .sell(m, "0.40", -position)]],
            limits: looseLimits())
        h.refresh(at: t0 + 1_000)
        h.timer(at: t0 + 2_000)
        if position != 0 { h.fill("R-1", at: t0 + 2_100) }
        #expect(h.state.portfolio.position("M1") == qty(position))
        let cashBefore = h.state.portfolio.cash
        h.send(.settlement(m, result: result, value: dollars("3000")), at: Self.close + 1_000)
        #expect(h.state.portfolio.cash - cashBefore == dollars(payout))
        #expect(h.state.portfolio.settlementPayouts["M1", default: .zero] == dollars(payout))
        #expect(h.state.portfolio.position("M1") == .zero)
        #expect(h.state.portfolio.isConsistent)
        #expect(h.state.market(m).settlement?.result == result)
        // A second settlement message changes nothing.
        h.send(.settlement(m, result: result == .yes ? .no : .yes, value: dollars("1")), at: Self.close + 2_000)
        #expect(h.state.portfolio.cash - cashBefore == dollars(payout))
        #expect(h.state.market(m).settlement?.result == result)
    }
}
