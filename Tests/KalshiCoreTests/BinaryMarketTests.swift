import Testing

@testable import KalshiCore

struct BinaryMarketTests {
    func metadata(_ type: StrikeType, floor: String? = nil, cap: String? = nil) -> MarketMetadata {
        MarketMetadata(
            ticker: "KXETHD-26AUG1702-T2594.99", eventTicker: "KXETHD-26AUG1702", strikeType: type,
            floorStrike: floor.map { try! Money(parsing: $0) }, capStrike: cap.map { try! Money(parsing: $0) },
            openTimeMs: 1_000, closeTimeMs: 3_601_000)
    }

    @Test(
        arguments: [
            (StrikeType.greater, "2594.99", nil, "2594.99", false),
            (.greater, "2594.99", nil, "2594.990001", true),
            (.greaterOrEqual, "2594.99", nil, "2594.99", true),
            (.less, nil, "100", "99.99", true),
            (.lessOrEqual, nil, "100", "100", true),
            (.less, nil, "100", "100", false),
            (.between, "86000", "86249.99", "86000", true),
            (.between, "86000", "86249.99", "86250", false),
        ] as [(StrikeType, String?, String?, String, Bool)])
    func settlementFollowsTheStrikeRuleExactly(type: StrikeType, floor: String?, cap: String?, value: String, yes: Bool) throws {
        #expect(metadata(type, floor: floor, cap: cap).yesWins(settlementValue: try Money(parsing: value)) == yes)
    }

    @Test func settlementIsUnknownWithoutTheStrike() {
        #expect(metadata(.greater).yesWins(settlementValue: Money(cents: 1)) == nil)
        #expect(metadata(.custom, floor: "1").yesWins(settlementValue: Money(cents: 1)) == nil)
    }

    @Test func marketTradesOnlyWhileOpenWithATrustedBook() {
        var market = BinaryMarket(metadata: metadata(.greater, floor: "1"))
        #expect(!market.isTradable(nowMs: 2_000))  // no snapshot yet
        market.book.applySnapshot(yes: [level("0.40", "1")], no: [level("0.50", "1")])
        #expect(market.isTradable(nowMs: 2_000))
        #expect(!market.isTradable(nowMs: 500))
        #expect(!market.isTradable(nowMs: 3_601_000))
        #expect(market.metadata.secondsToClose(nowMs: 3_600_000) == 1)
    }

    @Test func remembersABoundedWindowOfMidsAndTrades() {
        var market = BinaryMarket(metadata: metadata(.greater, floor: "1"), historyCapacity: 3)
        market.book.applySnapshot(yes: [level("0.40", "1")], no: [level("0.50", "1")])
        market.recordMid(atMs: 1)
        market.recordMid(atMs: 2)  // unchanged mid: not repeated
        #expect(market.recentMids.count == 1)
        #expect(market.recentMids.last?.mid == Money(micros: 450_000))
        for second in 0..<5 {
            market.recordTrade(.init(timeMs: Int64(second), yesPrice: price("0.45"), count: count("1"), takerSide: .bid))
        }
        #expect(market.recentTrades.elements.map(\.timeMs) == [2, 3, 4])
    }

    @Test func recentWindowKeepsArrivalOrder() {
        var window = RecentWindow<Int>(capacity: 4)
        #expect(window.isEmpty && window.last == nil)
        for value in 1...10 { window.append(value) }
        #expect(window.elements == [7, 8, 9, 10])
        #expect(window.last == 10)
        #expect(window.count == 4)
    }
}
