import KalshiCore
import Testing

@testable import TradingEngine

struct ClientOrderIdBoundsTests {
    /// An order at the exchange (or a journaled intent) whose id ends in Int.max used to trap on
    /// `used + 1`. No session of ours could have issued it, so the counter stays where it was.
    @Test func aClientOrderIdSuffixOfIntMaxDoesNotTrap() {
        var manager = OrderManager(sessionPrefix: "T")
        manager.noteUsedClientOrderId("T-\(Int.max)")
        #expect(manager.nextSequence == 1)
        manager.noteUsedClientOrderId("T-41")
        #expect(manager.nextSequence == 42)
    }

    /// The number in one of our ids, and nil for anything that is not one.
    @Test func theSequenceIsReadOnlyFromThisSessionsIds() {
        let manager = OrderManager(sessionPrefix: "kt0a")
        #expect(manager.sequence(of: "kt0a-17") == 17)
        #expect(manager.sequence(of: "kt0a-0") == 0)
        for other in ["kt0a", "kt0a-", "kt0a17", "kt0b-17", "kt0a-17x", "xkt0a-17", "kt0a-\u{301}7", "", "kt0a-99999999999999999999"] {
            #expect(manager.sequence(of: other) == nil, "\(other)")
        }
    }

    /// The byte reading agrees with the definition it replaced (the prefix compared as UTF-8,
    /// `Int` of the rest) on ids built from the pieces that matter: the prefix or part of it,
    /// dashes, signs, digits, long digit runs at the edge of Int's range, non-ASCII text.
    @Test func theSequenceAgreesWithIntParsingOnGeneratedIds() {
        let manager = OrderManager(sessionPrefix: "kt0a")
        func reference(_ id: String) -> Int? {
            let bytes = id.utf8
            let prefix = "kt0a".utf8
            guard bytes.count > prefix.count, bytes.starts(with: prefix) else { return nil }
            let dash = bytes.index(bytes.startIndex, offsetBy: prefix.count)
            guard bytes[dash] == UInt8(ascii: "-") else { return nil }
            return Int(Substring(bytes[bytes.index(after: dash)...]))
        }
        let pieces = [
            "kt0a", "kt0", "-", "+", "0", "7", "42", "9223372036854775807", "9223372036854775808", "922337203685477580",
            "é", "\u{301}", " ", "x", "kt0a-",
        ]
        var random = SplitMixRandom(seed: 20_261_206)
        var checked = 0
        for _ in 0..<20_000 {
            // Mostly our prefix and its dash first, so many ids reach the number.
            var id = ["kt0a-", "kt0a-", "kt0a", "kt0", ""][Int(random.next() % 5)]
            for _ in 0..<Int(random.next() % 5) { id += pieces[Int(random.next() % UInt64(pieces.count))] }
            #expect(manager.sequence(of: id) == reference(id), "\(id)")
            if reference(id) != nil { checked += 1 }
        }
        #expect(checked > 300, "enough generated ids are ours to compare numbers, not only refusals")
        #expect(manager.sequence(of: "kt0a--9223372036854775808") == Int.min)
        #expect(manager.sequence(of: "kt0a-+5") == 5)
        #expect(manager.sequence(of: "kt0a--") == nil)
    }
}
