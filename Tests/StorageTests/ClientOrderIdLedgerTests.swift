import KalshiCore
import Testing

@testable import Storage

/// The journal's record of used client order ids: exact (a repeat is refused, an unused id is
/// not), and kept in a few ranges however many orders a session sends.
struct ClientOrderIdLedgerTests {
    @Test func theSessionsOwnIdsAreKeptAsRangesAndExactly() {
        var ledger = ClientOrderIdLedger(clientPrefix: "ktaaaa0001")
        for number in 1...100_000 { ledger.insert("ktaaaa0001-\(number)") }
        #expect(ledger.kept.ranges == 1 && ledger.kept.others == 0, "\(ledger.kept)")
        #expect(ledger.contains("ktaaaa0001-1") && ledger.contains("ktaaaa0001-100000"))
        #expect(!ledger.contains("ktaaaa0001-100001") && !ledger.contains("ktaaaa0001-0"))

        // A gap (numbers a crash left unused) is a second range; the unused numbers stay free.
        ledger.insert("ktaaaa0001-100005")
        #expect(ledger.kept.ranges == 2)
        #expect(!ledger.contains("ktaaaa0001-100003") && ledger.contains("ktaaaa0001-100005"))
        for number in 100_001...100_004 { ledger.insert("ktaaaa0001-\(number)") }
        #expect(ledger.kept.ranges == 1, "filled, the gap closes")
    }

    /// Other spellings and other sessions' ids are ids of their own, kept exactly as they are.
    @Test(arguments: [
        "ktaaaa0001-07", "ktaaaa0001-+7", "ktaaaa0001-", "ktaaaa0001-0", "ktaaaa0001-7x", "ktaaaa0001-9999999999999999999",
        "ktaaaa00017", "ktbbbb0002-7", "manual-order", "", "ktaaaa0001-٧",
    ])
    func anIdNotOfTheSessionsFormIsKeptAsItself(id: String) {
        var ledger = ClientOrderIdLedger(clientPrefix: "ktaaaa0001")
        ledger.insert("ktaaaa0001-7")
        #expect(!ledger.contains(id), "\(id) was never journaled")
        ledger.insert(id)
        #expect(ledger.contains(id))
        #expect(ledger.kept == (ranges: 1, others: 1))
        #expect(ledger.contains("ktaaaa0001-7") && !ledger.contains("ktaaaa0001-8"))
    }

    /// Random ids in random order, small numbers so that ranges meet, split and join: the
    /// ledger answers as a set of every id would.
    @Test(arguments: [1, 2, 3] as [UInt64])
    func answersAsASetOfEveryIdWould(seed: UInt64) {
        var random = SplitMixRandom(seed: seed)
        var ledger = ClientOrderIdLedger(clientPrefix: "kt1")
        var every: Set<String> = []
        for _ in 0..<5_000 {
            let id =
                random.next() % 10 == 0
                ? ["kt1-0\(random.next() % 9)", "other-\(random.next() % 50)", "kt2-\(random.next() % 50)"][
                    Int(random.next() % 3)]
                : "kt1-\(1 + random.next() % 400)"
            #expect(ledger.contains(id) == every.contains(id), "\(id)")
            if random.next() % 2 == 0 {
                ledger.insert(id)
                every.insert(id)
            }
        }
        for number in 0...401 { #expect(ledger.contains("kt1-\(number)") == every.contains("kt1-\(number)"), "kt1-\(number)") }
        #expect(ledger.kept.ranges < 100, "\(ledger.kept)")
    }

    @Test func theLargestNumbersDoNotOverflow() {
        var ledger = ClientOrderIdLedger(clientPrefix: "p")
        let largest = "p-999999999999999999"  // 18 digits: the longest kept as a number
        ledger.insert(largest)
        #expect(ledger.contains(largest) && ledger.kept.ranges == 1)
        #expect(!ledger.contains("p-999999999999999998"))
    }
}
