import Foundation
import KalshiCore
import Pricing

/// Simulated participants: two market makers quoting around the model's fair value with noise,
/// and a noise taker crossing the spread now and then, so books move like a real market.
extension FakeKalshiExchange {
    static let makers = ["flow-mm-1", "flow-mm-2"]
    static let taker = "flow-taker"
    static let flowCapital = Money(cents: 1_000_000_000)

    /// Gives every open market a two-sided book.
    func seedInitialQuotes() {
        ensureFlowAccounts()
        let now = clock.nowMs()
        for ticker in marketMetadata.keys.sorted() where !settledTickers.contains(ticker) {
            for maker in FakeKalshiExchange.makers { requote(ticker, maker: maker, now: now) }
        }
    }

    func runFlow(_ now: Int64) {
        ensureFlowAccounts()
        let open = marketMetadata.keys.sorted().filter { ticker in
            let metadata = marketMetadata[ticker]!
            return !settledTickers.contains(ticker) && now >= metadata.openTimeMs && now < metadata.closeTimeMs
        }
        guard !open.isEmpty else { return }
        for _ in 0..<3 {
            let ticker = open[flowRandom.below(open.count)]
            if flowRandom.uniform() < 0.25 {
                takeLiquidity(ticker, now: now)
            } else {
                requote(ticker, maker: FakeKalshiExchange.makers[flowRandom.below(FakeKalshiExchange.makers.count)], now: now)
            }
        }
    }

    private func ensureFlowAccounts() {
        for owner in FakeKalshiExchange.makers + [FakeKalshiExchange.taker] where core.accounts[owner] == nil {
            core.deposit(FakeKalshiExchange.flowCapital, to: owner)
        }
    }

    /// The model's YES probability for a market at scenario time `now`.
    func fairValue(_ ticker: String, now: Int64) -> Double? {
        guard let metadata = marketMetadata[ticker], let asset = assetSymbol(of: metadata) else { return nil }
        let spot = underlyings[asset]!.price(atMs: now)
        let years = BinaryOption.years(fromSeconds: Double(metadata.closeTimeMs - now) / 1_000)
        func above(_ strike: Money?) -> Double? {
            guard let strike else { return nil }
            return try? BinaryOption.yesProbability(
                spot: spot, strike: Double(strike.micros) / 1e6, volatility: configuration.volatility, yearsToExpiry: years)
        }
        switch metadata.strikeType {
        case .between:
            guard let low = above(metadata.floorStrike), let high = above(metadata.capStrike) else { return nil }
            return max(0, low - high)
        case .less, .lessOrEqual:
            return above(metadata.capStrike).map { 1 - $0 }
        default:
            return above(metadata.floorStrike)
        }
    }

    private func requote(_ ticker: String, maker: String, now: Int64) {
        guard let fair = fairValue(ticker, now: now), let engine = core.market(ticker), engine.isOpen else { return }
        for order in engine.restingOrders(owner: maker) {
            if let result = try? core.cancel(orderId: order.id, ticker: ticker, owner: maker, nowMs: now) { publish(result) }
        }
        // A noisy view of fair value, and a spread of 2–6 cents around it.
        let noisy = fair + 0.02 * flowRandom.normal()
        let halfSpread = 0.01 + 0.02 * flowRandom.uniform()
        let bidCents = Int64(((noisy - halfSpread) * 100).rounded(.down))
        let askCents = Int64(((noisy + halfSpread) * 100).rounded(.up))
        if (1...98).contains(bidCents) {
            place(ticker, owner: maker, side: .bid, cents: bidCents, now: now)
        }
        if (2...99).contains(askCents), askCents > bidCents {
            place(ticker, owner: maker, side: .ask, cents: askCents, now: now)
        }
    }

    private func takeLiquidity(_ ticker: String, now: Int64) {
        guard let fair = fairValue(ticker, now: now), let engine = core.market(ticker) else { return }
        // The noise taker leans toward value: it lifts cheap asks and hits rich bids more often.
        let buy: Bool
        if let ask = engine.bestAsk, let bid = engine.bestBid {
            let askEdge = fair - ask.price.probability
            let bidEdge = bid.price.probability - fair
            buy = flowRandom.uniform() < 0.5 + 2 * (askEdge - bidEdge)
        } else {
            buy = engine.bestAsk != nil
        }
        guard let level = buy ? engine.bestAsk : engine.bestBid else { return }
        let count = Quantity(contracts: 1 + flowRandom.below(40))
        let request = OrderRequest(
            owner: FakeKalshiExchange.taker, side: buy ? .bid : .ask, price: level.price, count: count, timeInForce: .immediateOrCancel)
        if let result = try? core.submit(request, ticker: ticker, nowMs: now) { publish(result) }
    }

    private func place(_ ticker: String, owner: String, side: BookSide, cents: Int64, now: Int64) {
        guard let price = try? Price(cents: Int(cents)) else { return }
        let request = OrderRequest(
            owner: owner, side: side, price: price, count: Quantity(contracts: 10 + flowRandom.below(290)), postOnly: true)
        if let result = try? core.submit(request, ticker: ticker, nowMs: now) { publish(result) }
    }
}
