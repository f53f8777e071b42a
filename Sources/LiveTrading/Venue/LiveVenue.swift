import KalshiAPI
import KalshiClient
import KalshiCore
import TradingEngine

/// Kalshi's V2 order API as the engine's execution venue: creates, cancels, amends and
/// decreases (single and batched) through the REST client, each answered as `OrderOutcome`s.
/// After a cancel or decrease the order is read back, so the engine learns its absolute state
/// (what was canceled, what filled) without trusting counts that may race the fill stream.
struct LiveVenue: Sendable {
    let rest: KalshiRESTClient
    /// Each traded market's shard (`exchange_index`), sent with every order write so the
    /// exchange routes it directly (without it, it auto-routes by ticker, at some latency).
    var shards: [String: Int] = [:]
    /// Resting orders expire this long after they are sent (`expiration_time`), so an order the
    /// session can no longer cancel (the process or the network died) does not rest forever.
    /// Nil: no expiry.
    var restingExpirySeconds: Int64?
    /// The session's order group (the exchange-side fill limit), sent with every create.
    var orderGroupId: String?

    /// The exchange-side safety nets ride on every order: its shard, cancel on a trading pause,
    /// the self-trade rule, an expiry for orders that rest, and `reduce_only` on closing orders.
    static func request(_ spec: OrderSpec, shard: Int? = nil, expiresAtSeconds: Int64? = nil) -> CreateOrderRequest {
        var request = CreateOrderRequest(
            ticker: spec.ticker, clientOrderId: spec.clientOrderId, side: spec.side, count: spec.count, price: spec.price,
            timeInForce: spec.timeInForce, selfTradePreventionType: .takerAtCross, postOnly: spec.postOnly ? true : nil)
        request.exchangeIndex = shard
        request.cancelOrderOnPause = true
        if spec.reduceOnly { request.reduceOnly = true }
        // Kalshi refuses an expiry on immediate-or-cancel (and fill-or-kill never rests).
        if spec.timeInForce == .goodTillCanceled { request.expirationTime = expiresAtSeconds }
        return request
    }

    func request(_ spec: OrderSpec) -> CreateOrderRequest {
        // Whole seconds, rounded up, from the wall clock (the exchange's clock, within the skew
        // `check` verifies).
        let expiry = restingExpirySeconds.map { (WallClock.nowMs() + 999) / 1_000 + $0 }
        var request = LiveVenue.request(spec, shard: shards[spec.ticker], expiresAtSeconds: expiry)
        request.orderGroupId = orderGroupId
        return request
    }

    /// Performs one request of the live core and answers it.
    func perform(_ request: LiveRequest) async -> VenueAnswer {
        switch request {
        case .create(let spec): await create(spec)
        case .createBatch(let specs): await createBatch(specs)
        case .cancel(let target): await cancel(target)
        case .cancelBatch(let targets): await cancelBatch(targets)
        case .amend(let target, let side, let price, let total): await amend(target, side: side, price: price, totalCount: total)
        case .decrease(let target, let remaining): await decrease(target, reduceTo: remaining)
        }
    }

    func create(_ spec: OrderSpec) async -> VenueAnswer {
        let outcome: OrderOutcome
        do {
            let response = try await rest.createOrder(request(spec))
            outcome = .view(spec.clientOrderId, ExchangeOrderView(created: response, spec: spec), settled: false)
        } catch {
            outcome =
                error.isDefinitiveRefusal
                ? .refused(spec.clientOrderId, code: error.refusalCode) : .inDoubt(spec.clientOrderId, reason: error.description)
        }
        return VenueAnswer(request: .create, clientOrderIds: [spec.clientOrderId], outcomes: [outcome])
    }

    func createBatch(_ specs: [OrderSpec]) async -> VenueAnswer {
        let ids = specs.map(\.clientOrderId)
        do {
            let response = try await rest.batchCreateOrders(specs.map(request))
            var outcomes: [OrderOutcome] = []
            for spec in specs {
                guard let item = response.orders.first(where: { $0.clientOrderId == spec.clientOrderId }) else {
                    outcomes.append(.inDoubt(spec.clientOrderId, reason: "missing from the batch answer"))
                    continue
                }
                if let error = item.error {
                    outcomes.append(
                        error.code == "order_already_exists"
                            ? .inDoubt(spec.clientOrderId, reason: "order_already_exists")
                            : .refused(spec.clientOrderId, code: error.code))
                } else if let orderId = item.orderId, let filled = item.fillCount, let remaining = item.remainingCount {
                    let created = CreateOrderResponse(
                        orderId: orderId, clientOrderId: spec.clientOrderId, fillCount: filled, remainingCount: remaining,
                        averageFillPrice: nil, averageFeePaid: nil, tsMs: item.tsMs)
                    outcomes.append(.view(spec.clientOrderId, ExchangeOrderView(created: created, spec: spec), settled: false))
                } else {
                    outcomes.append(.inDoubt(spec.clientOrderId, reason: "incomplete batch answer"))
                }
            }
            return VenueAnswer(request: .batchCreate, clientOrderIds: ids, outcomes: outcomes)
        } catch {
            let outcomes: [OrderOutcome] = specs.map {
                error.isDefinitiveRefusal
                    ? .refused($0.clientOrderId, code: error.refusalCode) : .inDoubt($0.clientOrderId, reason: error.description)
            }
            return VenueAnswer(request: .batchCreate, clientOrderIds: ids, outcomes: outcomes)
        }
    }

    func cancel(_ target: OrderTarget) async -> VenueAnswer {
        var failure: KalshiAPIError?
        do {
            _ = try await rest.cancelOrder(target.orderId, marketTicker: target.ticker, exchangeIndex: shards[target.ticker])
        } catch {
            failure = error
        }
        return VenueAnswer(
            request: .cancel, clientOrderIds: [target.clientOrderId], outcomes: [await readBack(target, after: failure)])
    }

    func cancelBatch(_ targets: [OrderTarget]) async -> VenueAnswer {
        var failure: KalshiAPIError?
        let items = targets.map {
            BatchCancelOrdersRequest.Item(orderId: $0.orderId, marketTicker: $0.ticker, exchangeIndex: shards[$0.ticker])
        }
        do { _ = try await rest.batchCancelOrders(items) } catch { failure = error }
        var views: [String: ExchangeOrderView] = [:]
        var readFailed = false
        for ticker in Set(targets.map(\.ticker)).sorted() {
            do {
                for dto in try await allOrders(ticker: ticker) {
                    if let view = ExchangeOrderView(dto) { views[dto.orderId] = view }
                }
            } catch {
                readFailed = true
            }
        }
        let outcomes: [OrderOutcome] = targets.map { target in
            if let view = views[target.orderId] { return .view(target.clientOrderId, view, settled: true) }
            return .cancelInDoubt(
                target.clientOrderId, reason: readFailed ? "read-back failed" : (failure?.description ?? "order not listed"))
        }
        return VenueAnswer(request: .batchCancel, clientOrderIds: targets.map(\.clientOrderId), outcomes: outcomes)
    }

    func amend(_ target: OrderTarget, side: BookSide, price: Price, totalCount: Quantity) async -> VenueAnswer {
        let outcome: OrderOutcome
        do {
            var amend = AmendOrderRequest(
                ticker: target.ticker, side: side, price: price, count: totalCount, clientOrderId: target.clientOrderId)
            amend.exchangeIndex = shards[target.ticker]
            _ = try await rest.amendOrder(target.orderId, amend)
            outcome = .amended(target.clientOrderId, price: price, totalCount: totalCount)
        } catch {
            // An amend is not retried on a lost answer; only a 429 (never processed) is retried.
            outcome =
                error.isDefinitiveRefusal || error == .rateLimited
                ? .refused(target.clientOrderId, code: error.refusalCode)
                : .inDoubt(target.clientOrderId, reason: error.description)
        }
        return VenueAnswer(request: .amend, clientOrderIds: [target.clientOrderId], outcomes: [outcome])
    }

    /// Shrinks a resting order in place (keeps its queue priority): `reduce_to`, which converges
    /// when repeated.
    func decrease(_ target: OrderTarget, reduceTo remaining: Quantity) async -> VenueAnswer {
        do {
            var decrease = DecreaseOrderRequest(reduceTo: remaining, marketTicker: target.ticker)
            decrease.exchangeIndex = shards[target.ticker]
            _ = try await rest.decreaseOrder(target.orderId, decrease)
        } catch {
            if error.isDefinitiveRefusal {
                return VenueAnswer(
                    request: .decrease, clientOrderIds: [target.clientOrderId],
                    outcomes: [.refused(target.clientOrderId, code: error.refusalCode)])
            }
            return VenueAnswer(
                request: .decrease, clientOrderIds: [target.clientOrderId], outcomes: [await readBack(target, after: error)])
        }
        return VenueAnswer(
            request: .decrease, clientOrderIds: [target.clientOrderId], outcomes: [await readBack(target, after: nil)])
    }

    /// The order's state after a request, read from the exchange.
    private func readBack(_ target: OrderTarget, after failure: KalshiAPIError?) async -> OrderOutcome {
        do {
            let dto = try await rest.order(target.orderId)
            if let view = ExchangeOrderView(dto) { return .view(target.clientOrderId, view, settled: true) }
            return .cancelInDoubt(target.clientOrderId, reason: "unreadable order \(target.orderId)")
        } catch {
            return .cancelInDoubt(target.clientOrderId, reason: failure?.description ?? error.description)
        }
    }

    func allOrders(ticker: String) async throws(KalshiAPIError) -> [OrderDTO] {
        var all: [OrderDTO] = []
        var cursor: String?
        repeat {
            let page = try await rest.orders(ticker: ticker, cursor: cursor)
            all += page.orders
            cursor = page.cursor
        } while !(cursor ?? "").isEmpty
        return all
    }
}
