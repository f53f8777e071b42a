import KalshiAPI
import KalshiCore
import Testing
import TradingEngine
import TradingSession

/// The live order's path reads a book delta through `EventTranslator.bookDelta`, the replayed
/// and simulated paths through `translate`: both must name the same market and change.
struct EventTranslatorTests {
    private let translator = EventTranslator(marketIDs: ["KXBTCD-26DEC0617-T98000": MarketID(0), "KXETHD-26DEC0617-T3500": MarketID(1)])

    private func update(_ ticker: String, _ side: OutcomeSide, _ price: String, _ delta: String) throws -> OrderbookDeltaUpdate {
        OrderbookDeltaUpdate(
            marketTicker: ticker,
            delta: BookDelta(side: side, price: try Price(parsing: price), delta: try Quantity(parsingSigned: delta)))
    }

    @Test func aDeltaOfATradedMarketIsTheSameThroughEitherEntry() throws {
        let update = try update("KXETHD-26DEC0617-T3500", .no, "0.42", "-12.50")
        let direct = try #require(translator.bookDelta(update))
        #expect(direct.0 == MarketID(1))
        #expect(direct.1 == update.delta)

        let events = translator.translate(.message(.orderbookDelta(sid: 1, seq: 7, update)))
        #expect(events.count == 1)
        guard case .bookDelta(let id, let delta) = events.first else {
            Issue.record("expected a book delta, got \(events)")
            return
        }
        #expect(id == direct.0)
        #expect(delta == direct.1)
    }

    @Test func aDeltaOfAnotherMarketIsDroppedByEitherEntry() throws {
        let update = try update("KXBTCD-26DEC0617-T99000", .yes, "0.10", "3")
        #expect(translator.bookDelta(update) == nil)
        #expect(translator.translate(.message(.orderbookDelta(sid: 1, seq: 8, update))).isEmpty)
    }
}
