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
}
