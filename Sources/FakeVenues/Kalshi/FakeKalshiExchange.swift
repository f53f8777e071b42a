import Foundation
import KalshiAPI
import KalshiAuth
import KalshiCore
import Logging

/// A loopback imitation of Kalshi's exchange: markets, matching, accounts, settlement and the
/// WebSocket feeds, behind the same REST paths and message shapes as the real one (reference
/// §7). All state lives in this actor; the HTTP layer (`FakeKalshiServer`) only translates.
public actor FakeKalshiExchange {
    /// The shard crypto events live on since 2026-08-24 (reference §4.6): every listed market,
    /// and all of an account's cash.
    public static let shard = 2
    /// The highest shard index the fake accepts in a transfer.
    public static let maximumShard = 7

    public let configuration: FakeKalshiConfiguration
    public nonisolated let clock: ScenarioClock
    let logger: Logger
    var core = ExchangeCore()
    var marketDTOs: [String: MarketDTO] = [:]
    var marketMetadata: [String: MarketMetadata] = [:]
    var series: [String: SeriesDTO] = [:]
    var verifiers: [String: SignatureVerifier] = [:]
    /// Latest state of every order ever placed, by id (the engines forget finished ones).
    var orderRecords: [String: ExchangeOrder] = [:]
    var fillsByOwner: [String: [FillDTO]] = [:]
    var settlementsByOwner: [String: [SettlementDTO]] = [:]
    var underlyings: [String: UnderlyingPath] = [:]
    /// The asset each recorded market settles on (recording scenarios).
    var recordedAssets: [String: String] = [:]
    /// The recorded books the tape participant follows (recording scenarios).
    var tape: RecordedTape?
    var connections: [Int: FeedConnection] = [:]
    var nextConnectionId = 1
    var faultRandom: SplitMix
    var flowRandom: SplitMix
    var faults: FaultPlan
    var settledTickers: Set<String> = []
    /// Each account's cash on shards other than `shard`. The matching core's ledger is the
    /// crypto shard's cash, so its collateral checks are that shard's, as on the exchange.
    var offShardCash: [String: [Int: Money]] = [:]
    var nextTransferId = 1
    /// Orders that came without `exchange_index` (auto-routed): a client that knows its
    /// markets' shard should send it.
    public internal(set) var ordersWithoutExchangeIndex = 0
    /// Trading paused (`pauseTrading`, or the `pause=` fault): no new orders or amends.
    var tradingPaused = false
    var pausedBySchedule = false
    var earlyCloseApplied = false
    var feeChangeApplied = false
    var regridApplied = false
    /// Each event's fee override (`event_fee_update`), as `GET /events/{ticker}` reports it.
    var eventFeeOverrides: [String: WSEventFeeUpdate] = [:]
    var orderGroups: [String: FakeOrderGroup] = [:]
    /// The group of each order sent with an `order_group_id`, by exchange order id.
    var groupOfOrder: [String: String] = [:]
    var pendingTriggers: Set<String> = []
    var nextOrderGroupId = 1
    /// The last scenario second whose index values were published.
    var lastIndexSecond: Int64 = .min
    /// Client order ids of the creates that arrived (and were refused) while trading was paused.
    public internal(set) var createsRefusedWhilePaused: [String] = []
    /// Every create request received, by client order id (tests check what clients send).
    public internal(set) var receivedCreates: [String: CreateOrderRequest] = [:]

    /// The high half of this run's id namespaces: the second it started at, modulo 2^16. Runs
    /// started at different seconds (within 18 hours of each other) never hand out the same
    /// order or trade id; a scenario with a fixed start keeps its ids from one run to the next.
    static func idNamespaceBase(startMs: Int64) -> UInt32 {
        UInt32(truncatingIfNeeded: (startMs / 1_000) & 0xFFFF) << 16
    }

    public init(configuration: FakeKalshiConfiguration, logger: Logger = Logger(label: "fake.kalshi")) async throws {
        self.configuration = configuration
        self.logger = logger
        let startMs =
            configuration.scenarioStartMs ?? configuration.recording?.startMs ?? Int64(Date().timeIntervalSince1970 * 1_000)
        self.clock = ScenarioClock(startMs: startMs, speed: configuration.speed, paused: configuration.startPaused)
        self.core = ExchangeCore(idNamespaceBase: Self.idNamespaceBase(startMs: startMs))
        self.faults = configuration.faults
        self.faultRandom = SplitMix(seed: configuration.faults.seed)
        self.flowRandom = SplitMix(seed: configuration.seed &+ 1)
        for (keyId, pem) in configuration.apiKeys {
            verifiers[keyId] = try SignatureVerifier(
                publicKeyPEM: pem, expectedKeyId: keyId, maxSkewMs: configuration.maxSignatureSkewMs)
            fund(keyId)
        }
        if let recording = configuration.recording {
            listRecorded(recording)
            return
        }
        for asset in configuration.assets {
            let spot = configuration.initialSpot[asset.symbol] ?? 100
            underlyings[asset.symbol] = UnderlyingPath(
                synthetic: SyntheticUnderlying(
                    parameters: .init(
                        initialPrice: spot, volatility: configuration.volatility,
                        seed: FakeKalshiExchange.seed(configuration.seed, asset.symbol)),
                    startMs: startMs))
            for seriesTicker in [asset.thresholdSeries, asset.rangeSeries] {
                series[seriesTicker] = FakeKalshiExchange.hourlySeries(
                    seriesTicker, asset: asset.symbol, fees: FeeSchedule(type: .quadratic))
            }
        }
        let length = eventLengthMs
        let firstClose = configuration.firstCloseMs ?? ((startMs / length) + 1) * length
        listHour(closeMs: firstClose)
        if configuration.backgroundFlow { seedInitialQuotes() }
    }

    static func seed(_ base: UInt64, _ asset: String) -> UInt64 {
        base &+ asset.utf8.reduce(UInt64(0)) { $0 &* 31 &+ UInt64($1) }
    }

    static func hourlySeries(_ ticker: String, asset: String, fees: FeeSchedule) -> SeriesDTO {
        var dto = SeriesDTO(ticker: ticker)
        dto.frequency = "hourly"
        dto.title = "\(asset) hourly"
        dto.category = "Crypto"
        dto.feeType = fees.type.rawValue
        dto.feeMultiplier = Double(fees.multiplierTicks) / 10_000
        return dto
    }

    /// Registers another account's API key (the `--key` flag can be repeated).
    public func register(keyId: String, publicKeyPEM: String) throws {
        verifiers[keyId] = try SignatureVerifier(
            publicKeyPEM: publicKeyPEM, expectedKeyId: keyId, maxSkewMs: configuration.maxSignatureSkewMs)
        fund(keyId)
    }

    /// A new account's cash: `startingBalance` on the crypto shard, or `shardBalances`.
    private func fund(_ owner: String) {
        guard let balances = configuration.shardBalances else {
            core.deposit(configuration.startingBalance, to: owner)
            return
        }
        core.deposit(balances[FakeKalshiExchange.shard] ?? .zero, to: owner)
        offShardCash[owner] = balances.filter { $0.key != FakeKalshiExchange.shard }
    }

    public func setFaults(_ plan: FaultPlan) {
        faults = plan
    }

    public var listedTickers: [String] { marketDTOs.keys.sorted() }

    public func metadata(_ ticker: String) -> MarketMetadata? { marketMetadata[ticker] }

    public func engine(_ ticker: String) -> MatchingEngine? { core.market(ticker) }

    public func account(_ owner: String) -> AccountLedger? { core.accounts[owner] }

    /// Current spot of an asset's underlying, at scenario time.
    public func spot(_ asset: String) -> Double? {
        guard underlyings[asset] != nil else { return nil }
        return underlyings[asset]!.price(atMs: clock.nowMs())
    }

    /// How long each listed event runs, from its open to its close (`eventMinutes`, at least one).
    var eventLengthMs: Int64 { Int64(max(1, min(configuration.eventMinutes, 1_440))) * 60_000 }

    /// Lists both "hourly" events of every asset closing at `closeMs` (open one event length before).
    func listHour(closeMs: Int64) {
        let openMs = closeMs - eventLengthMs
        let withMinutes = eventLengthMs != 3_600_000
        for asset in configuration.assets {
            let spot = underlyings[asset.symbol]!.price(atMs: max(openMs, clock.startMs))
            for market in HourlyMarketSeeder().markets(
                for: asset, spot: spot, closeMs: closeMs, openMs: openMs, minutesInTicker: withMinutes)
            where marketDTOs[market.dto.ticker] == nil {
                marketDTOs[market.dto.ticker] = market.dto
                marketMetadata[market.dto.ticker] = market.metadata
                core.list(market.metadata)
            }
        }
    }

    // MARK: Authentication

    public enum AuthOutcome: Sendable {
        case anonymous
        case account(String)
        case rejected(FakeResponse)
    }

    /// Checks the `KALSHI-ACCESS-*` headers: absent is anonymous; present must be a known key,
    /// a fresh timestamp and a valid RSA-PSS signature over timestamp + method + path.
    public func authenticate(method: String, path: String, key: String?, timestamp: String?, signature: String?) -> AuthOutcome {
        guard key != nil || timestamp != nil || signature != nil else { return .anonymous }
        guard let key, let timestamp, let signature else {
            return .rejected(.error(401, code: "unauthorized", message: "missing authentication headers"))
        }
        guard let verifier = verifiers[key] else {
            return .rejected(.error(401, code: "unauthorized", message: "unknown API key"))
        }
        guard let timestampMs = Int64(timestamp) else {
            return .rejected(.error(401, code: "unauthorized", message: "invalid timestamp"))
        }
        if let rejection = SignatureVerifier.checkTimestamp(
            timestampMs, nowMs: Int64(Date().timeIntervalSince1970 * 1_000), maxSkewMs: configuration.maxSignatureSkewMs)
        {
            return .rejected(.error(401, code: "unauthorized", message: "request timestamp rejected: \(rejection)"))
        }
        let signedPath = path.split(separator: "?", maxSplits: 1).first.map(String.init) ?? path
        guard verifier.isValid(signatureBase64: signature, timestampMs: timestampMs, method: method, path: signedPath) else {
            return .rejected(.error(401, code: "unauthorized", message: "invalid signature"))
        }
        return .account(key)
    }

    // MARK: Faults

    /// Draws whether a REST request fails before (or after) processing.
    func drawRequestFault() -> RequestFault {
        if faults.rateLimitRate > 0, faultRandom.uniform() < faults.rateLimitRate { return .rateLimited }
        if faults.serverErrorRate > 0, faultRandom.uniform() < faults.serverErrorRate { return .unavailable }
        return .none
    }

    func drawLostAnswer() -> Bool {
        faults.lostAnswerRate > 0 && faultRandom.uniform() < faults.lostAnswerRate
    }

    enum RequestFault { case none, rateLimited, unavailable }
}
