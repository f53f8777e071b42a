import Foundation
import KalshiAPI
import KalshiAuth
import KalshiClient
import KalshiCore
import TradingSession

extension LiveCheck {
    /// Reachability and exchange state (unsigned, so a bad key cannot hide a network problem),
    /// and the host clock against the answer's `Date` header.
    func checkExchange(_ rest: KalshiRESTClient, environment: KalshiEnvironment) async -> (CheckResult, CheckResult) {
        let answer: (status: ExchangeStatusDTO, serverDate: String?, sentMs: Int64, receivedMs: Int64)
        do { answer = try await rest.exchangeStatusWithClock() } catch {
            return (
                .fail("exchange", "\(environment.restHost): \(error)", fix: Self.networkFix(error, environment: environment)),
                .skip("clock", needs: "exchange")
            )
        }
        let roundTrip = answer.receivedMs - answer.sentMs
        var exchange: CheckResult
        if !answer.status.exchangeActive {
            exchange = .warn(
                "exchange", "\(environment.restHost) answered in \(roundTrip) ms, but the exchange is closed (maintenance)",
                fix: "wait for it to reopen\(answer.status.exchangeEstimatedResumeTime.map { " (expected \($0))" } ?? "")")
        } else if !answer.status.tradingActive {
            exchange = .warn(
                "exchange", "\(environment.restHost) answered in \(roundTrip) ms, but trading is paused",
                fix: "wait for trading to resume\(answer.status.exchangeEstimatedResumeTime.map { " (expected \($0))" } ?? "")")
        } else {
            exchange = .ok("exchange", "\(environment.restHost) answered in \(roundTrip) ms; exchange open, trading active")
        }
        if let paused = answer.status.exchangeIndexStatuses?.filter({ $0.tradingActive == false }).map(\.exchangeIndex),
            !paused.isEmpty, exchange.status == .ok
        {
            exchange = .warn(
                "exchange", "\(environment.restHost) answered in \(roundTrip) ms; trading paused on shard(s) \(paused.map(String.init).joined(separator: ", "))",
                fix: "wait for those shards to resume")
        }
        return (exchange, clockResult(serverDate: answer.serverDate, sentMs: answer.sentMs, receivedMs: answer.receivedMs))
    }

    /// The offset is known to a second (the header's resolution) plus the round trip: it is
    /// reported as the smallest offset consistent with the answer.
    func clockResult(serverDate: String?, sentMs: Int64, receivedMs: Int64) -> CheckResult {
        guard let serverDate, let serverMs = HTTPDate.parse(serverDate) else {
            return .warn(
                "clock", "the exchange's answer has no readable Date header\(serverDate.map { " ('\($0)')" } ?? "")",
                fix: "keep the host clock NTP-synced (timedatectl set-ntp true)")
        }
        // The exchange's clock was in [serverMs, serverMs + 1 s) at some instant of the request;
        // the host's read `sent…received` around it, shifted by the (test) clock's offset.
        let hostNow = options.hostClockMs()
        let skew = hostNow - WallClock.nowMs()
        let hostSent = sentMs + skew
        let hostReceived = receivedMs + skew
        let ahead = hostSent - (serverMs + 1_000)  // host ahead of the exchange by at least this
        let behind = serverMs - hostReceived  // host behind by at least this
        let offset = max(ahead, behind, 0)
        let direction = ahead > 0 ? "ahead of" : "behind"
        let detail = "host clock \(offset == 0 ? "within 1 s of" : "\(Self.seconds(offset)) \(direction)") the exchange's (Date: \(serverDate))"
        if offset == 0 || offset <= Self.clockOkMs { return .ok("clock", detail) }
        let fix = "sync the host clock (timedatectl set-ntp true, or chronyd): request signatures carry the host's time"
        if offset <= Self.clockFailMs { return .warn("clock", detail, fix: fix) }
        return .fail("clock", detail, fix: fix)
    }

    /// The key accepted: a signed read of the balance.
    func checkAuth(_ rest: KalshiRESTClient?) async -> CheckResult {
        guard let rest else { return .skip("auth", needs: "key") }
        do {
            _ = try await rest.balance()
            return .ok("auth", "the exchange accepted key \(configuration.key.id ?? "?") (signed GET /portfolio/balance)")
        } catch {
            if case .exchange(let status, _) = error, status == 401 || status == 403 {
                return .fail(
                    "auth", "the exchange refused key \(configuration.key.id ?? "?"): \(error)",
                    fix:
                        "check that key.id is the id Kalshi shows for this key file's public key, that the key was made on this environment (demo and prod keys differ), and the clock check")
            }
            return .fail("auth", "signed GET /portfolio/balance failed: \(error)", fix: Self.networkFix(error, environment: rest.environment))
        }
    }

    /// Cash on the traded markets' shard (crypto events live on shard 2) against the floor.
    func checkBalance(_ rest: KalshiRESTClient, markets: [MarketMetadata]?) async -> CheckResult {
        let balance: BalanceDTO
        do { balance = try await rest.balance() } catch {
            return .fail("balance", "GET /portfolio/balance failed: \(error)", fix: Self.networkFix(error, environment: rest.environment))
        }
        var shard: Int?
        if let ticker = markets?.first?.ticker { shard = try? await rest.market(ticker).exchangeIndex }
        let floor = configuration.risk.minimumBalance
        let perShard =
            balance.balanceBreakdown.map { breakdown in
                ", per shard " + breakdown.map { "\($0.exchangeIndex): \($0.balance.formatted(decimals: 2))" }.joined(separator: ", ")
            } ?? ""
        let available = shard.map { balance.balance(onShard: $0) } ?? balance.exactBalance
        let place = shard.map { "on shard \($0) (the traded markets' shard; " } ?? "in all ("
        let detail = "\(available.formatted(decimals: 2)) \(place)total \(balance.exactBalance.formatted(decimals: 2))\(perShard))"
        if available < floor {
            let move =
                shard.map { shard in
                    available < balance.exactBalance
                        ? "move cash to shard \(shard) (intra-exchange transfer), set operations.auto_transfer to let live move it at start, or lower risk.minimum_balance"
                        : "deposit, or lower risk.minimum_balance"
                } ?? "deposit, or lower risk.minimum_balance"
            return .fail("balance", detail + " is below risk.minimum_balance \(floor.formatted(decimals: 2))", fix: move)
        }
        var context = ConfigurationAudit.Context()
        context.startingBalance = available
        context.balanceField = "the balance"
        let audit = ConfigurationAudit(risk: configuration.risk, strategy: configuration.strategyConfiguration, context: context)
        if let warning = audit.findings.first(where: { $0.fields.contains("the balance") }) {
            return .warn("balance", detail + ": " + warning.problem, fix: warning.fix)
        }
        return .ok("balance", detail + ", above risk.minimum_balance \(floor.formatted(decimals: 2))")
    }

    /// The account's API tier against `operations.rate_limit_tier`, which paces the client.
    func checkTier(_ rest: KalshiRESTClient) async -> CheckResult {
        let configured = configuration.operations.rateLimitTier
        let limits: AccountLimitsDTO
        do { limits = try await rest.accountLimits() } catch {
            return .warn(
                "api_tier", "GET /account/limits failed (\(error)); pacing for the configured \(configured.rawValue) tier",
                fix: "check the tier in Kalshi's API settings and set operations.rate_limit_tier")
        }
        let rates = "read \(limits.read?.refillRate.map(String.init) ?? "?")/s, write \(limits.write?.refillRate.map(String.init) ?? "?")/s"
        guard let actual = RateLimitTier(rawValue: limits.usageTier.lowercased()) else {
            return .warn(
                "api_tier", "the exchange reports tier '\(limits.usageTier)' (\(rates)), unknown to this program",
                fix: "set operations.rate_limit_tier to the closest known tier below it")
        }
        let order = RateLimitTier.allCases
        let configuredRank = order.firstIndex(of: configured) ?? 0
        let actualRank = order.firstIndex(of: actual) ?? 0
        if configuredRank > actualRank {
            return .fail(
                "api_tier",
                "operations.rate_limit_tier is \(configured.rawValue), but the account is \(actual.rawValue) (\(rates)): orders would meet 429s",
                fix: "set operations.rate_limit_tier: \(actual.rawValue)")
        }
        if configuredRank < actualRank {
            return .warn(
                "api_tier",
                "the account is \(actual.rawValue) (\(rates)), but operations.rate_limit_tier paces for \(configured.rawValue)",
                fix: "set operations.rate_limit_tier: \(actual.rawValue) to use the account's limits")
        }
        return .ok("api_tier", "\(actual.rawValue) (\(rates)), as configured")
    }

    /// The current hourly event and its strikes, as the session would choose them.
    func selectMarkets(_ rest: KalshiRESTClient) async -> (result: CheckResult, value: [MarketMetadata]?) {
        do {
            let markets = try await LivePreflight.selectMarkets(configuration, rest: rest)
            guard let first = markets.first else {
                return (.fail("market", "no market selected", fix: "check markets.asset / markets.ticker"), nil)
            }
            let strikes = markets.compactMap { $0.floorStrike?.formatted(decimals: 2) }
            var range = ""
            if let lowest = strikes.first, let highest = strikes.last { range = ", strikes \(lowest)…\(highest)" }
            return (
                .ok(
                    "market",
                    "event \(first.eventTicker) closes \(RFC3339.format(ms: first.closeTimeMs)): \(markets.count) market(s)\(range)"),
                markets
            )
        } catch {
            let fix: String =
                switch error {
                case .marketNotFound, .marketClosed: "set markets.ticker to an open market, or remove it to trade the current hourly event"
                case .noOpenEvent: "wait for the next hourly event to open, or lower risk.terminal_exit_time"
                default: "see the reason above"
                }
            return (.fail("market", error.description.replacingOccurrences(of: "refusing to start: ", with: ""), fix: fix), nil)
        }
    }

    static func networkFix(_ error: KalshiAPIError, environment: KalshiEnvironment) -> String {
        switch error {
        case .unreachable: "check the network, the environment / --url (\(environment.restHost)), and any firewall or proxy"
        case .transport: "the exchange did not answer in time: check the network, then retry"
        case .rateLimited: "too many requests: wait a few seconds and retry"
        case .malformedResponse: "the answer was not Kalshi's API: check that environment / --url points at Kalshi"
        case .exchange(let status, _) where status >= 500: "the exchange has a problem: retry later"
        case .exchange: "see the exchange's answer above"
        }
    }

    static func seconds(_ milliseconds: Int64) -> String {
        String(format: "%.1f s", Double(milliseconds) / 1_000)
    }
}

/// The HTTP `Date` header (RFC 9110 IMF-fixdate: `Sun, 06 Nov 1994 08:49:37 GMT`).
enum HTTPDate {
    static func parse(_ text: String) -> Int64? {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        guard let date = formatter.date(from: text) else { return nil }
        return Int64(exactly: (date.timeIntervalSince1970 * 1_000).rounded())
    }
}
