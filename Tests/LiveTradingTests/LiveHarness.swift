import FakeVenues
import Foundation
import KalshiAPI
import KalshiAuth
import KalshiClient
import KalshiCore
import LiveTrading
import Logging
import Storage
import Testing
import TraderRuntime
import TradingEngine
import _CryptoExtras

/// A fake Kalshi exchange on loopback with one funded account whose private key is in a file
/// (mode 0600) for the live trader, plus what the tests need to drive and audit a session:
/// counterparties, mispriced liquidity the strategy will take, and the exchange's record.
final class LiveHarness: Sendable {
    let venue: FakeVenue
    let keyId: String
    let keyFile: String
    let publicKeyFile: String
    let directory: URL
    let signer: RequestSigner
    /// The account's own REST view, for audits (patient retries: faults may be on).
    let rest: KalshiRESTClient

    var url: String { venue.baseURL }
    var exchange: FakeKalshiExchange { venue.exchange }

    static func start(
        balance: Money = Money(cents: 100_000), faults: FaultPlan = FaultPlan(), backgroundFlow: Bool = true,
        keyId: String = "live-test", usageTier: String = "prestige", tradingActive: Bool = true,
        shardBalances: [Int: Money]? = nil, eventMinutes: Int = 60, firstCloseInSeconds: Int64 = 30 * 60
    ) async throws -> LiveHarness {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("live-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let privateKey = try _RSA.Signing.PrivateKey(keySize: .bits2048)
        let keyFile = directory.appendingPathComponent("key.pem").path
        try writeFile(keyFile, privateKey.pemRepresentation, mode: 0o600)
        let signer = try RequestSigner(keyId: keyId, keyFile: keyFile)
        let publicKeyFile = directory.appendingPathComponent("public.pem").path
        try writeFile(publicKeyFile, signer.publicKeyPEM, mode: 0o644)
        var configuration = FakeKalshiConfiguration()
        configuration.apiKeys = [keyId: signer.publicKeyPEM]
        configuration.startingBalance = balance
        configuration.assets = [.eth]
        configuration.backgroundFlow = backgroundFlow
        configuration.faults = faults
        // The tier the sample configuration paces for (`rate_limit_tier: prestige`).
        configuration.usageTier = usageTier
        configuration.tradingActive = tradingActive
        configuration.shardBalances = shardBalances
        // The listed hour closes 30 minutes from now whatever the wall clock says, so no test
        // runs into a close (or the terminal exit before it) by starting late in an hour.
        configuration.firstCloseMs = Int64(Date().timeIntervalSince1970 * 1_000) + firstCloseInSeconds * 1_000
        configuration.eventMinutes = eventMinutes
        var logger = Logger(label: "test.venue")
        logger.logLevel = .critical
        let venue = try await FakeVenue.start(configuration: configuration, logger: logger)
        var clientLogger = Logger(label: "test.audit")
        clientLogger.logLevel = .critical
        let rest = KalshiRESTClient(
            environment: try KalshiEnvironment(customURL: venue.baseURL), signer: signer, tier: .prestige,
            retry: RetryPolicy(maxAttempts: 30, baseDelayMs: 5, maxDelayMs: 50), logger: clientLogger)
        return LiveHarness(
            venue: venue, keyId: keyId, keyFile: keyFile, publicKeyFile: publicKeyFile, directory: directory, signer: signer,
            rest: rest)
    }

    private init(
        venue: FakeVenue, keyId: String, keyFile: String, publicKeyFile: String, directory: URL, signer: RequestSigner,
        rest: KalshiRESTClient
    ) {
        self.venue = venue
        self.keyId = keyId
        self.keyFile = keyFile
        self.publicKeyFile = publicKeyFile
        self.directory = directory
        self.signer = signer
        self.rest = rest
    }

    func stop() async {
        await venue.stop()
        if ProcessInfo.processInfo.environment["KEEP_LIVE_TEST_DIRS"] == nil {
            try? FileManager.default.removeItem(at: directory)
        }
    }

    static func writeFile(_ path: String, _ text: String, mode: Int) throws {
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path)
    }

    func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    // MARK: Markets

    /// The listed "above $X" ETH markets, by strike.
    func thresholdMarkets() async -> [MarketMetadata] {
        var markets: [MarketMetadata] = []
        for ticker in await exchange.listedTickers where ticker.hasPrefix("KXETHD-") {
            if let metadata = await exchange.metadata(ticker) { markets.append(metadata) }
        }
        return markets.sorted { ($0.floorStrike ?? .zero) < ($1.floorStrike ?? .zero) }
    }

    /// The `count` strikes nearest the spot of the threshold event open now, with at least
    /// `tradableFor` seconds before its close.
    func openNearestStrikes(_ count: Int, tradableFor seconds: Int64) async -> [String] {
        let now = exchange.clock.nowMs()
        let spot = await exchange.spot("ETH") ?? 3_000
        let open = await thresholdMarkets().filter { $0.openTimeMs <= now && now < $0.closeTimeMs - seconds * 1_000 }
        return open.sorted {
            abs(Double(($0.floorStrike ?? .zero).micros) / 1e6 - spot) < abs(Double(($1.floorStrike ?? .zero).micros) / 1e6 - spot)
        }.prefix(count).map(\.ticker)
    }

    /// The threshold markets whose strikes are nearest the scenario's spot now.
    func nearestStrikes(_ count: Int) async -> [String] {
        let spot = await exchange.spot("ETH") ?? 3_000
        let markets = await thresholdMarkets()
        return markets.sorted {
            abs(Double(($0.floorStrike ?? .zero).micros) / 1e6 - spot)
                < abs(Double(($1.floorStrike ?? .zero).micros) / 1e6 - spot)
        }.prefix(count).map(\.ticker)
    }

    // MARK: Configuration

    struct Settings {
        var markets = "  asset: ETH\n  strikes: nearest\n  nearest_count: 2"
        var journal: String
        var session = "test"
        var orphanOrders = "cancel"
        var maxInventory = "4"
        var maxOrderSize = "10"
        var minimumBalance = "10.00"
        var staleness = "10"
        var reconciliationPeriod = "3"
        // Generous: an answer slower than this puts the order in doubt, which tests not about
        // timeouts must not depend on a loaded machine to avoid.
        var requestTimeout = "10"
        var tradeSize = "1"
        var cooldown = "0.3"
        var terminalExit = "60"
    }

    func yaml(_ settings: Settings) -> String {
        """
        environment: \(url)
        key:
          id: \(keyId)
          file: \(keyFile)
        markets:
        \(settings.markets)
        risk:
          max_inventory: \(settings.maxInventory)
          max_inventory_dev: 40
          minimum_balance: \(settings.minimumBalance)
          max_balance_dev: 500.00
          terminal_exit_time: \(settings.terminalExit)
          reconciliation_period: \(settings.reconciliationPeriod)
          maximum_orderbook_staleness: \(settings.staleness)
          minimum_edge: 0.02
          max_order_size: \(settings.maxOrderSize)
          max_open_orders: 10
          max_orders_per_second: 10
        strategy:
          trade_size: \(settings.tradeSize)
          cooldown_seconds: \(settings.cooldown)
          order_timeout_seconds: 300
        journal:
          location: \(settings.journal)
          session: \(settings.session)
        operations:
          cancel_on_exit: true
          orphan_orders: \(settings.orphanOrders)
          kill_switch_file: \(path("KILL"))
          status_interval_seconds: 1
          # Generous: a clean stop is what these tests check, not how fast a loaded machine is.
          shutdown_timeout_seconds: 60
          request_timeout_seconds: \(settings.requestTimeout)
          settlement_wait_seconds: 60
          rate_limit_tier: prestige
          logs: \(path("logs"))

        """
    }

    func writeConfig(_ settings: Settings, name: String = "live.yaml") throws -> String {
        let file = path(name)
        try yaml(settings).write(toFile: file, atomically: true, encoding: .utf8)
        return file
    }

    // MARK: Counterparties

    /// Keeps mispriced liquidity on the given markets, which the strategy takes: cheap asks for a
    /// while, then rich bids (never both: they would cross), replenished as they are taken. The
    /// session trades both ways and its position moves.
    func provideLiquidity(on tickers: [String], switchEveryMs: Int64 = 2_000, replenishEveryMs: Int = 100) -> Task<Void, Never> {
        provideLiquidity(following: { tickers }, switchEveryMs: switchEveryMs, replenishEveryMs: replenishEveryMs)
    }

    /// The same on markets chosen afresh at every round (e.g. the open event's, as events roll).
    func provideLiquidity(
        following chosen: @escaping @Sendable () async -> [String], switchEveryMs: Int64 = 2_000, replenishEveryMs: Int = 100
    ) -> Task<Void, Never> {
        let exchange = self.exchange
        return Task {
            let start = ContinuousClock.now
            while !Task.isCancelled {
                let elapsed = start.duration(to: .now).components.seconds * 1_000
                let side: BookSide = (elapsed / switchEveryMs) % 2 == 0 ? .ask : .bid
                for ticker in await chosen() {
                    let resting = await exchange.engine(ticker)?.restingOrders(owner: "harness") ?? []
                    for order in resting where order.side != side { await exchange.cancel(orderId: order.id, ticker: ticker) }
                    guard !resting.contains(where: { $0.side == side }) else { continue }
                    await exchange.submit(
                        OrderRequest(
                            owner: "harness", side: side, price: Price(uncheckedTicks: side == .ask ? 500 : 9_500),
                            count: Quantity(contracts: 2)),
                        ticker: ticker)
                }
                try? await Task.sleep(for: .milliseconds(replenishEveryMs))
            }
        }
    }

    // MARK: The exchange's record

    func exchangeFills() async throws -> [FillDTO] {
        try await rest.fills().fills
    }

    func exchangeOrders() async throws -> [OrderDTO] {
        try await rest.orders().orders
    }

    func exchangePosition(_ ticker: String) async -> Quantity {
        await exchange.account(keyId)?.position(in: ticker) ?? .zero
    }
}

/// Output of an in-process session, kept for assertions.
final class CollectedOutput: LiveOutput, @unchecked Sendable {
    // @unchecked: every access goes through `lock`.
    private let lock = NSLock()
    private var lines: [String] = []

    func line(_ text: String) { lock.withLock { lines.append(text) } }
    func report(_ records: [EngineRecord]) {
        for record in records {
            switch record {
            case .state(let state): line("STATE \(state.kind) \(state.ticker ?? "") \(state.detail)")
            case .order(let order):
                line(
                    "ORDER \(order.event) \(order.clientOrderId) \(order.ticker) \(order.side.rawValue) \(order.count) @ \(order.price) \(order.reason ?? "")"
                )
            case .fill(let fill): line("FILL \(fill.clientOrderId) \(fill.count) @ \(fill.price)")
            case .decision: break
            }
        }
    }
    func summarize(_ summary: SessionSummary, logDirectory: String) { line("summary \(summary.json)") }

    var all: [String] { lock.withLock { lines } }
    func contains(_ text: String) -> Bool { all.contains { $0.contains(text) } }
}

/// Waits for a condition, checking it every 50 ms, until `seconds` pass. Callers wrap the result
/// in `#expect`/`#require` with a message naming what they waited for.
func eventually(_ seconds: Double, _ condition: () async throws -> Bool) async rethrows -> Bool {
    let deadline = ContinuousClock.now + .milliseconds(Int64(seconds * 1_000))
    while ContinuousClock.now < deadline {
        if try await condition() { return true }
        try? await Task.sleep(for: .milliseconds(50))
    }
    return try await condition()
}

/// Journals the tests open: SQLite files, or the PostgreSQL server of `KALSHI_TEST_POSTGRES_URL`
/// when this build has the `Postgres` trait.
enum JournalBackends {
    static var postgresURL: String? {
        guard Journal.supportsPostgres, let url = ProcessInfo.processInfo.environment["KALSHI_TEST_POSTGRES_URL"], !url.isEmpty
        else {
            return nil
        }
        return url
    }

    static var names: [String] { postgresURL == nil ? ["sqlite"] : ["sqlite", "postgres"] }

    static func location(_ backend: String, harness: LiveHarness) -> String {
        backend == "postgres" ? postgresURL! : harness.path("journal.sqlite")
    }

    static func uniqueSession() -> String { "t" + UUID().uuidString.prefix(8).lowercased() }

    static func entries(location: String, session: String) async throws -> [JournalEntry] {
        let store = try await Journal.open(try JournalLocation(parsing: location))
        defer { Task { await store.close() } }
        guard let found = try await store.existingSession(session) else { return [] }
        return try await store.entries(of: found)
    }
}
