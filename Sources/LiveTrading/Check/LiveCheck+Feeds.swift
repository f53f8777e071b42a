import Foundation
import KalshiAPI
import KalshiAuth
import KalshiClient
import KalshiCore
import SignalClient
import SignalFeeds

extension LiveCheck {
    enum FeedOutcome: Sendable {
        case delivered(String)
        case price(Money, lagMs: Int64)
        case refused(String)
        case timedOut
    }

    /// The signed WebSocket handshake and an order book subscription, up to its snapshot.
    func checkWebSocket(environment: KalshiEnvironment, signer: RequestSigner, markets: [MarketMetadata]) async -> CheckResult {
        let traded = Array(markets.prefix(3))
        let tickers = traded.map(\.ticker)
        let subscription =
            tickers.isEmpty
            ? FeedSubscription(channels: ["market_lifecycle_v2"]) : FeedSubscription(channels: ["orderbook_delta"], marketTickers: tickers)
        let grids = Dictionary(traded.map { ($0.ticker, $0.priceGrid) }, uniquingKeysWith: { first, _ in first })
        let feed = KalshiFeedClient(environment: environment, signer: signer, subscriptions: [subscription], grids: grids, logger: logger)
        let started = WallClock.nowMs()
        let outcome = await Self.first(within: options.webSocketTimeoutSeconds, run: { await feed.run() }) { () -> FeedOutcome? in
            for await event in feed.events {
                switch event {
                case .message(.orderbookSnapshot(_, _, let snapshot)):
                    return .delivered("book snapshot of \(snapshot.marketTicker) (\(snapshot.yes.count + snapshot.no.count) levels)")
                case .message(.subscribed(_, let channel, _)) where tickers.isEmpty:
                    return .delivered("subscribed to \(channel ?? "market_lifecycle_v2")")
                case .message(.error(_, let code, let message, _)):
                    return .refused("subscription refused: code \(code), \(message)")
                case .disconnected(let reason):
                    return .refused("connection failed: \(reason)")
                default:
                    continue
                }
            }
            return nil
        }
        let url = environment.webSocketURL
        switch outcome {
        case .price:
            return .fail("websocket", "\(url): unexpected answer", fix: "retry")
        case .delivered(let what):
            return .ok("websocket", "\(url): signed handshake, \(what) in \(WallClock.nowMs() - started) ms")
        case .refused(let reason):
            return .fail(
                "websocket", "\(url): \(reason)",
                fix: "check that WebSocket traffic (wss, port 443) is allowed to \(url), and the auth check")
        case .timedOut:
            return .fail(
                "websocket", "\(url): no book snapshot within \(Self.seconds(Int64(options.webSocketTimeoutSeconds * 1_000)))",
                fix: "check the network to \(url) and retry")
        }
    }

    /// The price feed the model reads (Crypto.com, or the fake venue's): a price arrives and is
    /// fresh, and its candle history (for the volatility) can be loaded.
    func checkSignals(environment: KalshiEnvironment) async -> CheckResult {
        let endpoints: SignalEndpoints
        do { endpoints = try LiveSignals.endpoints(for: configuration, environment: environment) } catch {
            return .fail("signals", error.description, fix: "set signals.endpoint to auto, production or a fake venue's URL")
        }
        guard let asset = SignalAsset(symbol: configuration.markets.asset) else {
            return .fail("signals", "markets.asset '\(configuration.markets.asset)' has no price feed", fix: "set markets.asset: ETH or BTC")
        }
        let source = SignalSources.cryptoCom(asset: asset, endpoints: endpoints, loadHistory: false, logger: logger)
        let started = WallClock.nowMs()
        let outcome = await Self.first(within: options.signalTimeoutSeconds, run: { await source.run() }) { () -> FeedOutcome? in
            for await event in source.events {
                switch event {
                case .tick(let tick):
                    // Both clocks come from outside: a wild venue time saturates instead of trapping.
                    let (lag, overflow) = tick.receiveMs.subtractingReportingOverflow(tick.exchangeMs)
                    return .price(tick.price, lagMs: overflow ? .max : lag)
                case .disconnected(_, let reason):
                    return .refused(reason)
                default:
                    continue
                }
            }
            return nil
        }
        let url = endpoints.cryptoComWebSocketURL
        switch outcome {
        case .refused(let reason):
            return .fail(
                "signals", "\(url): \(reason)", fix: "check the network to \(url) (Crypto.com market data), or signals.endpoint")
        case .timedOut:
            return .fail(
                "signals", "\(url): no \(asset) price within \(Self.seconds(Int64(options.signalTimeoutSeconds * 1_000)))",
                fix: "check the network to \(url) and retry")
        case .delivered(let what):
            return .warn("signals", "\(url): \(what), but no price", fix: "retry")
        case .price(let value, let lag):
            let price = value.formatted(decimals: 2)
            let first = WallClock.nowMs() - started
            let history: String
            do {
                let candles = try await SignalSources.cryptoComHistory(asset: asset, endpoints: endpoints, minutes: 10)()
                history = "\(candles.count) one-minute candles of history"
            } catch {
                return .fail(
                    "signals", "\(asset) \(price) streamed, but the candle history failed: \(error)",
                    fix: "check the network to \(endpoints.cryptoComRESTBaseURL)")
            }
            let staleAfter = Int64(configuration.risk.maximumOrderbookStaleness * 1_000)
            let detail = "\(asset) \(price) from \(url) after \(first) ms, \(lag) ms behind the venue's clock; \(history)"
            if lag > staleAfter {
                return .warn(
                    "signals", detail,
                    fix: "prices arrive later than risk.maximum_orderbook_staleness: check the host clock and the network")
            }
            return .ok("signals", detail)
        }
    }

    /// Runs `run` (a feed's connection) beside `watch` (its events) until `watch` answers or
    /// `seconds` pass, then stops both.
    static func first(
        within seconds: Double, run: @escaping @Sendable () async -> Void,
        watch: @escaping @Sendable () async -> FeedOutcome?
    ) async -> FeedOutcome {
        await withTaskGroup(of: FeedOutcome?.self) { group in
            group.addTask {
                await run()
                return nil
            }
            group.addTask { await watch() }
            group.addTask {
                try? await Task.sleep(for: .milliseconds(Int64(seconds * 1_000)))
                return .timedOut
            }
            var outcome = FeedOutcome.timedOut
            for await answer in group {
                if let answer {
                    outcome = answer
                    break
                }
            }
            group.cancelAll()
            return outcome
        }
    }
}
