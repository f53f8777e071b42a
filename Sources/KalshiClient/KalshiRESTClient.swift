import AsyncHTTPClient
import Foundation
import KalshiAPI
import KalshiAuth
import KalshiCore
import Logging
import NIOCore
import NIOHTTP1
import Synchronization

/// Kalshi's REST API v2 over async-http-client: signed requests, client-side rate limiting,
/// typed errors, and retries only where repeating a request cannot double its effect.
public final class KalshiRESTClient: Sendable {
    public let environment: KalshiEnvironment
    private let signer: RequestSigner?
    /// Signatures made ahead of requests (nil without a signer or with an age limit of 0).
    public let presigned: PresignedSignatures?
    private let http: HTTPClient
    private let limiter: RateLimiter
    /// `environment.restPathPrefix`, found once: the signed path starts with it on every request.
    private let signedPathPrefix: String
    private let retry: RetryPolicy
    private let timeout: TimeAmount
    private let logger: Logger
    private let requestObserver = Mutex<(@Sendable (RESTRequestTiming) -> Void)?>(nil)
    /// `POST /portfolio/events/orders`, resolved once: it is on the order's path.
    private let createOrderTarget: RequestTarget
    /// The connection of its own that order placements go through when it is ready (nil: off,
    /// or the base URL is not one it can use); the HTTP client otherwise.
    private let orderConnection: OrderConnection?

    /// Calls `observe` after every HTTP exchange (metrics: latency, status, 429s).
    public func observeRequests(_ observe: @escaping @Sendable (RESTRequestTiming) -> Void) {
        requestObserver.withLock { $0 = observe }
    }

    /// `limits`, when given, replaces the `tier`'s buckets (the sizes the exchange reported).
    public init(
        environment: KalshiEnvironment, signer: RequestSigner?, tier: RateLimitTier = .basic, limits: RateLimits? = nil,
        retry: RetryPolicy = RetryPolicy(), timeoutSeconds: Int64 = 10, httpClient: HTTPClient = KalshiHTTP.client,
        logger: Logger = Logger(label: "kalshi.rest"), signatureMaxAgeMs: Int64 = KalshiRESTClient.defaultSignatureMaxAgeMs,
        orderConnection: Bool = true
    ) {
        self.environment = environment
        self.signedPathPrefix = environment.restPathPrefix
        self.signer = signer
        presigned = signer.flatMap { signatureMaxAgeMs > 0 ? PresignedSignatures(signer: $0, maxAgeMs: signatureMaxAgeMs) : nil }
        self.http = httpClient
        self.limiter = RateLimiter(limits: limits ?? RateLimits(tier: tier))
        self.retry = retry
        self.timeout = .seconds(timeoutSeconds)
        self.logger = logger
        createOrderTarget = RequestTarget(
            method: "POST", path: "/portfolio/events/orders", url: environment.restBaseURL + "/portfolio/events/orders",
            signedPathPrefix: environment.restPathPrefix)
        self.orderConnection =
            orderConnection && signer != nil
            ? OrderConnection(
                baseURL: environment.restBaseURL, method: "POST", path: "/portfolio/events/orders",
                connectTimeout: .milliseconds(KalshiHTTP.connectTimeoutMs), group: httpClient.eventLoopGroup, logger: logger)
            : nil
    }

    /// Whether order placements have a connection of their own open and idle. The first order
    /// opens it, on the event loop that order was sent from, and goes through the HTTP client.
    var orderConnectionReady: Bool { orderConnection?.isReady ?? false }

    /// How many orders were answered over the order connection.
    var ordersOverOrderConnection: Int { orderConnection?.answeredCount ?? 0 }

    /// How old a signature made ahead may be when a request uses it (see `PresignedSignatures`).
    public static let defaultSignatureMaxAgeMs: Int64 = 1_000

    // MARK: Market data

    public func markets(
        eventTicker: String? = nil, seriesTicker: String? = nil, status: String? = nil, tickers: [String] = [],
        limit: Int? = nil, cursor: String? = nil
    ) async throws(KalshiAPIError) -> MarketsPage {
        var query: [(String, String)] = []
        if let eventTicker { query.append(("event_ticker", eventTicker)) }
        if let seriesTicker { query.append(("series_ticker", seriesTicker)) }
        if let status { query.append(("status", status)) }
        if !tickers.isEmpty { query.append(("tickers", tickers.joined(separator: ","))) }
        if let limit { query.append(("limit", String(limit))) }
        if let cursor, !cursor.isEmpty { query.append(("cursor", cursor)) }
        return try await get("/markets", query: query)
    }

    /// Every page of `GET /markets` for the filters.
    public func allMarkets(eventTicker: String? = nil, seriesTicker: String? = nil, status: String? = nil)
        async throws(KalshiAPIError)
        -> [MarketDTO]
    {
        var all: [MarketDTO] = []
        var cursor: String?
        repeat {
            let page = try await markets(
                eventTicker: eventTicker, seriesTicker: seriesTicker, status: status, limit: 1_000, cursor: cursor)
            all += page.markets
            cursor = page.cursor
        } while !(cursor ?? "").isEmpty
        return all
    }

    public func market(_ ticker: String) async throws(KalshiAPIError) -> MarketDTO {
        let response: MarketResponse = try await get("/markets/\(escape(ticker))")
        return response.market
    }

    public func event(_ eventTicker: String, withNestedMarkets: Bool = true) async throws(KalshiAPIError) -> EventResponse {
        try await get("/events/\(escape(eventTicker))", query: [("with_nested_markets", withNestedMarkets ? "true" : "false")])
    }

    public func events(seriesTicker: String? = nil, status: String? = nil, cursor: String? = nil) async throws(KalshiAPIError)
        -> EventsPage
    {
        var query: [(String, String)] = []
        if let seriesTicker { query.append(("series_ticker", seriesTicker)) }
        if let status { query.append(("status", status)) }
        if let cursor, !cursor.isEmpty { query.append(("cursor", cursor)) }
        return try await get("/events", query: query)
    }

    public func series(_ seriesTicker: String) async throws(KalshiAPIError) -> SeriesDTO {
        let response: SeriesResponse = try await get("/series/\(escape(seriesTicker))")
        return response.series
    }

    public func orderbook(_ ticker: String, depth: Int = 0) async throws(KalshiAPIError) -> OrderbookResponse {
        try await get("/markets/\(escape(ticker))/orderbook", query: [("depth", String(depth))])
    }

    public func exchangeStatus() async throws(KalshiAPIError) -> ExchangeStatusDTO {
        try await get("/exchange/status")
    }

    /// `GET /exchange/schedule`: standard hours and maintenance windows.
    public func exchangeSchedule() async throws(KalshiAPIError) -> ExchangeScheduleDTO {
        let response: ExchangeScheduleResponse = try await get("/exchange/schedule")
        return response.schedule
    }

    /// `GET /exchange/status`, once, with the server's clock: its `Date` header (whole seconds)
    /// and the host's clock before and after the request, to judge the host clock's offset.
    public func exchangeStatusWithClock() async throws(KalshiAPIError) -> (
        status: ExchangeStatusDTO, serverDate: String?, sentMs: Int64, receivedMs: Int64
    ) {
        let sent = WallClock.nowMs()
        let (status, headers): (ExchangeStatusDTO, HTTPHeaders) = try await sendOnceWithHeaders(
            "GET", "/exchange/status", query: [], body: nil, isWrite: false, cost: RateLimitTier.defaultCost)
        return (status, headers.first(name: "Date"), sent, WallClock.nowMs())
    }

    /// `GET /account/limits`: the account's API tier (signed).
    public func accountLimits() async throws(KalshiAPIError) -> AccountLimitsDTO {
        try await get("/account/limits")
    }

    // MARK: Portfolio

    public func balance() async throws(KalshiAPIError) -> BalanceDTO {
        try await get("/portfolio/balance")
    }

    public func positions(ticker: String? = nil, cursor: String? = nil) async throws(KalshiAPIError) -> PositionsPage {
        var query: [(String, String)] = []
        if let ticker { query.append(("ticker", ticker)) }
        if let cursor, !cursor.isEmpty { query.append(("cursor", cursor)) }
        return try await get("/portfolio/positions", query: query)
    }

    public func orders(ticker: String? = nil, status: String? = nil, cursor: String? = nil) async throws(KalshiAPIError)
        -> OrdersPage
    {
        var query: [(String, String)] = []
        if let ticker { query.append(("ticker", ticker)) }
        if let status { query.append(("status", status)) }
        if let cursor, !cursor.isEmpty { query.append(("cursor", cursor)) }
        return try await get("/portfolio/orders", query: query)
    }

    public func order(_ orderId: String) async throws(KalshiAPIError) -> OrderDTO {
        let response: OrderResponse = try await get("/portfolio/orders/\(escape(orderId))")
        return response.order
    }

    public func fills(ticker: String? = nil, orderId: String? = nil, cursor: String? = nil) async throws(KalshiAPIError)
        -> FillsPage
    {
        var query: [(String, String)] = []
        if let ticker { query.append(("ticker", ticker)) }
        if let orderId { query.append(("order_id", orderId)) }
        if let cursor, !cursor.isEmpty { query.append(("cursor", cursor)) }
        return try await get("/portfolio/fills", query: query)
    }

    public func settlements(cursor: String? = nil) async throws(KalshiAPIError) -> SettlementsPage {
        var query: [(String, String)] = []
        if let cursor, !cursor.isEmpty { query.append(("cursor", cursor)) }
        return try await get("/portfolio/settlements", query: query)
    }

    // MARK: V2 orders

    /// Creates an order. With a `client_order_id` the call is retried when its answer is lost:
    /// the exchange refuses a repeat with 409 `order_already_exists` instead of placing it twice,
    /// and that refusal after a lost answer means the first attempt went through, so the order
    /// is looked up and returned.
    public func createOrder(_ request: CreateOrderRequest) async throws(KalshiAPIError) -> CreateOrderResponse {
        guard let clientOrderId = request.clientOrderId else {
            return try await send(
                "POST", "/portfolio/events/orders", body: request, safety: .unsafeWrite, isWrite: true,
                cost: RateLimitTier.defaultCost)
        }
        // Built directly, not by JSONEncoder: this is the order's path.
        let body = request.jsonBytes
        var attempt = 0
        var outcomeUnknown = false
        while true {
            do {
                return try await sendOnceWithHeaders(
                    createOrderTarget, body: body, isWrite: true, cost: RateLimitTier.defaultCost,
                    orderConnection: orderConnection
                ).0
            } catch {
                if outcomeUnknown, error.code == "order_already_exists" {
                    return try await existingOrder(ticker: request.ticker, clientOrderId: clientOrderId)
                }
                guard let delay = retry.delayBeforeRetry(after: error, attempt: attempt, safety: .idempotentWrite) else {
                    throw error
                }
                if error != .rateLimited { outcomeUnknown = true }
                logger.warning("retrying create \(clientOrderId) after \(error) (attempt \(attempt + 1))")
                attempt += 1
                do { try await Task.sleep(for: .milliseconds(delay)) } catch { throw .transport("cancelled") }
            }
        }
    }

    /// The order a previous, unanswered create placed, found by its client order id.
    private func existingOrder(ticker: String, clientOrderId: String) async throws(KalshiAPIError) -> CreateOrderResponse {
        var cursor: String?
        repeat {
            let page = try await orders(ticker: ticker, cursor: cursor)
            if let order = page.orders.first(where: { $0.clientOrderId == clientOrderId }) {
                return CreateOrderResponse(
                    orderId: order.orderId, clientOrderId: clientOrderId, fillCount: order.fillCountFp,
                    remainingCount: order.remainingCountFp, averageFillPrice: nil, averageFeePaid: nil, tsMs: nil)
            }
            cursor = page.cursor
        } while !(cursor ?? "").isEmpty
        throw .exchange(
            status: 409,
            body: APIErrorBody(
                code: "order_already_exists", message: "order already exists but could not be found",
                details: clientOrderId))
    }

    public func cancelOrder(_ orderId: String, marketTicker: String? = nil, exchangeIndex: Int? = nil)
        async throws(KalshiAPIError)
        -> CancelOrderResponse
    {
        var query: [(String, String)] = []
        if let marketTicker { query.append(("market_ticker", marketTicker)) }
        if let exchangeIndex { query.append(("exchange_index", String(exchangeIndex))) }
        return try await send(
            "DELETE", "/portfolio/events/orders/\(escape(orderId))", query: query, body: nil as String?, safety: .convergentWrite,
            isWrite: true, cost: RateLimitTier.cancelCost)
    }

    /// Amends price and/or total count; not retried on a lost answer (a repeat could re-queue).
    public func amendOrder(_ orderId: String, _ request: AmendOrderRequest) async throws(KalshiAPIError) -> AmendOrderResponse {
        try await send(
            "POST", "/portfolio/events/orders/\(escape(orderId))/amend", body: request, safety: .unsafeWrite, isWrite: true,
            cost: RateLimitTier.defaultCost)
    }

    public func decreaseOrder(_ orderId: String, _ request: DecreaseOrderRequest) async throws(KalshiAPIError)
        -> DecreaseOrderResponse
    {
        // reduce_to converges on repeat; reduce_by would reduce twice.
        try await send(
            "POST", "/portfolio/events/orders/\(escape(orderId))/decrease", body: request,
            safety: request.reduceTo != nil ? .convergentWrite : .unsafeWrite, isWrite: true, cost: RateLimitTier.defaultCost)
    }

    public func batchCreateOrders(_ orders: [CreateOrderRequest]) async throws(KalshiAPIError) -> BatchCreateOrdersResponse {
        let idempotent = orders.allSatisfy { $0.clientOrderId != nil }
        return try await send(
            "POST", "/portfolio/events/orders/batched", body: BatchCreateOrdersRequest(orders: orders),
            safety: idempotent ? .idempotentWrite : .unsafeWrite, isWrite: true,
            cost: RateLimitTier.defaultCost * Int64(orders.count))
    }

    public func batchCancelOrders(_ orderIds: [String]) async throws(KalshiAPIError) -> BatchCancelOrdersResponse {
        try await batchCancelOrders(orderIds.map { BatchCancelOrdersRequest.Item(orderId: $0) })
    }

    /// Cancels several orders, each item naming its market and shard when known.
    public func batchCancelOrders(_ items: [BatchCancelOrdersRequest.Item]) async throws(KalshiAPIError)
        -> BatchCancelOrdersResponse
    {
        try await send(
            "DELETE", "/portfolio/events/orders/batched", body: BatchCancelOrdersRequest(orders: items), safety: .convergentWrite,
            isWrite: true, cost: RateLimitTier.cancelCost * Int64(items.count))
    }

    // MARK: Transfers

    /// Moves cash between exchange shards (reference §4.6). Not retried when its answer is lost:
    /// it carries no idempotency key, so a repeat could move the amount twice.
    public func transfer(_ amount: Money, fromShard source: Int, toShard destination: Int) async throws(KalshiAPIError)
        -> IntraExchangeTransferResponse
    {
        try await send(
            "POST", "/portfolio/intra_exchange_instance_transfer",
            body: IntraExchangeTransferRequest(amount: amount, from: source, to: destination), safety: .unsafeWrite,
            isWrite: true,
            cost: RateLimitTier.defaultCost)
    }

    // MARK: Order groups (reference §4.6)

    public func createOrderGroup(contractsLimit: Quantity, exchangeIndex: Int?) async throws(KalshiAPIError)
        -> CreateOrderGroupResponse
    {
        try await send(
            "POST", "/portfolio/order_groups/create",
            body: CreateOrderGroupRequest(contractsLimit: contractsLimit, exchangeIndex: exchangeIndex), safety: .unsafeWrite,
            isWrite: true, cost: RateLimitTier.defaultCost)
    }

    /// Lets a triggered group's orders be placed again.
    public func resetOrderGroup(_ id: String) async throws(KalshiAPIError) -> OrderGroupAck {
        try await send(
            "PUT", "/portfolio/order_groups/\(escape(id))/reset", body: nil as String?, safety: .convergentWrite, isWrite: true,
            cost: RateLimitTier.defaultCost)
    }

    public func deleteOrderGroup(_ id: String) async throws(KalshiAPIError) -> OrderGroupAck {
        try await send(
            "DELETE", "/portfolio/order_groups/\(escape(id))", body: nil as String?, safety: .convergentWrite, isWrite: true,
            cost: RateLimitTier.defaultCost)
    }

    // MARK: Transport

    private func get<Response: Decodable>(_ path: String, query: [(String, String)] = []) async throws(KalshiAPIError) -> Response
    {
        try await send(
            "GET", path, query: query, body: nil as String?, safety: .read, isWrite: false, cost: RateLimitTier.defaultCost)
    }

    private func send<Body: Encodable, Response: Decodable>(
        _ method: String, _ path: String, query: [(String, String)] = [], body: Body?, safety: RetryPolicy.Safety,
        isWrite: Bool, cost: Int64
    ) async throws(KalshiAPIError) -> Response {
        let encodedBody: [UInt8]?
        do {
            encodedBody = try body.map { [UInt8](try KalshiJSON.encoder().encode($0)) }
        } catch {
            throw .malformedResponse(status: 0, reason: "could not encode the request: \(error)")
        }
        var attempt = 0
        while true {
            do {
                return try await sendOnce(method, path, query: query, body: encodedBody, isWrite: isWrite, cost: cost)
            } catch {
                guard let delay = retry.delayBeforeRetry(after: error, attempt: attempt, safety: safety) else { throw error }
                logger.warning("retrying \(method) \(path) after \(error) (attempt \(attempt + 1))")
                attempt += 1
                do { try await Task.sleep(for: .milliseconds(delay)) } catch { throw .transport("cancelled") }
            }
        }
    }

    private func sendOnce<Response: Decodable>(
        _ method: String, _ path: String, query: [(String, String)], body: [UInt8]?, isWrite: Bool, cost: Int64
    ) async throws(KalshiAPIError) -> Response {
        try await sendOnceWithHeaders(method, path, query: query, body: body, isWrite: isWrite, cost: cost).0
    }

    private func sendOnceWithHeaders<Response: Decodable>(
        _ method: String, _ path: String, query: [(String, String)], body: [UInt8]?, isWrite: Bool, cost: Int64
    ) async throws(KalshiAPIError) -> (Response, HTTPHeaders) {
        let url =
            query.isEmpty
            ? environment.restBaseURL + path
            : environment.restBaseURL + path + "?" + query.map { "\(escape($0.0))=\(escape($0.1))" }.joined(separator: "&")
        let target = RequestTarget(method: method, path: path, url: url, signedPathPrefix: signedPathPrefix)
        return try await sendOnceWithHeaders(target, body: body, isWrite: isWrite, cost: cost)
    }

    /// One exchange of `target`'s request. With `orderConnection` (order placements only), the
    /// request goes over that connection when it is ready, and through the HTTP client otherwise.
    private func sendOnceWithHeaders<Response: Decodable>(
        _ target: RequestTarget, body: [UInt8]?, isWrite: Bool, cost: Int64, orderConnection: OrderConnection? = nil
    ) async throws(KalshiAPIError) -> (Response, HTTPHeaders) {
        TickToOrderProbe.shared.stage(.requestStarted)
        do { try await limiter.acquire(isWrite: isWrite, cost: cost) } catch { throw .transport("cancelled") }
        let method = target.method
        let path = target.path
        var auth: AuthHeaders?
        if let signer {
            do {
                let path = target.signedPath
                if let presigned {
                    auth = try presigned.headers(method: method, path: path, key: target.signatureKey, replenishing: false)
                } else {
                    TickToOrderProbe.shared.signedOnPath()
                    auth = try signer.headers(method: method, path: path, timestampMs: WallClock.nowMs())
                }
            } catch {
                throw .transport("could not sign the request: \(error)")
            }
        }
        // The next signature for this path is made once this request is off the wire and answered.
        // `presigned` exists only with a signer.
        defer { presigned?.requestDone(method: method, path: target.signedPath, key: target.signatureKey) }
        let observe = requestObserver.withLock { $0 }
        if let orderConnection, let auth, let body,
            let bytes = orderConnection.requestBytes.request(headers: auth, body: body, allocator: KalshiHTTP.allocator)
        {
            TickToOrderProbe.shared.stage(.requestBuilt)
            let started = ContinuousClock.now
            TickToOrderProbe.shared.requestSent(method: method, path: path)
            switch await orderConnection.send(bytes, timeout: timeout) {
            case .answered(let answer):
                observe?(
                    RESTRequestTiming(
                        method: method, path: path, elapsed: ContinuousClock.now - started, status: answer.status,
                        overOrderConnection: true))
                return try Self.decode(status: answer.status, body: Data(answer.body.readableBytesView), headers: answer.headers)
            case .noAnswer(let reason):
                observe?(
                    RESTRequestTiming(
                        method: method, path: path, elapsed: ContinuousClock.now - started, status: nil, overOrderConnection: true
                    ))
                throw .transport(reason)
            case .unavailable:
                break
            }
        }
        // A copy of the target's request: for the order endpoint's kept target, the URL, method
        // and first header are not built again on the order's path.
        var request = target.request
        if let auth {
            request.headers.add(name: AuthHeaders.keyName, value: auth.key)
            request.headers.add(name: AuthHeaders.timestampName, value: auth.timestamp)
            request.headers.add(name: AuthHeaders.signatureName, value: auth.signature)
        }
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        let status: Int
        let data: Data
        let headers: HTTPHeaders
        TickToOrderProbe.shared.stage(.requestBuilt)
        let started = ContinuousClock.now
        TickToOrderProbe.shared.requestSent(method: method, path: path)
        do {
            let response = try await http.execute(request, timeout: timeout)
            status = Int(response.status.code)
            headers = response.headers
            let buffer = try await response.body.collect(upTo: 16 << 20)
            data = Data(buffer.readableBytesView)
            observe?(RESTRequestTiming(method: method, path: path, elapsed: ContinuousClock.now - started, status: status))
        } catch {
            observe?(RESTRequestTiming(method: method, path: path, elapsed: ContinuousClock.now - started, status: nil))
            if let reason = KalshiHTTP.connectionFailure(error) { throw .unreachable(host: environment.restHost, reason: reason) }
            throw .transport(String(describing: error))
        }
        return try Self.decode(status: status, body: data, headers: headers)
    }

    private static func decode<Response: Decodable>(status: Int, body: Data, headers: HTTPHeaders) throws(KalshiAPIError)
        -> (Response, HTTPHeaders)
    {
        guard (200..<300).contains(status) else { throw KalshiAPIError.from(status: status, body: body) }
        do {
            return (try KalshiJSON.decoder().decode(Response.self, from: body), headers)
        } catch {
            throw .malformedResponse(status: status, reason: String(describing: error))
        }
    }

    private func escape(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .urlQueryValueAllowed) ?? text
    }
}

extension CharacterSet {
    /// Unreserved characters of RFC 3986: safe inside a path segment or a query value.
    static let urlQueryValueAllowed = CharacterSet(
        charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
}
