import KalshiCore

/// How a fake Kalshi exchange is set up: who may trade, with how much, which markets, how the
/// scenario moves and which faults to inject.
public struct FakeKalshiConfiguration: Sendable {
    /// API key id → public key PEM. Each key is one account, identified by its key id.
    public var apiKeys: [String: String] = [:]
    /// Cash each account starts with (all of it on the crypto shard, `FakeKalshiExchange.shard`).
    public var startingBalance = Money(cents: 100_000)
    /// Each account's cash per shard, instead of `startingBalance` all on the crypto shard
    /// (`fake-venue --shard-balance INDEX=DOLLARS`). Cash on another shard cannot back orders
    /// in the listed (crypto) markets until it is moved with the intra-exchange transfer.
    public var shardBalances: [Int: Money]?
    /// What an `orderbook_delta` subscription without `use_yes_price` gets: false today; Kalshi
    /// announced the default will flip to true (reference §5.1).
    public var useYesPriceByDefault = false
    /// The API usage tier `GET /account/limits` reports (its rate limits are not enforced).
    public var usageTier = "basic"
    /// `trading_active` in `GET /exchange/status` (false: a trading pause, as in maintenance).
    public var tradingActive = true
    /// Keys entitled to the `cfbenchmarks_value` channel (nil: every key; `fake-venue
    /// --index-reader KEY_ID`, repeatable). Others get error 9 when they subscribe.
    public var indexReaders: Set<String>?
    /// Assets whose hourly events are listed.
    public var assets: [HourlyMarketSeeder.Asset] = [.eth, .btc]
    /// Markets, books and prices taken from a recording instead of the synthetic hourly events:
    /// the exchange lists exactly the recorded markets, a participant's resting orders follow the
    /// recorded books, and markets settle on the recorded prices (`assets`, `initialSpot`,
    /// `firstCloseMs` and `rolling` are then not used; `backgroundFlow` means that participant).
    public var recording: RecordedScenario?
    /// Spot of each asset at the scenario start.
    public var initialSpot: [String: Double] = ["ETH": 3_000, "BTC": 95_000]
    public var volatility: Double = 0.6
    /// Scenario time at start (Unix ms); nil = the wall clock now.
    public var scenarioStartMs: Int64?
    /// How much faster than the wall clock scenario time runs.
    public var speed: Double = 1
    /// Hold scenario time at its start until `exchange.clock.resume()` (a demo resumes it once
    /// its clients are connected).
    public var startPaused = false
    /// Close of the first listed hour (Unix ms); nil = the next top of the hour after the start.
    public var firstCloseMs: Int64?
    /// Keep the next event listed: it appears (unopened) shortly before the latest one closes,
    /// and opens at that close, as Kalshi's hourly events follow each other.
    public var rolling = true
    /// Length of each listed "hourly" event in minutes (`fake-venue --event-minutes N`): shorter
    /// events let a roll from one event to the next be tested in minutes. Events shorter than an
    /// hour carry the close's minutes in their ticker (`KXETHD-26DEC031705`), as Kalshi's 15-minute
    /// series do, so consecutive events never share a ticker.
    public var eventMinutes = 60
    /// Simulated participants that quote and trade so books move.
    public var backgroundFlow = true
    /// Allowed difference between a request's timestamp and the scenario clock.
    public var maxSignatureSkewMs: Int64 = 60_000
    public var faults = FaultPlan()
    public var seed: UInt64 = 7
    /// Server pings (the real exchange sends one every 10 s with body "heartbeat").
    public var pingIntervalSeconds: Int64 = 10
    /// The fake Crypto.com and Coinbase feeds served on the same port (FakeVenues/CryptoCom).
    public var signals = FakeSignalConfiguration()

    public init() {}
}
