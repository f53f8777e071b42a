import Foundation
import KalshiAPI
import KalshiAuth
import KalshiClient
import KalshiCore
import Logging
import Storage
import TradingSession

/// `kalshi-trader check`: everything a live session needs, checked without placing an order.
/// Local checks first (configuration, key, journal), then the exchange (reachable, clock, key
/// accepted, balance on the traded shard, API tier, current event, WebSocket), then the price
/// feed. A check whose prerequisite failed is skipped and says which one.
public struct LiveCheck: Sendable {
    public struct Options: Sendable {
        /// The host clock compared with the exchange's `Date` header (tests skew it).
        public var hostClockMs: @Sendable () -> Int64 = { WallClock.nowMs() }
        /// How long the WebSocket may take to deliver a book snapshot.
        public var webSocketTimeoutSeconds: Double = 10
        /// How long the price feed may take to deliver a price.
        public var signalTimeoutSeconds: Double = 15
        /// Each REST request's deadline.
        public var requestTimeoutSeconds: Int64 = 5

        public init() {}
    }

    /// |host − exchange| up to this is fine; the exchange's `Date` has whole seconds.
    static let clockOkMs: Int64 = 1_000
    /// Beyond this the signatures' timestamps risk rejection (the exchange's tolerance is not
    /// documented: reference §1, unconfirmed).
    static let clockFailMs: Int64 = 5_000

    let configuration: LiveConfiguration
    let options: Options
    let logger: Logger

    public init(configuration: LiveConfiguration, options: Options = Options()) {
        self.configuration = configuration
        self.options = options
        var logger = Logger(label: "check")
        logger.logLevel = .critical
        self.logger = logger
    }

    /// Loads the file, applies the flags, and runs every check. A file that cannot be read is
    /// the one failure reported (nothing else can be checked without it).
    public static func run(configPath: String, overrides: LiveOverrides, options: Options = Options()) async -> CheckReport {
        let configuration: LiveConfiguration
        do { configuration = try LiveConfigurationLoader.load(path: configPath) } catch {
            return CheckReport(results: [
                .fail("config", error.description, fix: "fix the field named above (see config/live.yaml for every field)")
            ])
        }
        return await LiveCheck(configuration: overrides.applied(to: configuration), options: options).run()
    }

    public func run() async -> CheckReport {
        var results = [checkConfiguration()]
        let (keyResult, signer) = checkKey()
        results.append(keyResult)
        results.append(await checkJournal())

        let environment: KalshiEnvironment
        do { environment = try KalshiEnvironment(named: configuration.environment) } catch {
            results.append(.fail("exchange", "environment: \(error.description)", fix: "set environment to prod, demo or an http(s):// URL"))
            for name in ["clock", "auth", "balance", "api_tier", "market", "websocket", "signals"] {
                results.append(.skip(name, needs: "exchange"))
            }
            return CheckReport(results: results)
        }
        let anonymous = client(environment, signer: nil)
        let (exchangeResult, clockResult) = await checkExchange(anonymous, environment: environment)
        results.append(exchangeResult)
        guard exchangeResult.status != .fail else {
            for name in ["clock", "auth", "balance", "api_tier", "market", "websocket"] { results.append(.skip(name, needs: "exchange")) }
            results.append(await checkSignals(environment: environment))
            return CheckReport(results: results)
        }
        results.append(clockResult)

        let markets = await selectMarkets(anonymous)
        let signed = signer.map { client(environment, signer: $0) }
        let authResult = await checkAuth(signed)
        results.append(authResult)
        if let signed, authResult.status != .fail {
            results.append(await checkBalance(signed, markets: markets.value))
            results.append(await checkTier(signed))
        } else {
            results.append(.skip("balance", needs: signed == nil ? "key" : "auth"))
            results.append(.skip("api_tier", needs: signed == nil ? "key" : "auth"))
        }
        results.append(markets.result)
        if let signer, authResult.status != .fail {
            results.append(await checkWebSocket(environment: environment, signer: signer, markets: markets.value ?? []))
        } else {
            results.append(.skip("websocket", needs: signer == nil ? "key" : "auth"))
        }
        results.append(await checkSignals(environment: environment))
        return CheckReport(results: results)
    }

    func client(_ environment: KalshiEnvironment, signer: RequestSigner?) -> KalshiRESTClient {
        KalshiRESTClient(
            environment: environment, signer: signer, tier: configuration.operations.rateLimitTier,
            retry: RetryPolicy(maxAttempts: 2, baseDelayMs: 250, maxDelayMs: 1_000), timeoutSeconds: options.requestTimeoutSeconds,
            logger: logger)
    }

    // MARK: Local

    func checkConfiguration() -> CheckResult {
        let audit = LiveLauncher.configurationAudit(configuration)
        if let refusal = audit.refusals.first {
            let more = audit.findings.count > 1 ? " (and \(audit.findings.count - 1) more)" : ""
            return .fail("config", refusal.fields.joined(separator: " / ") + ": " + refusal.problem + more, fix: refusal.fix)
        }
        if let warning = audit.warnings.first {
            let more = audit.warnings.count > 1 ? " (and \(audit.warnings.count - 1) more)" : ""
            return .warn("config", warning.fields.joined(separator: " / ") + ": " + warning.problem + more, fix: warning.fix)
        }
        let risk = configuration.risk
        return .ok(
            "config",
            "consistent: max_inventory \(risk.maxInventory), minimum_balance \(risk.minimumBalance.formatted(decimals: 2)), minimum_edge \(risk.minimumEdge.formatted(decimals: 2)), \(configuration.strategy.orderStyle.rawValue) orders of \(configuration.strategy.tradeSize)"
        )
    }

    func checkKey() -> (CheckResult, RequestSigner?) {
        guard let keyId = configuration.key.id, !keyId.isEmpty else {
            return (.fail("key", "key.id is missing", fix: "set key.id to the API key id from Kalshi's settings (or --key-id)"), nil)
        }
        guard let keyFile = configuration.key.file, !keyFile.isEmpty else {
            return (.fail("key", "key.file is missing", fix: "set key.file to the private key's PEM file (or --key)"), nil)
        }
        do {
            let signer = try RequestSigner(keyId: keyId, keyFile: keyFile)
            return (.ok("key", "\(keyFile): RSA private key, readable by its owner only; key id \(keyId)"), signer)
        } catch {
            // The loader's message ends with its own advice; the fix column says it once.
            let reason = error.description.components(separatedBy: " Fix with:").first ?? error.description
            return (.fail("key", reason, fix: Self.keyFix(error, file: keyFile)), nil)
        }
    }

    static func keyFix(_ error: KeyLoadError, file: String) -> String {
        switch error {
        case .insecurePermissions: "chmod 600 \(file)"
        case .fileNotFound:
            "create an API key in Kalshi (Account & security → API Keys), save the private key it downloads as \(file), then chmod 600 \(file)"
        case .invalidKeyId: "copy the key id exactly as Kalshi shows it"
        case .encrypted: "store the key without a passphrase (openssl pkey -in KEY -out \(file)), mode 600"
        default: "point key.file at the RSA private key (PEM) whose public key is registered with Kalshi"
        }
    }

    func checkJournal() async -> CheckResult {
        let location: JournalLocation
        do { location = try JournalLocation(parsing: configuration.journalLocation) } catch {
            return .fail("journal", error.description, fix: "set journal.location to a file path or a postgresql:// URL")
        }
        let store: any JournalStore
        do { store = try await Journal.open(location) } catch {
            return .fail("journal", error.description, fix: "make the journal's folder writable, or choose another journal.location")
        }
        let result = await inspect(store, location: location)
        await store.close()
        return result
    }

    private func inspect(_ store: any JournalStore, location: JournalLocation) async -> CheckResult {
        if case .sqlite(let path) = location, !FileManager.default.isWritableFile(atPath: path) {
            return .fail("journal", "\(path) is not writable", fix: "make \(path) writable by this user")
        }
        let version: Int
        let existing: JournalSession?
        do {
            version = try await store.schemaVersion()
            existing = try await store.existingSession(configuration.journal.session)
        } catch {
            return .fail("journal", error.description, fix: "check the journal's database")
        }
        let name = configuration.journal.session
        guard let existing else {
            return .ok("journal", "\(store.location) writable, schema v\(version); session '\(name)' will be created")
        }
        if let environment = try? KalshiEnvironment(named: configuration.environment),
            existing.environment != environment.description
        {
            return .fail(
                "journal", "session '\(name)' in \(store.location) trades on \(existing.environment), not \(environment)",
                fix: "choose another journal.session (or journal.location) for this environment")
        }
        return .ok(
            "journal",
            "\(store.location) writable, schema v\(version); session '\(name)' resumes (\(existing.runId) run(s), since \(RFC3339.format(ms: existing.createdMs)))"
        )
    }
}
