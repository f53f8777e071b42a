import KalshiCore
import Testing

@testable import TraderRuntime

/// `TickerSlots` against a `Dictionary` doing the same thing: repeating orders (its fast
/// path), random orders, removals that move the last slot, keys equal but separately stored.
struct TickerSlotsTests {
    @Test func behavesAsADictionaryUnderSeededOperations() {
        var random = SplitMixRandom(seed: 0x5107)
        let tickers = (0..<30).map { "KXETHD-26DEC0512-T\(2_900 + $0 * 20).99" }
        var slots = TickerSlots<Int>()
        var model: [String: Int] = [:]
        var cursor = 0
        for step in 0..<50_000 {
            let ticker: String
            switch random.next() % 4 {
            case 0: ticker = tickers[Int(random.next() % UInt64(tickers.count))]
            case 1: ticker = tickers[cursor % tickers.count]  // the same market again
            default:
                cursor += 1
                ticker = tickers[cursor % tickers.count]
            }
            // Half the time an equal string with its own storage, as a decision's copy may be.
            let key = random.next() % 2 == 0 ? ticker : String(decoding: Array(ticker.utf8), as: UTF8.self)
            if random.next() % 40 == 0 {
                #expect(slots.removeValue(forKey: key) == model.removeValue(forKey: key), "step \(step)")
            } else {
                slots.update(key, default: 0) { $0 += step }
                model[key, default: 0] += step
            }
            #expect(slots.count == model.count)
        }
        for ticker in tickers { #expect(slots.removeValue(forKey: ticker) == model.removeValue(forKey: ticker)) }
        #expect(slots.count == 0)
    }
}
