import KalshiAPI
import KalshiCore
import LiveTrading
import TradingEngine

/// Kalshi for a simulated session: the matching exchange core (`ExchangeCore`) with the
/// account, a market maker and a taker who trade against it, and the account's own manual
/// trades. It answers the live core's requests as `LiveVenue` would answer them from the real
/// exchange, and says what each change shows on the account's streams and the public book.
struct SimulatedKalshi {
    static let account = "us"
    static let maker = "mm"
    static let taker = "tk"

    var core = ExchangeCore()
    let market: MarketMetadata
    var random: SimulationRandom
    /// The maker's idea of fair value, in cents.
    var fairCents: Int64 = 50
    /// Every fill of the account in exchange order (`GET /portfolio/fills`).
    private(set) var accountFills: [ExchangeFillView] = []
    private var manualOrders = 0
    /// The market's result once settled.
    private(set) var settlement: OutcomeSide?
    private var bookSequence: Int64 = 0

    init(market: MarketMetadata, balance: Money, random: SimulationRandom) {
        self.market = market
        self.random = random
        core.list(market)
        core.deposit(balance, to: SimulatedKalshi.account)
        core.deposit(Money(cents: 100_000_000), to: SimulatedKalshi.maker)
        core.deposit(Money(cents: 100_000_000), to: SimulatedKalshi.taker)
    }

    var ledger: AccountLedger? { core.accounts[SimulatedKalshi.account] }
    var position: Quantity { ledger?.position(in: market.ticker) ?? .zero }
    var cash: Money { ledger?.cash ?? .zero }

    func restingOrders(owner: String = SimulatedKalshi.account) -> [ExchangeOrder] {
        core.market(market.ticker)?.restingOrders(owner: owner) ?? []
    }

    func order(_ orderId: String) -> ExchangeOrder? { core.market(market.ticker)?.order(id: orderId) }

    static func view(_ order: ExchangeOrder) -> ExchangeOrderView {
        ExchangeOrderView(
            orderId: order.id, clientOrderId: order.clientOrderId, ticker: order.ticker, side: order.side, price: order.price,
            initialCount: order.initialCount, filledCount: order.filledCount, remainingCount: order.remainingCount,
            isResting: order.isResting)
    }

    /// The public book as the `orderbook_snapshot` channel would send it.
    mutating func snapshot() -> LiveInput {
        let book = core.market(market.ticker)?.snapshot() ?? (yes: [], no: [])
        bookSequence += 1
        return .feed(
            .message(
                .orderbookSnapshot(
                    sid: 1, seq: bookSequence, OrderbookSnapshot(marketTicker: market.ticker, yes: book.yes, no: book.no))))
    }

    /// What a change shows on the account's `fill` and `user_orders` channels (and the fill list).
    mutating func streams(of result: MatchingResult) -> [LiveInput] {
        var inputs: [LiveInput] = []
        let us = SimulatedKalshi.account
        for update in result.orderUpdates where update.owner == us {
            inputs.append(.orderUpdate(SimulatedKalshi.view(update.order)))
        }
        for trade in result.trades where trade.makerOwner == us || trade.takerOwner == us {
            let isTaker = trade.takerOwner == us
            let orderId = isTaker ? trade.takerOrderId : trade.makerOrderId
            let fill = ExchangeFillView(
                tradeId: trade.tradeId, orderId: orderId, clientOrderId: order(orderId)?.clientOrderId, ticker: trade.ticker,
                side: isTaker ? trade.takerSide : trade.makerSide, yesPrice: trade.yesPrice, count: trade.count,
                fee: isTaker ? trade.takerFee : trade.makerFee, isTaker: isTaker, timeMs: trade.timeMs)
            accountFills.append(fill)
            inputs.append(.fill(fill))
        }
        return inputs
    }

    /// The account as a reconciliation reads it, at one moment.
    func account(fetchStartedMs: Int64) -> ExchangeAccountView {
        let orders = (core.market(market.ticker)?.orders(owner: SimulatedKalshi.account) ?? []).map(SimulatedKalshi.view)
        let held = position
        return ExchangeAccountView(
            balance: cash, positions: held.isZero ? [:] : [market.ticker: held], orders: orders, fills: accountFills,
            settlements: settlement.map { [market.ticker: $0] } ?? [:], fetchStartedMs: fetchStartedMs, isConsistent: true)
    }

    // MARK: Requests of the live core

    /// Performs a request at the exchange: the answer `LiveVenue` would give, and the changes.
    mutating func perform(_ request: LiveRequest, nowMs: Int64) -> (answer: VenueAnswer, results: [MatchingResult]) {
        var results: [MatchingResult] = []
        switch request {
        case .create(let spec):
            let outcome = create(spec, nowMs: nowMs, &results)
            return (VenueAnswer(request: .create, clientOrderIds: [spec.clientOrderId], outcomes: [outcome]), results)
        case .createBatch(let specs):
            let outcomes = specs.map { create($0, nowMs: nowMs, &results) }
            return (VenueAnswer(request: .batchCreate, clientOrderIds: specs.map(\.clientOrderId), outcomes: outcomes), results)
        case .cancel(let target):
            if let result = try? core.cancel(orderId: target.orderId, ticker: target.ticker, owner: SimulatedKalshi.account, nowMs: nowMs) {
                results.append(result)
            }
            return (VenueAnswer(request: .cancel, clientOrderIds: [target.clientOrderId], outcomes: [readBack(target)]), results)
        case .cancelBatch(let targets):
            for target in targets {
                if let result = try? core.cancel(
                    orderId: target.orderId, ticker: target.ticker, owner: SimulatedKalshi.account, nowMs: nowMs)
                {
                    results.append(result)
                }
            }
            return (
                VenueAnswer(request: .batchCancel, clientOrderIds: targets.map(\.clientOrderId), outcomes: targets.map(readBack)),
                results
            )
        case .amend(let target, _, let price, let total):
            let outcome: OrderOutcome
            do {
                results.append(
                    try core.amend(
                        orderId: target.orderId, ticker: target.ticker, owner: SimulatedKalshi.account, price: price,
                        totalCount: total, nowMs: nowMs))
                outcome = .amended(target.clientOrderId, price: price, totalCount: total)
            } catch {
                outcome = .refused(target.clientOrderId, code: error.code)
            }
            return (VenueAnswer(request: .amend, clientOrderIds: [target.clientOrderId], outcomes: [outcome]), results)
        case .decrease(let target, let remaining):
            do {
                results.append(
                    try core.decrease(
                        orderId: target.orderId, ticker: target.ticker, owner: SimulatedKalshi.account, .to(remaining), nowMs: nowMs))
            } catch {
                return (
                    VenueAnswer(
                        request: .decrease, clientOrderIds: [target.clientOrderId],
                        outcomes: [.refused(target.clientOrderId, code: error.code)]), results
                )
            }
            return (VenueAnswer(request: .decrease, clientOrderIds: [target.clientOrderId], outcomes: [readBack(target)]), results)
        }
    }

    private mutating func create(_ spec: OrderSpec, nowMs: Int64, _ results: inout [MatchingResult]) -> OrderOutcome {
        let request = OrderRequest(
            owner: SimulatedKalshi.account, clientOrderId: spec.clientOrderId, side: spec.side, price: spec.price, count: spec.count,
            timeInForce: spec.timeInForce, postOnly: spec.postOnly)
        do {
            let result = try core.submit(request, ticker: spec.ticker, nowMs: nowMs)
            results.append(result)
            guard let order = result.order else { return .inDoubt(spec.clientOrderId, reason: "no order in the answer") }
            return .view(spec.clientOrderId, SimulatedKalshi.view(order), settled: false)
        } catch .orderAlreadyExists {
            // A 409 that says an earlier attempt went through: not a refusal.
            return .inDoubt(spec.clientOrderId, reason: "order_already_exists")
        } catch {
            return .refused(spec.clientOrderId, code: error.code)
        }
    }

    /// The order read back after a cancel or decrease (`GET /portfolio/orders/{id}`).
    func readBack(_ target: OrderTarget) -> OrderOutcome {
        guard let order = order(target.orderId) else {
            return .cancelInDoubt(target.clientOrderId, reason: "order not listed")
        }
        return .view(target.clientOrderId, SimulatedKalshi.view(order), settled: true)
    }

    /// The answer when the request failed on the way or its answer was lost (as `LiveVenue`
    /// reports a timeout, a 5xx or a 429 after the client's retries).
    static func failedAnswer(_ request: LiveRequest, reason: String) -> VenueAnswer {
        switch request {
        case .create(let spec):
            VenueAnswer(request: .create, clientOrderIds: [spec.clientOrderId], outcomes: [.inDoubt(spec.clientOrderId, reason: reason)])
        case .createBatch(let specs):
            VenueAnswer(
                request: .batchCreate, clientOrderIds: specs.map(\.clientOrderId),
                outcomes: specs.map { .inDoubt($0.clientOrderId, reason: reason) })
        case .cancel(let target):
            VenueAnswer(
                request: .cancel, clientOrderIds: [target.clientOrderId], outcomes: [.cancelInDoubt(target.clientOrderId, reason: reason)])
        case .cancelBatch(let targets):
            VenueAnswer(
                request: .batchCancel, clientOrderIds: targets.map(\.clientOrderId),
                outcomes: targets.map { .cancelInDoubt($0.clientOrderId, reason: reason) })
        case .amend(let target, _, _, _):
            VenueAnswer(request: .amend, clientOrderIds: [target.clientOrderId], outcomes: [.inDoubt(target.clientOrderId, reason: reason)])
        case .decrease(let target, _):
            VenueAnswer(
                request: .decrease, clientOrderIds: [target.clientOrderId],
                outcomes: [.cancelInDoubt(target.clientOrderId, reason: reason)])
        }
    }

    // MARK: Close and settlement

    /// Closes the market (resting orders are canceled) and settles it: the result is YES when
    /// the maker's fair value ends above one half. Returns the closing changes and the
    /// `market_lifecycle_v2` message.
    mutating func settle(nowMs: Int64) -> (results: [MatchingResult], lifecycle: LiveInput)? {
        guard settlement == nil else { return nil }
        let result: OutcomeSide = fairCents >= 50 ? .yes : .no
        guard let (closing, _) = try? core.settle(ticker: market.ticker, result: result, nowMs: nowMs) else { return nil }
        settlement = result
        var message = WSMarketLifecycle(marketTicker: market.ticker, eventType: "settled")
        message.result = result.rawValue
        message.settledTs = nowMs / 1_000
        return ([closing], .feed(.message(.marketLifecycle(sid: nil, message))))
    }

    // MARK: Other participants

    /// The market maker requotes around a drifting fair value; sometimes a taker crosses the
    /// book (and may fill the account's resting orders).
    mutating func flow(nowMs: Int64) -> [MatchingResult] {
        var results: [MatchingResult] = []
        fairCents = min(90, max(10, fairCents + random.int(-2...2)))
        // Half the quotes are pulled, and the oldest beyond eight: the book stays a few levels deep.
        let quotes = restingOrders(owner: SimulatedKalshi.maker).sorted { $0.createdMs < $1.createdMs }
        for (index, order) in quotes.enumerated() where index < quotes.count - 8 || random.chance(0.5) {
            if let result = try? core.cancel(orderId: order.id, ticker: market.ticker, owner: SimulatedKalshi.maker, nowMs: nowMs) {
                results.append(result)
            }
        }
        for side in [BookSide.bid, .ask] {
            let offset = random.int(1...4)
            let cents = side == .bid ? fairCents - offset : fairCents + offset
            let request = OrderRequest(
                owner: SimulatedKalshi.maker, side: side, price: Price(uncheckedTicks: cents * 100),
                count: Quantity(contracts: Int(random.int(1...15))))
            if let result = try? core.submit(request, ticker: market.ticker, nowMs: nowMs) { results.append(result) }
        }
        if random.chance(0.3) {
            let side: BookSide = random.chance(0.5) ? .bid : .ask
            let cents = side == .bid ? min(99, fairCents + random.int(0...6)) : max(1, fairCents - random.int(0...6))
            let request = OrderRequest(
                owner: SimulatedKalshi.taker, side: side, price: Price(uncheckedTicks: cents * 100),
                count: Quantity(contracts: Int(random.int(1...20))), timeInForce: .immediateOrCancel)
            if let result = try? core.submit(request, ticker: market.ticker, nowMs: nowMs) { results.append(result) }
        }
        return results
    }

    /// A trade the account makes outside the session (by hand, or another program on the same
    /// key): an immediate-or-cancel order the session never sent. Returns the contracts traded.
    mutating func manualTrade(nowMs: Int64) -> (results: [MatchingResult], traded: Quantity) {
        manualOrders += 1
        let side: BookSide = random.chance(0.5) ? .bid : .ask
        let cents = side == .bid ? min(99, fairCents + 5) : max(1, fairCents - 5)
        let request = OrderRequest(
            owner: SimulatedKalshi.account, clientOrderId: "manual-\(manualOrders)", side: side,
            price: Price(uncheckedTicks: cents * 100), count: Quantity(contracts: Int(random.int(1...3))),
            timeInForce: .immediateOrCancel)
        guard let result = try? core.submit(request, ticker: market.ticker, nowMs: nowMs) else { return ([], .zero) }
        return ([result], result.tradedCount)
    }
}
