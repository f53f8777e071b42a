import KalshiAPI
import KalshiCore

/// Recording scenarios: the exchange lists the recorded markets and one participant, the tape,
/// keeps resting orders that reproduce each recorded book as scenario time reaches its changes.
/// Clients trade against those orders like against anyone's; liquidity a client takes comes
/// back when the recording next changes that market's book.
extension FakeKalshiExchange {
    static let tapeOwner = "flow-tape"

    func listRecorded(_ recording: RecordedScenario) {
        for market in recording.markets {
            let metadata = market.metadata
            guard marketDTOs[metadata.ticker] == nil else { continue }
            let indexName = HourlyMarketSeeder.Asset.named(market.asset)?.indexName ?? "\(market.asset) index"
            marketDTOs[metadata.ticker] = HourlyMarketSeeder.marketDTO(for: metadata, indexName: indexName)
            marketMetadata[metadata.ticker] = metadata
            recordedAssets[metadata.ticker] = market.asset
            core.list(metadata)
            // Both hourly series of the asset exist on the real exchange, even when the recording
            // has markets of one only (market discovery asks for both).
            let siblings = CryptoSeries.forAsset(market.asset).map { [$0.threshold, $0.range] } ?? []
            for seriesTicker in [metadata.seriesTicker].compactMap({ $0 }) + siblings where series[seriesTicker] == nil {
                series[seriesTicker] = FakeKalshiExchange.hourlySeries(seriesTicker, asset: market.asset, fees: metadata.fees)
            }
        }
        for (asset, path) in recording.prices {
            underlyings[asset] = UnderlyingPath(
                recorded: path, fallbackVolatility: configuration.volatility, seed: FakeKalshiExchange.seed(configuration.seed, asset))
        }
        guard configuration.backgroundFlow else { return }
        core.deposit(FakeKalshiExchange.flowCapital, to: FakeKalshiExchange.tapeOwner)
        tape = RecordedTape(scenario: recording)
        followTape(clock.nowMs())
    }

    /// Applies the recorded book changes due by `now` and re-posts the changed books.
    func followTape(_ now: Int64) {
        guard tape != nil else { return }
        let tickers = configuration.recording!.markets.map(\.metadata.ticker)
        for market in tape!.advance(toMs: now) {
            guard let target = tape!.target(market: market) else { continue }
            repostTape(ticker: tickers[market], target: target, now: now)
        }
    }

    /// Makes the tape's resting orders in a market add up to `target` at every level: first
    /// shrinks levels that show too much (newest orders first, so older ones keep their queue
    /// place), then adds an order for what a level lacks. The target book is not crossed, so
    /// after the cuts the tape's own orders cannot cross the ones it adds; an added order that
    /// crosses a client's resting order trades with it, as the recorded market moved through it.
    private func repostTape(ticker: String, target: [TapeLevel: Quantity], now: Int64) {
        guard let engine = core.market(ticker), engine.isOpen else { return }
        var resting: [TapeLevel: [ExchangeOrder]] = [:]
        for order in engine.restingOrders(owner: FakeKalshiExchange.tapeOwner) {
            resting[TapeLevel(side: order.side, price: order.price), default: []].append(order)
        }
        var shown: [TapeLevel: Quantity] = [:]
        for level in resting.keys.sorted() {
            let orders = resting[level]!.sorted { ($0.createdMs, $0.id) < ($1.createdMs, $1.id) }
            var total = orders.reduce(Quantity.zero) { $0 + $1.remainingCount }
            let wanted = target[level] ?? .zero
            for order in orders.reversed() where total > wanted {
                let cut = min(total - wanted, order.remainingCount)
                let result =
                    cut == order.remainingCount
                    ? try? core.cancel(orderId: order.id, ticker: ticker, owner: FakeKalshiExchange.tapeOwner, nowMs: now)
                    : try? core.decrease(
                        orderId: order.id, ticker: ticker, owner: FakeKalshiExchange.tapeOwner, .by(cut), nowMs: now)
                guard let result else { break }
                publish(result)
                total = total - cut
            }
            shown[level] = total
        }
        for level in target.keys.sorted() {
            let missing = target[level]! - (shown[level] ?? .zero)
            guard missing > .zero else { continue }
            let request = OrderRequest(owner: FakeKalshiExchange.tapeOwner, side: level.side, price: level.price, count: missing)
            if let result = try? core.submit(request, ticker: ticker, nowMs: now) { publish(result) }
        }
    }
}
