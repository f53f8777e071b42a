import Foundation
import KalshiAPI
import KalshiAuth
import KalshiClient
import KalshiCore
import Logging

/// Everything checked before a live session may start, in order: the key (present, readable,
/// private to its owner, a usable RSA key), the exchange (reachable, the key accepted), the
/// markets (found and open), and the account (balance at least `minimum_balance`). Nothing
/// here sends an order.
public struct LivePreflight: Sendable {
    public let configuration: LiveConfiguration
    public let environment: KalshiEnvironment
    public let signer: RequestSigner
    public let rest: KalshiRESTClient
    public let markets: [MarketMetadata]
    /// The account's cash, all shards together (what reconciliation compares).
    public let balance: Money
    /// The shard the traded markets live on, when the exchange says.
    public let shard: Int?
    /// Cash per shard, when the exchange reports it (after any transfer).
    public let shardBalances: [BalanceDTO.ShardBalance]?
    /// The transfer made at start (`operations.auto_transfer`), described for the journal.
    public let transfer: String?
    /// The token buckets the session paces itself with, and where they came from.
    public let rateLimits: RateLimits

    public static func check(_ configuration: LiveConfiguration, logger: Logger) async throws(LiveStartupError) -> LivePreflight {
        let environment: KalshiEnvironment
        do { environment = try KalshiEnvironment(named: configuration.environment) } catch {
            throw .environment(error.description)
        }
        guard let keyId = configuration.key.id, !keyId.isEmpty else { throw .missingKey(field: "key.id") }
        guard let keyFile = configuration.key.file, !keyFile.isEmpty else { throw .missingKey(field: "key.file") }
        let signer: RequestSigner
        do { signer = try RequestSigner(keyId: keyId, keyFile: keyFile) } catch {
            if case .invalidKeyId = error { throw .key(field: "key.id", error) }
            throw .key(field: "key.file", error)
        }
        // The session keeps this client: once running it rides out a restarting exchange.
        let retry = RetryPolicy(maxAttempts: 4, baseDelayMs: 200, maxDelayMs: 2_000, retriesUnreachable: true)
        func client(_ limits: RateLimits) -> KalshiRESTClient {
            KalshiRESTClient(
                environment: environment, signer: signer, limits: limits, retry: retry,
                timeoutSeconds: configuration.operations.requestTimeoutSeconds, logger: logger,
                orderConnection: configuration.operations.orderConnection)
        }
        let configured = RateLimits(tier: configuration.operations.rateLimitTier)
        var rest = client(configured)

        var account: BalanceDTO
        do { account = try await rest.balance() } catch {
            throw .exchange("reading the balance at \(environment) failed: \(error)")
        }
        // The buckets the exchange reports replace the configured tier's; without an answer
        // (an older exchange, a key without the scope) the configuration stands.
        var rateLimits = configured
        if let reported = try? await rest.accountLimits().rateLimits {
            rateLimits = reported
            rest = client(reported)
        }
        let markets = try await selectMarkets(configuration, rest: rest)
        // Too little cash in all is a deposit to make, whatever the shards: said as such.
        guard account.exactBalance >= configuration.risk.minimumBalance else {
            throw .balanceBelowMinimum(balance: account.exactBalance, minimum: configuration.risk.minimumBalance)
        }
        let shard = markets.compactMap(\.exchangeIndex).first
        var transfer: String?
        if let shard, account.balanceBreakdown != nil, account.balance(onShard: shard) < configuration.risk.minimumBalance {
            guard let maximum = configuration.operations.autoTransferMax else {
                throw .collateralOnOtherShard(
                    shard: shard, onShard: account.balance(onShard: shard), minimum: configuration.risk.minimumBalance,
                    perShard: account.balanceBreakdown ?? [])
            }
            transfer = try await moveCollateral(to: shard, account: account, maximum: maximum, configuration: configuration, rest: rest)
            do { account = try await rest.balance() } catch {
                throw .exchange("reading the balance after the transfer failed: \(error)")
            }
            guard account.balance(onShard: shard) >= configuration.risk.minimumBalance else {
                throw .collateralOnOtherShard(
                    shard: shard, onShard: account.balance(onShard: shard), minimum: configuration.risk.minimumBalance,
                    perShard: account.balanceBreakdown ?? [])
            }
        }
        let balance = account.exactBalance
        guard balance >= configuration.risk.minimumBalance else {
            throw .balanceBelowMinimum(balance: balance, minimum: configuration.risk.minimumBalance)
        }
        return LivePreflight(
            configuration: configuration, environment: environment, signer: signer, rest: rest, markets: markets, balance: balance,
            shard: shard, shardBalances: account.balanceBreakdown, transfer: transfer, rateLimits: rateLimits)
    }

    /// Moves what the shard lacks (the floor plus room for the largest inventory the limits
    /// allow, a contract costing at most $1), at most `maximum`, from the other shards, richest
    /// first. Returns what was moved, in words.
    static func moveCollateral(
        to shard: Int, account: BalanceDTO, maximum: Money, configuration: LiveConfiguration, rest: KalshiRESTClient
    ) async throws(LiveStartupError) -> String {
        let room = Money.notional(price: .one, count: configuration.risk.maxInventoryDev)
        let wanted = configuration.risk.minimumBalance + room - account.balance(onShard: shard)
        var remaining = min(maximum, wanted)
        var moves: [String] = []
        let sources = (account.balanceBreakdown ?? []).filter { $0.exchangeIndex != shard && $0.balance > .zero }
            .sorted { $0.balance > $1.balance }
        for source in sources where remaining > .zero {
            // Whole cents only: the exchange's cash has cent precision.
            let amount = min(remaining, source.balance).rounded(toMultipleOf: Money.microsPerCent, .down)
            guard amount > .zero else { continue }
            do { _ = try await rest.transfer(amount, fromShard: source.exchangeIndex, toShard: shard) } catch {
                throw .exchange(
                    "moving \(amount.formatted(decimals: 2)) from shard \(source.exchangeIndex) to shard \(shard) failed: \(error)")
            }
            moves.append("\(amount.formatted(decimals: 2)) from shard \(source.exchangeIndex)")
            remaining = remaining - amount
        }
        return moves.isEmpty
            ? "no cash on other shards to move to shard \(shard)"
            : "operations.auto_transfer moved " + moves.joined(separator: ", ") + " to shard \(shard)"
    }

    static func selectMarkets(_ configuration: LiveConfiguration, rest: KalshiRESTClient) async throws(LiveStartupError)
        -> [MarketMetadata]
    {
        let now = WallClock.nowMs()
        if let ticker = configuration.markets.ticker {
            let found: (dto: MarketDTO, metadata: MarketMetadata)
            do { found = try await MarketCatalog(rest: rest).market(ticker) } catch {
                switch error {
                case .notFound: throw .marketNotFound(ticker)
                case .failed(let detail): throw .exchange("looking up market \(ticker): \(detail)")
                }
            }
            let status = found.dto.status ?? "unknown"
            guard status == "active" || status == "open" else { throw .marketClosed(ticker: ticker, detail: "status \(status)") }
            guard found.metadata.closeTimeMs > now else {
                throw .marketClosed(ticker: ticker, detail: "closed at \(RFC3339.format(ms: found.metadata.closeTimeMs))")
            }
            guard found.metadata.openTimeMs <= now else {
                throw .marketClosed(ticker: ticker, detail: "opens at \(RFC3339.format(ms: found.metadata.openTimeMs))")
            }
            return [found.metadata]
        }
        let asset = configuration.markets.asset
        guard let series = CryptoSeries.forAsset(asset) else { throw .noOpenEvent(asset: asset, detail: "unknown asset") }
        // A rolling session may start on the next event (listed, not yet open) when the current
        // one is inside its terminal exit, or between events.
        let rolls = configuration.markets.rolls
        let open: [MarketMetadata]
        do {
            let discovery = MarketDiscovery(client: rest)
            open = try await rolls ? discovery.openAndUpcomingMarkets(series: series.threshold) : discovery.openMarkets(series: series.threshold)
        } catch {
            throw .exchange("listing \(series.threshold) markets: \(error)")
        }
        let exitMs = Int64(min(max(configuration.risk.terminalExitTime, 0), 86_400) * 1_000)
        var current = HourlyEvent.current(in: open, nowMs: now)
        if rolls, current.map({ $0.closeTimeMs - now <= exitMs }) ?? true,
            let next = HourlyEvent.next(after: current?.closeTimeMs ?? now, in: open)
        {
            current = next
        }
        guard let event = current else {
            throw .noOpenEvent(
                asset: asset, detail: "series \(series.threshold) has no open market at \(rest.environment)")
        }
        let tradable = event.markets.filter { $0.closeTimeMs - now > exitMs }
        guard !tradable.isEmpty else {
            throw .noOpenEvent(
                asset: asset,
                detail:
                    "event \(event.eventTicker) closes at \(RFC3339.format(ms: event.closeTimeMs)), inside risk.terminal_exit_time"
            )
        }
        return event.markets
    }
}
