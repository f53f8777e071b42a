import KalshiCore

/// One WebSocket client of the fake exchange: its account, its subscriptions (one sid per
/// channel, sequence numbers per sid) and the queue its writer task drains.
struct FeedConnection {
    struct Subscription {
        var channel: String
        /// Empty = all markets (channels that take no filter or were given none).
        var tickers: Set<String>
        var seq: Int64 = 0
        /// `use_yes_price` of a book subscription: NO-side levels re-expressed on the YES scale.
        var yesScale = false
    }

    let id: Int
    let owner: String?
    let sink: AsyncStream<String>.Continuation
    var subscriptions: [Int: Subscription] = [:]
    var nextSid = 1
    var framesSent = 0
    /// A book frame held back by the reorder fault, sent after the next one.
    var heldBack: String?

    func sid(for channel: String) -> Int? {
        subscriptions.first { $0.value.channel == channel }?.key
    }

    func wants(_ channel: String, ticker: String?) -> Int? {
        guard let sid = sid(for: channel), let subscription = subscriptions[sid] else { return nil }
        guard let ticker, !subscription.tickers.isEmpty else { return sid }
        return subscription.tickers.contains(ticker) ? sid : nil
    }

    mutating func nextSeq(_ sid: Int) -> Int64 {
        subscriptions[sid]!.seq += 1
        return subscriptions[sid]!.seq
    }
}

/// Channels the fake serves, and which need an account.
enum FeedChannels {
    static let publicChannels: Set<String> = ["orderbook_delta", "ticker", "trade", "market_lifecycle_v2"]
    static let privateChannels: Set<String> = ["fill", "user_orders", "market_positions", "order_group_updates", "cfbenchmarks_value"]
    static var all: Set<String> { publicChannels.union(privateChannels) }
}
