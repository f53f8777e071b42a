import Synchronization

/// Finds the signal feed served next to a fake exchange, so tests and the CLI can reach it
/// from a `FakeVenue` (whose stored properties belong to the exchange's owner). Entries are
/// weak: the routes own the feed, and a stopped venue's feed goes away with them.
final class FakeSignalRegistry: Sendable {
    static let shared = FakeSignalRegistry()

    private struct Entry {
        weak var exchange: FakeKalshiExchange?
        weak var feed: FakeSignalFeed?
    }

    private let entries = Mutex<[ObjectIdentifier: Entry]>([:])

    func register(_ feed: FakeSignalFeed, for exchange: FakeKalshiExchange) {
        entries.withLock { entries in
            entries = entries.filter { $0.value.exchange != nil && $0.value.feed != nil }
            entries[ObjectIdentifier(exchange)] = Entry(exchange: exchange, feed: feed)
        }
    }

    func feed(for exchange: FakeKalshiExchange) -> FakeSignalFeed? {
        entries.withLock { entries in
            guard let entry = entries[ObjectIdentifier(exchange)], entry.exchange === exchange else { return nil }
            return entry.feed
        }
    }
}

extension FakeVenue {
    /// The fake Crypto.com / Coinbase feeds of this venue (nil when disabled in the configuration).
    public var signals: FakeSignalFeed? { FakeSignalRegistry.shared.feed(for: exchange) }
}
