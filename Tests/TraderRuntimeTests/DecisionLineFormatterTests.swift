import Foundation
import KalshiAPI
import KalshiCore
import Testing
import TradingEngine
import TradingSession

/// The backtest's decision lines (`DecisionLineFormatter`) against `SessionLog.json`, the
/// general path: the same bytes for every decision, common or odd, with one formatter reused
/// across lines as the backtest reuses it (its cached second must never leak into another).
struct DecisionLineFormatterTests {
    private func reference(_ decisions: [Decision]) -> [UInt8] {
        Array(decisions.map { SessionLog.json($0) + "\n" }.joined().utf8)
    }

    private func laidOut(_ decisions: [Decision]) -> [UInt8] { laidOutCounting(decisions).bytes }

    private func laidOutCounting(_ decisions: [Decision]) -> (bytes: [UInt8], laidOut: Int) {
        var formatter = DecisionLineFormatter()
        var buffer: [UInt8] = []
        for decision in decisions { formatter.append(decision, to: &buffer) }
        return (buffer, formatter.laidOutLines)
    }

    /// The same bytes, or the first line that differs.
    private func expectSame(_ decisions: [Decision], sourceLocation: SourceLocation = #_sourceLocation) {
        let actual = laidOut(decisions)
        let expected = reference(decisions)
        guard actual != expected else { return }
        let pairs = zip(
            String(decoding: actual, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false),
            String(decoding: expected, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false))
        let first = pairs.first { $0 != $1 }
        Issue.record(
            "\(actual.count) bytes, \(expected.count) expected; first differing line:\n  \(first.map { "\($0.0)\n  expected \($0.1)" } ?? "none")",
            sourceLocation: sourceLocation)
    }

    private func decision(
        timeMs: Int64 = 1_776_490_453_460, ticker: String = "KXETHD-26APR1812-T2999.99", spot: Money? = Money(micros: 3_001_234_567),
        volatility: Double? = 0.6, secondsToClose: Double = 1_234.5, fair: Double? = 0.512345, bid: Price? = Price(uncheckedTicks: 4_900),
        ask: Price? = Price(uncheckedTicks: 5_100), edge: Double? = -0.0123, action: String = "hold"
    ) -> Decision {
        Decision(
            timeMs: timeMs, ticker: ticker, spot: spot, volatility: volatility, secondsToClose: secondsToClose, fair: fair, bid: bid,
            ask: ask, edge: edge, action: action)
    }

    @Test func typicalLinesMatchTheGeneralPath() {
        var decisions: [Decision] = []
        for step in 0..<2_000 {
            decisions.append(
                decision(
                    timeMs: 1_776_490_453_000 + Int64(step) * 37, fair: Double(step) / 2_000, edge: Double(step - 1_000) / 9_999,
                    action: ["hold", "buy", "sell", "cooldown", "book_untradable", "no_valuation"][step % 6]))
        }
        expectSame(decisions)
        #expect(laidOutCounting(decisions).laidOut == decisions.count)
    }

    @Test func edgeValuesMatchTheGeneralPath() {
        let doubles: [Double?] = [
            nil, 0, -0.0, 0.5, -0.5, 1e-7, -1e-7, 0.0000005, 0.0000015, 0.0005, 999.9995, 999_999_999, 1e9, -1e9, 1e300,
            .nan, .infinity, -.infinity, .ulpOfOne, 123.456_789_5, 0.1 + 0.2,
        ]
        let prices: [Price?] = [nil, Price(uncheckedTicks: 0), Price(uncheckedTicks: 1), Price(uncheckedTicks: 10_000), Price(uncheckedTicks: -1), Price(uncheckedTicks: .max), Price(uncheckedTicks: .min)]
        let spots: [Money?] = [nil, Money(micros: 0), Money(micros: -1), Money(micros: -10_000), Money(micros: -9_999), Money(micros: .max), Money(micros: .min), Money(micros: 123)]
        let times: [Int64] = [.min, -1_001, -1, 0, 999, 1_000, 253_402_300_799_999, 253_402_300_800_000, .max]
        let names = [
            "", "KX", "a\"b", "back\\slash", "line\nbreak", "tab\there", "\u{01}", "ünïcödé €", "\u{7F}",
            String(repeating: "T", count: 160), String(repeating: "T", count: 161),
        ]
        var decisions: [Decision] = []
        for value in doubles {
            decisions.append(decision(volatility: value))
            decisions.append(decision(fair: value))
            decisions.append(decision(edge: value))
            if let value { decisions.append(decision(secondsToClose: value)) }
        }
        for price in prices { decisions.append(decision(bid: price, ask: price)) }
        for spot in spots { decisions.append(decision(spot: spot)) }
        for time in times { decisions.append(decision(timeMs: time)) }
        for name in names {
            decisions.append(decision(ticker: name))
            decisions.append(decision(action: name))
        }
        expectSame(decisions)
        // Each one alone too (a fresh formatter, nothing cached).
        for one in decisions { expectSame([one]) }
    }

    /// Seeded random decisions: times jumping back and forth across seconds, days and the
    /// range's ends, numbers of every magnitude, names with and without escapes.
    @Test func seededDecisionsMatchTheGeneralPath() {
        var random = SplitMixRandom(seed: 0xDEC1_5105)
        func maybe<T>(_ value: T) -> T? { random.next() % 8 == 0 ? nil : value }
        // Mostly values the laid-out path writes itself; odd ones (bit patterns, huge) now and then.
        func anyDouble() -> Double {
            switch random.next() % 24 {
            case 0: return Double(bitPattern: random.next())
            case 1: return (random.unit() - 0.5) * 2
            case 2: return Double(Int64(bitPattern: random.next()) % 2_000_000_001) / 1e6
            case 3: return Double(Int64(bitPattern: random.next()) % 20_001) / 2e3 + 0.000_000_5
            case 4: return random.unit() * pow(10, Double(random.next() % 14))
            case 5...14: return random.unit()
            default: return -random.unit() * 100
            }
        }
        func anyName() -> String {
            let alphabet = Array("KXETHD-26APR18T2999.9_\"\\\n\tü€ ".unicodeScalars)
            let length = Int(random.next() % 40)
            let plain = random.next() % 10 != 0
            return String(
                String.UnicodeScalarView(
                    (0..<length).map { _ in alphabet[Int(random.next() % UInt64(plain ? 22 : alphabet.count))] }))
        }
        var time: Int64 = 1_776_490_453_460
        var decisions: [Decision] = []
        for _ in 0..<20_000 {
            switch random.next() % 200 {
            case 0: time = Int64(bitPattern: random.next()) % 300_000_000_000_000
            case 1...3: time = Int64(random.next() % 253_402_300_800_000)
            case 4...20: time -= Int64(random.next() % 5_000)
            default: time += Int64(random.next() % 700)
            }
            decisions.append(
                Decision(
                    timeMs: time, ticker: anyName(), spot: maybe(Money(micros: Int64(bitPattern: random.next()) >> (random.next() % 64))),
                    volatility: maybe(anyDouble()), secondsToClose: anyDouble(), fair: maybe(anyDouble()),
                    bid: maybe(Price(uncheckedTicks: Int64(random.next() % 10_001))),
                    ask: maybe(Price(uncheckedTicks: Int64(bitPattern: random.next()) % 20_000)), edge: maybe(anyDouble()),
                    action: anyName()))
        }
        expectSame(decisions)
        // Both paths are exercised: most lines laid out, thousands through the general path.
        let laidOut = laidOutCounting(decisions).laidOut
        #expect(laidOut > decisions.count / 2 && laidOut < decisions.count - 2_000, "\(laidOut) laid out")
    }
}
