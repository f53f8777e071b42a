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
    public let balance: Money

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
        let rest = KalshiRESTClient(
            environment: environment, signer: signer, tier: configuration.operations.rateLimitTier, retry: retry,
            timeoutSeconds: configuration.operations.requestTimeoutSeconds, logger: logger)

        let balance: Money
        do { balance = try await rest.balance().exactBalance } catch {
            throw .exchange("reading the balance at \(environment) failed: \(error)")
        }
        let markets = try await selectMarkets(configuration, rest: rest)
        guard balance >= configuration.risk.minimumBalance else {
            throw .balanceBelowMinimum(balance: balance, minimum: configuration.risk.minimumBalance)
        }
        return LivePreflight(
            configuration: configuration, environment: environment, signer: signer, rest: rest, markets: markets, balance: balance
        )
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
        let open: [MarketMetadata]
        do { open = try await MarketDiscovery(client: rest).openMarkets(series: series.threshold) } catch {
            throw .exchange("listing \(series.threshold) markets: \(error)")
        }
        guard let event = HourlyEvent.current(in: open, nowMs: now) else {
            throw .noOpenEvent(
                asset: asset, detail: "series \(series.threshold) has no open market at \(rest.environment)")
        }
        let tradable = event.markets.filter { $0.closeTimeMs - now > Int64(configuration.risk.terminalExitTime * 1_000) }
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
