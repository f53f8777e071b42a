import Foundation
import KalshiCore
import Testing

@testable import TraderRuntime

/// `report` reads decision lines without JSONDecoder when they are in the session log's plain
/// form; whatever it reads must be what JSONDecoder reads, and anything else goes to JSONDecoder.
struct DecisionLineScannerTests {
    typealias Line = SessionLogFiles.DecisionLine

    static func same(_ a: Line?, _ b: Line?) -> Bool {
        guard let a, let b else { return a == nil && b == nil }
        return a.time == b.time && a.ticker == b.ticker && a.fair == b.fair && a.bid == b.bid && a.ask == b.ask
            && a.timeToClose == b.timeToClose && a.action == b.action
    }

    static func decoded(_ text: String) -> Line? { try? JSONDecoder().decode(Line.self, from: Data(text.utf8)) }
    static func scanned(_ text: String) -> Line? { DecisionLineScanner.scan(Array(text.utf8)[...]) }

    static let plain =
        #"{"time":"2026-12-04T15:00:00.000Z","ticker":"KXETHD-26DEC0411-T3000","spot":"3000.00","vol":0.600000,"time_to_close":3600.000,"fair":0.732773,"bid":"0.4000","ask":null,"edge":-1.000000,"action":"book_untradable"}"#

    @Test(arguments: [
        plain,
        #"{"time":"t","ticker":"k"}"#,
        #"{"time":"t","ticker":"k","fair":null,"bid":null,"ask":null,"time_to_close":null,"action":null}"#,
        #"{"time":"t","ticker":"k","fair":-0,"time_to_close":1e5,"extra":-12.5E-3}"#,
        #"{"ticker":"k","time":"t","fair":0.6,"vol":0.5}"#,
    ])
    func plainLinesReadAsJSONDecoderReadsThem(text: String) {
        #expect(Self.scanned(text) != nil)
        #expect(Self.same(Self.scanned(text), Self.decoded(text)))
    }

    @Test(arguments: [
        #"{"time":"t","ticker":"k\"q"}"#,  // escape
        #"{"time":"t","ticker":"é"}"#,  // non-ASCII
        #"{"time":"t", "ticker":"k"}"#,  // space
        #"{"time":"t","ticker":"k","ok":true}"#,  // boolean
        #"{"time":"t","ticker":"k","x":{}}"#,  // nesting
        #"{"time":"t","ticker":"k","time":"u"}"#,  // repeated member
        #"{"time":"t","ticker":"k"}x"#,  // trailing bytes
        #"{"time":"t","ticker":"k","fair":01}"#,  // not JSON's number grammar
        #"{"time":"t","ticker":"k","fair":1e400}"#,  // out of Double's range
        #"{"time":"t","ticker":"k","fair":"0.5"}"#,  // wrong type
        #"{"time":"t"}"#,  // no ticker
        #"{"time":"t","ticker":"k""#,  // cut short
    ])
    func anythingElseGoesTheGeneralWay(text: String) {
        #expect(Self.scanned(text) == nil)
    }

    /// Seeded byte mutations of plain lines: whenever the scanner reads one, JSONDecoder reads
    /// the same thing.
    @Test func mutatedLinesNeverReadDifferently() {
        var random = SplitMixRandom(seed: 13)
        let alphabet = Array(#"{}[]":,.-+eE0123456789 nultrfa\"#.utf8)
        var read = 0
        for _ in 0..<20_000 {
            var bytes = Array(Self.plain.utf8)
            for _ in 0..<Int.random(in: 1...3, using: &random) {
                let index = Int.random(in: 0..<bytes.count, using: &random)
                switch Int.random(in: 0..<3, using: &random) {
                case 0: bytes[index] = alphabet[Int.random(in: 0..<alphabet.count, using: &random)]
                case 1: bytes.remove(at: index)
                default: bytes.insert(alphabet[Int.random(in: 0..<alphabet.count, using: &random)], at: index)
                }
            }
            guard let scanned = DecisionLineScanner.scan(bytes[...]) else { continue }
            read += 1
            let decoded = try? JSONDecoder().decode(Line.self, from: Data(bytes))
            #expect(Self.same(scanned, decoded), "\(String(decoding: bytes, as: UTF8.self))")
        }
        #expect(read > 1_000, "the mutations leave many lines the scanner reads")
    }
}
