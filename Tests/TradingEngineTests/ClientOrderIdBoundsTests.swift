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
}
