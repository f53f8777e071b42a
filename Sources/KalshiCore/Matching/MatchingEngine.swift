/// A price-time-priority matching engine for one Kalshi market's single YES book.
///
/// A value with `mutating` operations and no I/O: every operation takes the time as Unix
/// milliseconds and returns a `MatchingResult` listing the trades, the order updates and the
/// public book deltas it caused, or throws an `ExchangeError` without changing anything.
///
/// Bids buy YES at their price; asks sell YES (buy NO at 1 − price). An incoming order trades
/// with resting orders of the other side that cross its limit, best price first and oldest
/// first within a price, always at the resting order's price. Before acting, every operation
/// cancels good-till-time orders whose expiration has passed, so an order never trades late
/// because a caller's timer fired late.
public struct MatchingEngine: Sendable, Equatable {
    public let ticker: String
    /// The market's price grid; `changeGrid` replaces it (`price_level_structure_updated`).
    public internal(set) var grid: PriceGrid
    /// Fee schedule used for new fills (an `event_fee_update` may change it).
    public var fees: FeeSchedule
    /// When false, order counts must be whole contracts.
    public var allowsFractionalCounts: Bool
    /// False after `close`: every order operation is refused with `market_closed`.
    public internal(set) var isOpen = true
    public internal(set) var ids: ExchangeIdGenerator

    /// Every order the engine knows, resting or finished, until `forgetFinishedOrders`.
    var orders: [String: ExchangeOrder] = [:]
    var orderIdByClientKey: [ClientOrderKey: String] = [:]
    var bids = RestingLadder(side: .bid)
    var asks = RestingLadder(side: .ask)
    var lastPrioritySequence: UInt64 = 0
    /// Lower bound of resting orders' expiration times; lets operations skip the expiry scan.
    var earliestExpirationMs: Int64?

    struct ClientOrderKey: Hashable, Sendable {
        var owner: String
        var clientOrderId: String
    }

    public init(
        ticker: String, grid: PriceGrid = .linearCent, fees: FeeSchedule = FeeSchedule(), idNamespace: UInt32 = 0,
        allowsFractionalCounts: Bool = true
    ) {
        self.ticker = ticker
        self.grid = grid
        self.fees = fees
        self.allowsFractionalCounts = allowsFractionalCounts
        self.ids = ExchangeIdGenerator(namespace: idNamespace)
    }

    public init(market: MarketMetadata, idNamespace: UInt32 = 0, allowsFractionalCounts: Bool = true) {
        self.init(
            ticker: market.ticker, grid: market.priceGrid, fees: market.fees, idNamespace: idNamespace,
            allowsFractionalCounts: allowsFractionalCounts)
    }

    // MARK: Lookups

    public func order(id: String) -> ExchangeOrder? { orders[id] }

    public func order(owner: String, clientOrderId: String) -> ExchangeOrder? {
        orderIdByClientKey[ClientOrderKey(owner: owner, clientOrderId: clientOrderId)].flatMap { orders[$0] }
    }

    /// Resting orders in priority order, bids (best first) then asks (best first); only
    /// `owner`'s when given.
    public func restingOrders(owner: String? = nil) -> [ExchangeOrder] {
        (bids.orderIdsInPriority + asks.orderIdsInPriority).compactMap { id in
            let order = orders[id]!
            return owner == nil || order.owner == owner ? order : nil
        }
    }

    /// Every order of `owner` the engine remembers (resting and finished), oldest first.
    public func orders(owner: String) -> [ExchangeOrder] {
        orders.values.filter { $0.owner == owner }.sorted { ($0.createdMs, $0.id) < ($1.createdMs, $1.id) }
    }

    /// Number of orders the engine remembers (resting and finished).
    public var knownOrderCount: Int { orders.count }

    /// Highest resting bid (YES price) and its total size.
    public var bestBid: BookLevel? {
        bids.best.map { BookLevel(price: $0.price, size: Quantity(units: $0.totalUnits)) }
    }

    /// Lowest resting ask (YES price) and its total size.
    public var bestAsk: BookLevel? {
        asks.best.map { BookLevel(price: $0.price, size: Quantity(units: $0.totalUnits)) }
    }

    /// Total resting size of `side` orders at YES `price`.
    public func restingSize(_ side: BookSide, at price: Price) -> Quantity {
        Quantity(units: side == .bid ? bids.size(at: price) : asks.size(at: price))
    }

    /// The public book as Kalshi publishes it (`use_yes_price: false`): YES bids at YES prices,
    /// asks as NO bids at NO prices, each ascending by price.
    public func snapshot() -> (yes: [BookLevel], no: [BookLevel]) {
        let yes = bids.levels.reversed().map { BookLevel(price: $0.price, size: Quantity(units: $0.totalUnits)) }
        // Asks are stored lowest YES price first, i.e. highest NO price first.
        let no = asks.levels.reversed().map {
            BookLevel(price: $0.price.complement, size: Quantity(units: $0.totalUnits))
        }
        return (yes, no)
    }

    /// Drops finished orders, freeing their client order ids for reuse. Kalshi rejects a
    /// repeated client order id only while it knows the order; a long-running fake or a
    /// backtest calls this to bound memory.
    public mutating func forgetFinishedOrders() {
        for (id, order) in orders where order.status.isFinished {
            orders[id] = nil
            if let clientOrderId = order.clientOrderId {
                orderIdByClientKey[ClientOrderKey(owner: order.owner, clientOrderId: clientOrderId)] = nil
            }
        }
    }

    // MARK: Internal helpers shared by the operations

    func ladder(_ side: BookSide) -> RestingLadder { side == .bid ? bids : asks }

    mutating func modifyLadder(_ side: BookSide, _ body: (inout RestingLadder) -> Void) {
        switch side {
        case .bid: body(&bids)
        case .ask: body(&asks)
        }
    }

    mutating func nextPrioritySequence() -> UInt64 {
        lastPrioritySequence += 1
        return lastPrioritySequence
    }

    /// Runs an operation that validates before it mutates. When orders are due to expire the
    /// operation runs on a copy that has expired them, so a refused request leaves the engine
    /// exactly as it was (expiries included) and an accepted one reports them.
    mutating func perform(
        nowMs: Int64, _ body: (inout MatchingEngine, inout MatchingOperation) throws(ExchangeError) -> Void
    ) throws(ExchangeError) -> MatchingResult {
        var operation = MatchingOperation(ticker: ticker, nowMs: nowMs)
        if hasOrdersDue(nowMs: nowMs) {
            var working = self
            working.expireDue(&operation)
            try body(&working, &operation)
            self = working
        } else {
            try body(&self, &operation)
        }
        return operation.finished(orders: orders)
    }
}
