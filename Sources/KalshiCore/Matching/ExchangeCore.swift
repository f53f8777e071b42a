/// The pure heart of a fake Kalshi exchange: one matching engine per market and the accounts
/// that trade on them, kept consistent with each other.
///
/// Each order operation runs in this order: the engine's validation (so validation errors come
/// first, as on Kalshi), the account's collateral check (`insufficient_balance`), the engine
/// operation, then booking the result into the accounts. Nothing changes when a step throws.
public struct ExchangeCore: Sendable, Equatable {
    public internal(set) var markets: [String: MatchingEngine] = [:]
    public private(set) var accounts = ExchangeAccounts()
    /// Outcome of markets that have settled.
    public private(set) var settledResults: [String: OutcomeSide] = [:]

    /// Added to every namespace `list(_: MarketMetadata)` numbers: an exchange that runs again
    /// (the fake venue restarted) hands out ids its earlier runs never did, as Kalshi's are never
    /// reused. A journal kept across the restarts would otherwise take a new fill whose trade
    /// id an earlier run's fill had for one already booked, and drop it.
    public let idNamespaceBase: UInt32

    public init(idNamespaceBase: UInt32 = 0) {
        self.idNamespaceBase = idNamespaceBase
    }

    /// Lists a market (or replaces one with the same ticker). Give each engine its own id
    /// namespace so order ids stay unique across markets.
    public mutating func list(_ engine: MatchingEngine) {
        markets[engine.ticker] = engine
    }

    /// Lists a market described by its metadata, numbering its id namespace after the markets
    /// already listed.
    public mutating func list(_ market: MarketMetadata) {
        list(MatchingEngine(market: market, idNamespace: idNamespaceBase &+ UInt32(truncatingIfNeeded: markets.count + 1)))
    }

    public mutating func deposit(_ amount: Money, to owner: String) {
        accounts.deposit(amount, to: owner)
    }

    /// Takes cash out of an account; refused when it would touch collateral.
    public mutating func withdraw(_ amount: Money, from owner: String) throws(ExchangeError) {
        try accounts.withdraw(amount, from: owner)
    }

    public func market(_ ticker: String) -> MatchingEngine? { markets[ticker] }

    public mutating func submit(_ request: OrderRequest, ticker: String, nowMs: Int64) throws(ExchangeError)
        -> MatchingResult
    {
        let fees = try requireMarket(ticker)
        try markets[ticker]!.validate(request, nowMs: nowMs)
        try accounts.checkCollateral(for: request, ticker: ticker, fees: fees)
        return commit(try markets[ticker]!.submit(request, nowMs: nowMs))
    }

    public mutating func cancel(orderId: String, ticker: String, owner: String?, nowMs: Int64) throws(ExchangeError)
        -> MatchingResult
    {
        try requireMarket(ticker)
        return commit(try markets[ticker]!.cancel(orderId: orderId, owner: owner, nowMs: nowMs))
    }

    public mutating func amend(
        orderId: String, ticker: String, owner: String?, price: Price, totalCount: Quantity,
        updatedClientOrderId: String? = nil, nowMs: Int64
    ) throws(ExchangeError) -> MatchingResult {
        let fees = try requireMarket(ticker)
        let order = try markets[ticker]!.validateAmend(
            orderId: orderId, owner: owner, price: price, totalCount: totalCount,
            updatedClientOrderId: updatedClientOrderId, nowMs: nowMs)
        try accounts.checkCollateral(amending: order, price: price, totalCount: totalCount, fees: fees)
        let result = try markets[ticker]!.amend(
            orderId: orderId, owner: owner, price: price, totalCount: totalCount,
            updatedClientOrderId: updatedClientOrderId, nowMs: nowMs)
        return commit(result)
    }

    public mutating func decrease(
        orderId: String, ticker: String, owner: String?, _ reduction: OrderReduction, nowMs: Int64
    ) throws(ExchangeError) -> MatchingResult {
        try requireMarket(ticker)
        return commit(try markets[ticker]!.decrease(orderId: orderId, owner: owner, reduction, nowMs: nowMs))
    }

    /// Cancels the owner's resting orders in every open market; one result per market that
    /// changed, by ticker.
    public mutating func cancelAll(owner: String, nowMs: Int64) -> [MatchingResult] {
        var results: [MatchingResult] = []
        for ticker in markets.keys.sorted() {
            guard markets[ticker]!.isOpen, let result = try? markets[ticker]!.cancelAll(owner: owner, nowMs: nowMs)
            else { continue }
            let committed = commit(result)
            if !committed.isEmpty { results.append(committed) }
        }
        return results
    }

    /// Expires good-till-time orders in every market; one result per market that changed.
    public mutating func expire(nowMs: Int64) -> [MatchingResult] {
        var results: [MatchingResult] = []
        for ticker in markets.keys.sorted() {
            let committed = commit(markets[ticker]!.expire(nowMs: nowMs))
            if !committed.isEmpty { results.append(committed) }
        }
        return results
    }

    /// Closes a market: its resting orders are canceled and their collateral released.
    public mutating func close(ticker: String, nowMs: Int64) throws(ExchangeError) -> MatchingResult {
        try requireMarket(ticker)
        return commit(markets[ticker]!.close(nowMs: nowMs))
    }

    /// Settles a market (closing it first if it is still open): $1 per winning contract.
    /// Settling twice is refused as `market_closed`.
    public mutating func settle(ticker: String, result: OutcomeSide, nowMs: Int64) throws(ExchangeError)
        -> (closing: MatchingResult, payouts: [SettlementPayout])
    {
        guard settledResults[ticker] == nil else { throw .marketClosed(ticker: ticker) }
        let closing = try close(ticker: ticker, nowMs: nowMs)
        settledResults[ticker] = result
        return (closing, accounts.settle(ticker: ticker, result: result))
    }

    /// The listed market's fee schedule, or `market_not_found`. Only a field is returned:
    /// a copy of the engine held here would make the in-place mutation that follows copy its
    /// whole storage.
    @discardableResult
    private func requireMarket(_ ticker: String) throws(ExchangeError) -> FeeSchedule {
        guard let engine = markets[ticker] else { throw .marketNotFound(ticker: ticker) }
        return engine.fees
    }

    /// Books a result the engine already applied into the accounts. Engines are mutated in
    /// place (`markets[ticker]!.…`) so their storage is never copied.
    private mutating func commit(_ result: MatchingResult) -> MatchingResult {
        accounts.apply(result, fees: markets[result.ticker]!.fees)
        return result
    }
}
