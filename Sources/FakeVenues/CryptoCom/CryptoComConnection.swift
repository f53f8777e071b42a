import KalshiCore
import SignalFeeds

/// What a fake venue connection's writer task is told to do.
public enum FakeFrame: Sendable, Equatable {
    case text(String)
    /// Close the socket with code 1000 and this reason (the real venue's heartbeat close).
    case close(reason: String)
}

/// A channel the fake Crypto.com feed serves, parsed from its subscription string.
enum FakeCryptoComChannel: Hashable, Sendable {
    case index(SignalAsset)
    case ticker(SignalAsset)
    case book(SignalAsset, depth: Int)
    case trade(SignalAsset)
    case candlestick(SignalAsset, intervalMs: Int64, label: String)

    /// Timeframes the fake serves (reference §2.4 names and legacy aliases); longer ones are refused.
    static let timeframes: [String: Int64] = ["1m": 60_000, "M1": 60_000, "5m": 300_000, "M5": 300_000]

    init?(parsing name: String) {
        let parts = name.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        func spot(_ instrument: String) -> SignalAsset? {
            SignalAsset.allCases.first { $0.cryptoComInstrument == instrument }
        }
        switch (parts.first, parts.count) {
        case ("index", 2):
            guard let asset = SignalAsset.allCases.first(where: { $0.cryptoComIndex == parts[1] }) else { return nil }
            self = .index(asset)
        case ("ticker", 2):
            guard let asset = spot(parts[1]) else { return nil }
            self = .ticker(asset)
        case ("trade", 2):
            guard let asset = spot(parts[1]) else { return nil }
            self = .trade(asset)
        case ("book", 3):
            // Depths 10 and 50 only; the depth-less form was removed in 2025 (reference §2.1).
            guard let asset = spot(parts[1]), let depth = Int(parts[2]), depth == 10 || depth == 50 else { return nil }
            self = .book(asset, depth: depth)
        case ("candlestick", 3):
            guard let interval = Self.timeframes[parts[1]], let asset = spot(parts[2]) else { return nil }
            self = .candlestick(asset, intervalMs: interval, label: parts[1])
        default:
            return nil
        }
    }

    var asset: SignalAsset {
        switch self {
        case .index(let asset), .ticker(let asset), .book(let asset, _), .trade(let asset), .candlestick(let asset, _, _):
            return asset
        }
    }

    var instrument: String {
        if case .index(let asset) = self { return asset.cryptoComIndex }
        return asset.cryptoComInstrument
    }
}

/// One book stream of one connection: the `u` chain and the ladder the client should hold.
struct FakeBookStream: Sendable {
    var updateId: Int64
    var ladder: FakeBookLadder
    var lastSentWallMs: Int64
}

/// The fake Crypto.com feed's view of one WebSocket connection.
struct CryptoComConnection: Sendable {
    let id: Int
    let sink: AsyncStream<FakeFrame>.Continuation
    let openedWallMs: Int64
    var channels: [String: FakeCryptoComChannel] = [:]
    var pendingHeartbeat: (id: Int64, deadlineMs: Int64)?
    var nextHeartbeatMs: Int64
    var framesSent = 0
    var books: [String: FakeBookStream] = [:]
    var lastIndexSecond: [String: Int64] = [:]
    var lastTickerMid: [String: Money] = [:]
    var lastTradeSecond: [String: Int64] = [:]
    var lastCandleStart: [String: Int64] = [:]
    /// The calendar second of the last counted request, and how many came in it.
    var requestSecond: Int64 = .min
    var requestsInSecond = 0

    /// Counts a request at `wallMs`; false when it is over the second's allowance.
    mutating func admitRequest(wallMs: Int64, perSecond: Int) -> Bool {
        let second = wallMs / 1_000
        if second != requestSecond {
            requestSecond = second
            requestsInSecond = 0
        }
        guard requestsInSecond < FakeSignalConfiguration.allowance(openedWallMs: openedWallMs, second: second, perSecond: perSecond)
        else { return false }
        requestsInSecond += 1
        return true
    }

    init(id: Int, sink: AsyncStream<FakeFrame>.Continuation, openedWallMs: Int64, heartbeatIntervalMs: Int64) {
        self.id = id
        self.sink = sink
        self.openedWallMs = openedWallMs
        self.nextHeartbeatMs = openedWallMs + heartbeatIntervalMs
    }
}
