import Foundation
import KalshiAPI
import KalshiCore

extension FakeKalshiExchange {
    func portfolio(method: String, parts: [String], query: [String: String], body: Data, owner: String) -> FakeResponse {
        switch (method, parts) {
        case ("GET", ["balance"]): return .json(balance(owner))
        case ("GET", ["positions"]): return .json(positions(owner, ticker: query["ticker"]))
        case ("GET", ["orders"]): return .json(orders(owner, ticker: query["ticker"], status: query["status"]))
        case ("GET", let path) where path.count == 2 && path[0] == "orders":
            guard let order = orderRecords[path[1]], order.owner == owner else { return notFound("order", path[1]) }
            return .json(OrderResponse(order: orderDTO(order)))
        case ("GET", ["fills"]):
            let fills = (fillsByOwner[owner] ?? []).filter {
                (query["ticker"] == nil || $0.ticker == query["ticker"]) && (query["order_id"] == nil || $0.orderId == query["order_id"])
            }
            return .json(FillsPage(fills: fills.reversed(), cursor: ""))
        case (_, let path) where path.first == "order_groups":
            return orderGroupRoute(method: method, parts: Array(path.dropFirst()), body: body, owner: owner)
        case ("POST", ["intra_exchange_instance_transfer"]):
            return transfer(body, owner: owner)
        case ("GET", ["settlements"]):
            return .json(SettlementsPage(settlements: (settlementsByOwner[owner] ?? []).reversed(), cursor: ""))
        case (_, let path) where path.first == "events" && path.dropFirst().first == "orders":
            return orderEntry(method: method, parts: Array(path.dropFirst(2)), query: query, body: body, owner: owner)
        case ("POST", let path) where path.first == "orders", ("DELETE", let path) where path.first == "orders":
            // The V1 order-entry endpoints were retired in June 2026.
            return .deprecatedV1
        default:
            return .error(404, code: "not_found", message: "no route for \(method) /portfolio/\(parts.joined(separator: "/"))")
        }
    }

    func balance(_ owner: String) -> BalanceDTO {
        let ledger = core.accounts[owner]
        let onShard: Money = ledger?.cash ?? .zero
        let value: Money = ledger?.positionCost ?? .zero
        var perShard = offShardCash[owner] ?? [:]
        perShard[FakeKalshiExchange.shard] = onShard
        perShard[0] = perShard[0] ?? .zero
        let cash = perShard.values.reduce(Money.zero, +)
        return BalanceDTO(
            balance: cash.micros / Money.microsPerCent, balanceDollars: cash, portfolioValue: value.micros / Money.microsPerCent,
            updatedTs: clock.nowMs() / 1_000,
            balanceBreakdown: perShard.keys.sorted().map { .init(exchangeIndex: $0, balance: perShard[$0] ?? .zero) })
    }

    /// `POST /portfolio/intra_exchange_instance_transfer`: moves cash between shards (the amount
    /// is in centicents, 1/10,000 dollar). Only what is not held as collateral can leave a shard.
    func transfer(_ body: Data, owner: String) -> FakeResponse {
        guard let request: IntraExchangeTransferRequest = decode(body) else { return badRequest(body, IntraExchangeTransferRequest.self) }
        let shards = 0...FakeKalshiExchange.maximumShard
        guard request.source == "event_contract", request.destination == "event_contract" else {
            return .error(400, code: "invalid_parameters", message: "source and destination must be event_contract")
        }
        guard shards.contains(request.sourceExchangeShard), shards.contains(request.destinationExchangeShard),
            request.sourceExchangeShard != request.destinationExchangeShard
        else {
            return .error(400, code: "invalid_parameters", message: "unknown or identical shards")
        }
        guard request.amount > 0, request.amount <= IntraExchangeTransferRequest.maximumCenticents else {
            return .error(400, code: "invalid_parameters", message: "amount must be positive", details: String(request.amount))
        }
        let amount = Money(micros: request.amount * IntraExchangeTransferRequest.microsPerCenticent)
        let crypto = FakeKalshiExchange.shard
        if request.sourceExchangeShard == crypto {
            do { try core.withdraw(amount, from: owner) } catch { return .error(error) }
        } else {
            let available = offShardCash[owner]?[request.sourceExchangeShard] ?? .zero
            guard amount <= available else {
                return .error(
                    400, code: "insufficient_balance", message: "shard \(request.sourceExchangeShard) holds \(available.formatted(decimals: 2))")
            }
            offShardCash[owner, default: [:]][request.sourceExchangeShard] = available - amount
        }
        if request.destinationExchangeShard == crypto {
            core.deposit(amount, to: owner)
        } else {
            offShardCash[owner, default: [:]][request.destinationExchangeShard, default: .zero] += amount
        }
        defer { nextTransferId += 1 }
        return .json(IntraExchangeTransferResponse(transferId: "transfer-\(nextTransferId)"), status: 201)
    }

    func positions(_ owner: String, ticker: String?) -> PositionsPage {
        let all: [LedgerPosition] = core.accounts[owner].map { Array($0.positions.values) } ?? []
        let held = all.filter { position in
            let active = position.position.units != 0 || position.volume.units != 0
            let wanted = ticker == nil || position.ticker == ticker
            return active && wanted && !settledTickers.contains(position.ticker)
        }.sorted { $0.ticker < $1.ticker }
        return PositionsPage(
            marketPositions: held.map { position in
                var dto = MarketPositionDTO(ticker: position.ticker, positionFp: position.position)
                dto.marketExposureDollars = position.positionCost
                dto.realizedPnlDollars = position.realizedPnL
                dto.feesPaidDollars = position.feesPaid
                dto.exchangeIndex = FakeKalshiExchange.shard
                return dto
            }, cursor: "")
    }

    func orders(_ owner: String, ticker: String?, status: String?) -> OrdersPage {
        let mine = orderRecords.values.filter {
            $0.owner == owner && (ticker == nil || $0.ticker == ticker) && (status == nil || $0.status.rawValue == status)
        }
        return OrdersPage(orders: mine.sorted { ($0.createdMs, $0.id) > ($1.createdMs, $1.id) }.map(orderDTO), cursor: "")
    }

    func orderDTO(_ order: ExchangeOrder) -> OrderDTO {
        var dto = OrderDTO(
            orderId: order.id, clientOrderId: order.clientOrderId, ticker: order.ticker, bookSide: order.side.rawValue,
            status: order.status.rawValue, yesPriceDollars: order.price, fillCountFp: order.filledCount,
            remainingCountFp: order.remainingCount)
        dto.outcomeSide = order.outcomeSide.rawValue
        dto.type = "limit"
        dto.initialCountFp = order.initialCount
        dto.takerFeesDollars = order.takerFees
        dto.makerFeesDollars = order.makerFees
        dto.createdTime = RFC3339.format(ms: order.createdMs)
        dto.lastUpdateTime = RFC3339.format(ms: order.lastUpdatedMs)
        dto.expirationTime = order.expirationMs.map { RFC3339.format(ms: $0) }
        dto.exchangeIndex = FakeKalshiExchange.shard
        return dto
    }
}
