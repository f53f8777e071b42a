/// Every account of the fake exchange, routed by owner id.
public struct ExchangeAccounts: Hashable, Sendable {
    public private(set) var ledgers: [String: AccountLedger] = [:]

    public init() {}

    public subscript(owner: String) -> AccountLedger? { ledgers[owner] }

    /// Owner ids, sorted, for deterministic iteration.
    public var owners: [String] { ledgers.keys.sorted() }

    public var totalCash: Money { ledgers.values.reduce(.zero) { $0 + $1.cash } }
    public var totalDeposited: Money { ledgers.values.reduce(.zero) { $0 + $1.deposited } }
    public var totalFeesPaid: Money { ledgers.values.reduce(.zero) { $0 + $1.feesPaid } }

    /// Adds cash to an account, opening it when new.
    public mutating func deposit(_ amount: Money, to owner: String) {
        ledgers[owner, default: AccountLedger(owner: owner)].deposit(amount)
    }

    public mutating func withdraw(_ amount: Money, from owner: String) throws(ExchangeError) {
        var ledger = ledgers[owner] ?? AccountLedger(owner: owner)
        try ledger.withdraw(amount)
        ledgers[owner] = ledger
    }

    /// Throws `insufficient_balance` when the owner cannot cover the order (an unknown owner has
    /// no cash).
    public func checkCollateral(for request: OrderRequest, ticker: String, fees: FeeSchedule) throws(ExchangeError) {
        try (ledgers[request.owner] ?? AccountLedger(owner: request.owner))
            .checkCollateral(for: request, ticker: ticker, fees: fees)
    }

    public func checkCollateral(amending order: ExchangeOrder, price: Price, totalCount: Quantity, fees: FeeSchedule)
        throws(ExchangeError)
    {
        try (ledgers[order.owner] ?? AccountLedger(owner: order.owner))
            .checkCollateral(amending: order, price: price, totalCount: totalCount, fees: fees)
    }

    /// Books an engine result into every account it involves.
    public mutating func apply(_ result: MatchingResult, fees: FeeSchedule) {
        var involved: [String] = []
        for trade in result.trades {
            involved.append(trade.makerOwner)
            involved.append(trade.takerOwner)
        }
        involved += result.orderUpdates.map(\.owner)
        var seen: Set<String> = []
        for owner in involved where seen.insert(owner).inserted {
            ledgers[owner, default: AccountLedger(owner: owner)].apply(result, fees: fees)
        }
    }

    /// Settles `ticker` for every account holding it; payouts sorted by owner.
    public mutating func settle(ticker: String, result: OutcomeSide) -> [SettlementPayout] {
        var payouts: [SettlementPayout] = []
        for owner in owners {
            let position = ledgers[owner]!.position(in: ticker)
            let payout = ledgers[owner]!.settle(ticker: ticker, result: result)
            if !position.isZero {
                payouts.append(
                    SettlementPayout(owner: owner, ticker: ticker, position: position, result: result, payout: payout))
            }
        }
        return payouts
    }
}
