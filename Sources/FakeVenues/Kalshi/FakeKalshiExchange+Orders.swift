import Foundation
import KalshiAPI
import KalshiCore

extension FakeKalshiExchange {
    /// V2 order entry under `/portfolio/events/orders` (reference §4.4).
    func orderEntry(method: String, parts: [String], query: [String: String], body: Data, owner: String) -> FakeResponse {
        switch (method, parts) {
        case ("POST", []):
            guard let request: CreateOrderRequest = decode(body) else { return badRequest(body, CreateOrderRequest.self) }
            return create(request, owner: owner)
        case ("POST", ["batched"]):
            guard let batch: BatchCreateOrdersRequest = decode(body) else { return badRequest(body, BatchCreateOrdersRequest.self) }
            let results = batch.orders.map { request -> BatchCreateOrderResult in
                switch placeOrder(request, owner: owner) {
                case .success(let response):
                    var item = BatchCreateOrderResult(
                        orderId: response.orderId, clientOrderId: response.clientOrderId, fillCount: response.fillCount,
                        remainingCount: response.remainingCount, tsMs: response.tsMs, error: nil)
                    item.averageFillPrice = response.averageFillPrice
                    item.averageFeePaid = response.averageFeePaid
                    return item
                case .failure(let error):
                    return BatchCreateOrderResult(
                        orderId: nil, clientOrderId: request.clientOrderId, fillCount: nil, remainingCount: nil, tsMs: clock.nowMs(),
                        error: APIErrorBody(code: error.code, message: error.message, details: error.details))
                }
            }
            return .json(BatchCreateOrdersResponse(orders: results), status: 201)
        case ("DELETE", ["batched"]):
            guard let batch: BatchCancelOrdersRequest = decode(body) else { return badRequest(body, BatchCancelOrdersRequest.self) }
            let results = batch.orders.map { item -> BatchCancelOrderResult in
                switch cancelOrder(item.orderId, owner: owner) {
                case .success(let response):
                    return BatchCancelOrderResult(
                        orderId: item.orderId, clientOrderId: response.clientOrderId, reducedBy: response.reducedBy, tsMs: response.tsMs,
                        error: nil)
                case .failure(let error):
                    return BatchCancelOrderResult(
                        orderId: item.orderId, clientOrderId: nil, reducedBy: nil, tsMs: clock.nowMs(),
                        error: APIErrorBody(code: error.code, message: error.message, details: error.details))
                }
            }
            return .json(BatchCancelOrdersResponse(orders: results))
        case ("DELETE", let path) where path.count == 1:
            switch cancelOrder(path[0], owner: owner) {
            case .success(let response): return .json(response)
            case .failure(let error): return .error(error)
            }
        case ("POST", let path) where path.count == 2 && path[1] == "amend":
            guard let request: AmendOrderRequest = decode(body) else { return badRequest(body, AmendOrderRequest.self) }
            return amend(path[0], request, owner: owner)
        case ("POST", let path) where path.count == 2 && path[1] == "decrease":
            guard let request: DecreaseOrderRequest = decode(body) else { return badRequest(body, DecreaseOrderRequest.self) }
            return decrease(path[0], request, owner: owner)
        default:
            return .error(404, code: "not_found", message: "no such order route")
        }
    }

    func create(_ request: CreateOrderRequest, owner: String) -> FakeResponse {
        switch placeOrder(request, owner: owner) {
        case .success(let response): return .json(response, status: 201)
        case .failure(let error): return .error(error)
        }
    }

    func placeOrder(_ request: CreateOrderRequest, owner: String) -> Result<CreateOrderResponse, ExchangeError> {
        if request.timeInForce == .immediateOrCancel, request.expirationTime != nil {
            return .failure(.invalidOrder(details: "Cannot specify both expiration_time and immediate_or_cancel"))
        }
        let now = clock.nowMs()
        if let metadata = marketMetadata[request.ticker], now >= metadata.closeTimeMs || now < metadata.openTimeMs {
            return .failure(.marketClosed(ticker: request.ticker))
        }
        if tradingPaused {
            createsRefusedWhilePaused.append(request.clientOrderId ?? "-")
            return .failure(.tradingPaused(ticker: request.ticker))
        }
        if request.exchangeIndex == nil { ordersWithoutExchangeIndex += 1 }
        if let clientOrderId = request.clientOrderId { receivedCreates[clientOrderId] = request }
        // An order routed to a shard the market is not on (-1 means auto-route by ticker).
        if let index = request.exchangeIndex, index >= 0, let shard = marketDTOs[request.ticker]?.exchangeIndex, index != shard {
            return .failure(.invalidOrder(details: "\(request.ticker) is on exchange_index \(shard), not \(index)"))
        }
        if let error = checkOrderGroup(request.orderGroupId, owner: owner) { return .failure(error) }
        var count = request.count
        if request.reduceOnly == true {
            // Accepted with immediate-or-cancel only; capped at what takes the position to zero.
            guard request.timeInForce == .immediateOrCancel else {
                return .failure(.invalidOrder(details: "reduce_only is accepted only with immediate_or_cancel"))
            }
            let held = core.accounts[owner]?.position(in: request.ticker).units ?? 0
            let reducible = (held > 0 && request.side == .ask) || (held < 0 && request.side == .bid) ? held.magnitude : 0
            guard reducible > 0 else { return .failure(.invalidOrder(details: "reduce_only order would not reduce the position")) }
            if UInt64(max(0, count.units)) > reducible { count = Quantity(units: Int64(clamping: reducible)) }
        }
        let order = OrderRequest(
            owner: owner, clientOrderId: request.clientOrderId, side: request.side, price: request.price, count: count,
            timeInForce: request.timeInForce, postOnly: request.postOnly ?? false, selfTradePrevention: request.selfTradePreventionType,
            expirationMs: request.expirationTime.map { $0 * 1_000 })
        do {
            let result = try core.submit(order, ticker: request.ticker, nowMs: now)
            // Known before publishing, so that the order's own fills count toward its group.
            if let group = request.orderGroupId, let id = result.order?.id { groupOfOrder[id] = group }
            publish(result)
            let placed = result.order!
            let filled = placed.filledCount
            return .success(
                CreateOrderResponse(
                    orderId: placed.id, clientOrderId: placed.clientOrderId, fillCount: filled, remainingCount: placed.remainingCount,
                    averageFillPrice: average(placed.filledYesNotional, over: filled), averageFeePaid: average(placed.fees, over: filled),
                    tsMs: now))
        } catch {
            return .failure(error)
        }
    }

    func cancelOrder(_ orderId: String, owner: String) -> Result<CancelOrderResponse, ExchangeError> {
        guard let record = orderRecords[orderId], record.owner == owner else { return .failure(.orderNotFound(orderId: orderId)) }
        do {
            let result = try core.cancel(orderId: orderId, ticker: record.ticker, owner: owner, nowMs: clock.nowMs())
            publish(result)
            return .success(
                CancelOrderResponse(orderId: orderId, clientOrderId: record.clientOrderId, reducedBy: result.reducedBy, tsMs: result.timeMs))
        } catch {
            return .failure(error)
        }
    }

    func amend(_ orderId: String, _ request: AmendOrderRequest, owner: String) -> FakeResponse {
        guard let record = orderRecords[orderId], record.owner == owner else { return .error(.orderNotFound(orderId: orderId)) }
        guard record.ticker == request.ticker else {
            return .error(400, code: "order_ticker_mismatch", message: "ticker does not match the order", details: request.ticker)
        }
        guard record.side == request.side else {
            return .error(400, code: "order_side_mismatch", message: "side does not match the order", details: request.side.rawValue)
        }
        if let clientOrderId = request.clientOrderId, clientOrderId != record.clientOrderId {
            return .error(400, code: "order_id_and_client_order_id_mismatch", message: "client_order_id does not match the order")
        }
        if tradingPaused { return .error(.tradingPaused(ticker: record.ticker)) }
        do {
            let result = try core.amend(
                orderId: orderId, ticker: record.ticker, owner: owner, price: request.price, totalCount: request.count,
                updatedClientOrderId: request.updatedClientOrderId, nowMs: clock.nowMs())
            publish(result)
            let order = result.order ?? record
            var response = AmendOrderResponse(
                orderId: orderId, clientOrderId: order.clientOrderId, remainingCount: order.remainingCount, fillCount: order.filledCount,
                tsMs: result.timeMs)
            response.averageFillPrice = average(order.filledYesNotional, over: order.filledCount)
            response.averageFeePaid = average(order.fees, over: order.filledCount)
            return .json(response)
        } catch {
            return .error(error)
        }
    }

    func decrease(_ orderId: String, _ request: DecreaseOrderRequest, owner: String) -> FakeResponse {
        guard let record = orderRecords[orderId], record.owner == owner else { return .error(.orderNotFound(orderId: orderId)) }
        let reduction: OrderReduction
        switch (request.reduceBy, request.reduceTo) {
        case (let by?, nil): reduction = .by(by)
        case (nil, let to?): reduction = .to(to)
        default:
            return .error(400, code: "invalid_parameters", message: "exactly one of reduce_by and reduce_to is required")
        }
        do {
            let result = try core.decrease(orderId: orderId, ticker: record.ticker, owner: owner, reduction, nowMs: clock.nowMs())
            publish(result)
            let order = result.order ?? record
            return .json(
                DecreaseOrderResponse(orderId: orderId, clientOrderId: order.clientOrderId, remainingCount: order.remainingCount, tsMs: result.timeMs))
        } catch {
            return .error(error)
        }
    }

    private func average(_ total: Money, over count: Quantity) -> Money? {
        guard count.units > 0 else { return nil }
        return Money(micros: (total.micros * Quantity.unitsPerContract + count.units / 2) / count.units)
    }

    func decode<Body: Decodable>(_ body: Data) -> Body? {
        try? KalshiJSON.decoder().decode(Body.self, from: body)
    }

    /// A 400 naming what was wrong with the body, from the decoder's own diagnosis.
    func badRequest<Body: Decodable>(_ body: Data, _ type: Body.Type) -> FakeResponse {
        do {
            _ = try KalshiJSON.decoder().decode(Body.self, from: body)
            return .error(400, code: "invalid_parameters", message: "invalid request body")
        } catch let error as DecodingError {
            let frame = FrameDecodingError(error)
            return .error(400, code: "invalid_parameters", message: "invalid request body", details: frame.description)
        } catch {
            return .error(400, code: "invalid_parameters", message: "invalid request body", details: "\(error)")
        }
    }
}

extension FakeKalshiExchange {
    /// Places an order for any account straight into the matching engine, publishing the result
    /// like a REST order would (simulated participants, tests).
    @discardableResult
    public func submit(_ request: OrderRequest, ticker: String) -> Result<MatchingResult, ExchangeError> {
        if core.accounts[request.owner] == nil { core.deposit(FakeKalshiExchange.flowCapital, to: request.owner) }
        if tradingPaused { return .failure(.tradingPaused(ticker: ticker)) }
        do {
            let result = try core.submit(request, ticker: ticker, nowMs: clock.nowMs())
            publish(result)
            return .success(result)
        } catch {
            return .failure(error)
        }
    }

    /// Cancels any account's resting order, publishing the result.
    @discardableResult
    public func cancel(orderId: String, ticker: String) -> Result<MatchingResult, ExchangeError> {
        do {
            let result = try core.cancel(orderId: orderId, ticker: ticker, owner: nil, nowMs: clock.nowMs())
            publish(result)
            return .success(result)
        } catch {
            return .failure(error)
        }
    }
}
