import Foundation
import KalshiAPI
import KalshiCore

extension FakeKalshiExchange {
    /// Routes one REST request (path relative to `/trade-api/v2`, no query string).
    public func handle(method: String, path: String, query: [String: String], body: Data, owner: String?) -> FakeResponse {
        let parts = path.split(separator: "/").map(String.init)
        switch (method, parts.first) {
        case ("GET", "markets"), ("GET", "events"), ("GET", "series"), ("GET", "exchange"):
            return marketData(parts, query: query)
        case ("GET", "account") where parts == ["account", "limits"]:
            guard owner != nil else { return .error(401, code: "unauthorized", message: "authentication required") }
            return .json(accountLimits())
        case (_, "portfolio"):
            guard let owner else { return .error(401, code: "unauthorized", message: "authentication required") }
            return portfolio(method: method, parts: Array(parts.dropFirst()), query: query, body: body, owner: owner)
        default:
            return .error(404, code: "not_found", message: "no route for \(method) /trade-api/v2\(path)")
        }
    }

    // MARK: Market data

    private func marketData(_ parts: [String], query: [String: String]) -> FakeResponse {
        switch parts.count {
        case 1 where parts[0] == "markets":
            // `dropFirst` traps on a negative count: a cursor that is not a non-negative offset is
            // the client's error, as at the real exchange.
            if let cursor = query["cursor"], !cursor.isEmpty, (Int(cursor) ?? -1) < 0 {
                return .error(400, code: "bad_request", message: "invalid cursor '\(cursor)'")
            }
            return .json(marketsPage(query: query))
        case 2 where parts[0] == "markets":
            guard let market = currentDTO(parts[1]) else { return notFound("market", parts[1]) }
            return .json(MarketResponse(market: market))
        case 3 where parts[0] == "markets" && parts[2] == "orderbook":
            guard let engine = core.market(parts[1]) else { return notFound("market", parts[1]) }
            let snapshot = engine.snapshot()
            let depth = Int(query["depth"] ?? "0") ?? 0
            func rows(_ levels: [BookLevel]) -> [[String]] {
                let limited = depth > 0 ? Array(levels.suffix(depth)) : levels
                return limited.map { [$0.price.description, $0.size.description] }
            }
            return .json(OrderbookResponse(orderbookFp: .init(yesDollars: rows(snapshot.yes), noDollars: rows(snapshot.no))))
        case 1 where parts[0] == "events":
            let events = Dictionary(grouping: marketDTOs.values, by: \.eventTicker).keys.sorted().compactMap {
                eventDTO($0, nested: false)
            }
            let filtered = events.filter { query["series_ticker"] == nil || $0.seriesTicker == query["series_ticker"] }
            return .json(EventsPage(events: filtered, cursor: ""))
        case 2 where parts[0] == "events":
            guard let event = eventDTO(parts[1], nested: query["with_nested_markets"] == "true") else {
                return notFound("event", parts[1])
            }
            let markets = marketDTOs.values.filter { $0.eventTicker == parts[1] }.sorted { $0.ticker < $1.ticker }.compactMap {
                currentDTO($0.ticker)
            }
            return .json(EventResponse(event: event, markets: markets))
        case 2 where parts[0] == "series":
            guard let dto = series[parts[1]] else { return notFound("series", parts[1]) }
            return .json(SeriesResponse(series: dto))
        case 2 where parts[0] == "exchange" && parts[1] == "status":
            let trading = configuration.tradingActive && !tradingPaused
            return .json(
                ExchangeStatusDTO(
                    exchangeActive: true, tradingActive: trading,
                    exchangeIndexStatuses: [
                        .init(exchangeIndex: 0, exchangeActive: true, tradingActive: trading),
                        .init(exchangeIndex: FakeKalshiExchange.shard, exchangeActive: true, tradingActive: trading),
                    ]))
        case 2 where parts[0] == "exchange" && parts[1] == "schedule":
            return .json(ExchangeScheduleResponse(schedule: schedule()))
        default:
            return .error(404, code: "not_found", message: "no such resource")
        }
    }

    private func marketsPage(query: [String: String]) -> MarketsPage {
        var markets = marketDTOs.keys.sorted().compactMap { currentDTO($0) }
        if let event = query["event_ticker"] { markets = markets.filter { $0.eventTicker == event } }
        if let seriesTicker = query["series_ticker"] {
            markets = markets.filter { marketMetadata[$0.ticker]?.seriesTicker == seriesTicker }
        }
        if let tickers = query["tickers"] {
            let wanted = Set(tickers.split(separator: ",").map(String.init))
            markets = markets.filter { wanted.contains($0.ticker) }
        }
        if let status = query["status"] {
            let statuses: Set<String> =
                switch status {
                case "open": ["active"]
                case "closed": ["closed", "determined"]
                case "settled": ["finalized"]
                case "unopened": ["initialized"]
                default: [status]
                }
            markets = markets.filter { statuses.contains($0.status ?? "") }
        }
        let start = Int(query["cursor"] ?? "") ?? 0
        let limit = min(1_000, max(1, Int(query["limit"] ?? "100") ?? 100))
        let page = Array(markets.dropFirst(start).prefix(limit))
        let next = start + page.count < markets.count ? String(start + page.count) : ""
        return MarketsPage(markets: page, cursor: next)
    }

    /// The market object with live prices and status at scenario time.
    func currentDTO(_ ticker: String) -> MarketDTO? {
        guard var dto = marketDTOs[ticker], let metadata = marketMetadata[ticker] else { return nil }
        let now = clock.nowMs()
        if dto.status == "active" || dto.status == "initialized" {
            dto.status = now < metadata.openTimeMs ? "initialized" : (now < metadata.closeTimeMs ? "active" : "closed")
        }
        if let engine = core.market(ticker) {
            dto.yesBidDollars = engine.bestBid?.price ?? .zero
            dto.yesBidSizeFp = engine.bestBid?.size ?? .zero
            dto.yesAskDollars = engine.bestAsk?.price ?? .one
            dto.yesAskSizeFp = engine.bestAsk?.size ?? .zero
        }
        return dto
    }

    func eventDTO(_ eventTicker: String, nested: Bool) -> EventDTO? {
        let members = marketDTOs.values.filter { $0.eventTicker == eventTicker }
        guard let first = members.first else { return nil }
        var event = EventDTO(eventTicker: eventTicker)
        event.seriesTicker = marketMetadata[first.ticker]?.seriesTicker
        event.title = first.title
        event.mutuallyExclusive = first.strikeType == "between"
        event.exchangeIndex = FakeKalshiExchange.shard
        event.feeTypeOverride = eventFeeOverrides[eventTicker]?.feeTypeOverride
        event.feeMultiplierOverride = eventFeeOverrides[eventTicker]?.feeMultiplierOverride
        if nested { event.markets = members.map(\.ticker).sorted().compactMap { currentDTO($0) } }
        return event
    }

    /// The account's tier and its buckets, as `GET /account/limits` reports them.
    private func accountLimits() -> AccountLimitsDTO {
        let tier = RateLimitTier(rawValue: configuration.usageTier)
        func bucket(_ bucket: TokenBucket?) -> AccountLimitsDTO.Bucket? {
            bucket.map { .init(refillRate: $0.refillPerSecond, bucketCapacity: $0.capacity) }
        }
        return AccountLimitsDTO(usageTier: configuration.usageTier, read: bucket(tier?.readBucket), write: bucket(tier?.writeBucket))
    }

    func notFound(_ kind: String, _ name: String) -> FakeResponse {
        .error(404, code: "not_found", message: "\(kind) \(name) not found")
    }
}
