/// One account's money on the fake exchange: cash, net positions with Kalshi netting, fees,
/// realized P&L, and the collateral its resting orders hold.
///
/// Precision choice: cash moves by the exact premium (micro-dollars) and the exact per-fill
/// trade fee ($0.0001, `FeeSchedule.tradeFee`), i.e. like a direct member's account without
/// Kalshi's retail flooring to the cent and per-order rebates (`OrderFeeLedger`). That keeps
/// every accounting identity exact; a client that needs retail rounding applies it itself.
///
/// Identities that hold after every call (tested):
/// * `cash + Σ positionCost == deposited + Σ realizedPnL − Σ feesPaid`
/// * `cash >= reserved >= 0` when orders were placed after `checkCollateral`.
public struct AccountLedger: Hashable, Sendable {
    public let owner: String
    public internal(set) var cash: Money
    /// Net cash put in (deposits − withdrawals), the base of the identities above.
    public internal(set) var deposited: Money
    public internal(set) var positions: [String: LedgerPosition] = [:]
    /// Collateral held by resting orders.
    public internal(set) var reserved: Money = .zero
    /// Everything received from settlements.
    public internal(set) var settlementProceeds: Money = .zero

    /// Resting orders by ticker, then order id (ids are only unique within a market).
    var claims: [String: [String: CollateralClaim]] = [:]
    /// Collateral held per ticker, then order id.
    var reservations: [String: [String: Money]] = [:]
    var lastClaimSequence: UInt64 = 0

    public init(owner: String, cash: Money = .zero) {
        self.owner = owner
        self.cash = cash
        self.deposited = cash
    }

    /// Cash not held as collateral: what a new order or a withdrawal may use.
    public var availableCash: Money { cash - reserved }

    /// Net position in `ticker` (positive = long YES, negative = long NO).
    public func position(in ticker: String) -> Quantity { positions[ticker]?.position ?? .zero }

    public var feesPaid: Money { positions.values.reduce(.zero) { $0 + $1.feesPaid } }
    public var realizedPnL: Money { positions.values.reduce(.zero) { $0 + $1.realizedPnL } }
    public var positionCost: Money { positions.values.reduce(.zero) { $0 + $1.positionCost } }

    /// Collateral one resting order holds right now.
    public func reservation(ticker: String, orderId: String) -> Money { reservations[ticker]?[orderId] ?? .zero }

    /// Number of resting orders the ledger holds collateral for.
    public var restingOrderCount: Int { claims.values.reduce(0) { $0 + $1.count } }

    public mutating func deposit(_ amount: Money) {
        precondition(amount >= .zero, "deposit must not be negative")
        cash = cash + amount
        deposited = deposited + amount
    }

    public mutating func withdraw(_ amount: Money) throws(ExchangeError) {
        precondition(amount >= .zero, "withdrawal must not be negative")
        guard amount <= availableCash else { throw .insufficientBalance(required: amount, available: availableCash) }
        cash = cash - amount
        deposited = deposited - amount
    }

    /// Books one fill of this account and returns the cash change (fee included).
    ///
    /// A YES buy (`.bid`) pays yesPrice × count; a YES sell (`.ask`) is a NO buy paying
    /// (1 − yesPrice) × count. Newly bought contracts that meet opposite contracts already held
    /// net out at once and pay $1 each, so a position is always one signed number.
    @discardableResult
    public mutating func recordFill(ticker: String, side: BookSide, yesPrice: Price, count: Quantity, fee: Money)
        -> Money
    {
        var state = positions[ticker] ?? LedgerPosition(ticker: ticker)
        let outcomePrice = side == .bid ? yesPrice : yesPrice.complement
        let held = state.position.units
        let opposite = side == .bid ? max(0, -held) : max(0, held)
        let netted = min(count.units, opposite)
        var change = -Money.notional(price: outcomePrice, count: count) - fee
        if netted > 0 {
            let payout = Money.notional(price: .one, count: Quantity(units: netted))
            let closingPremium = Money.notional(price: outcomePrice, count: Quantity(units: netted))
            // Average cost: the netted part of the held contracts carries its share of the cost;
            // closing everything takes all of it, so no rounding residue is ever left behind.
            let heldCost =
                netted == opposite
                ? state.positionCost
                : Money(micros: Int64(Int128(state.positionCost.micros) * Int128(netted) / Int128(opposite)))
            state.positionCost = state.positionCost - heldCost
            state.realizedPnL = state.realizedPnL + payout - closingPremium - heldCost
            change = change + payout
        }
        let opened = Quantity(units: count.units - netted)
        state.positionCost = state.positionCost + Money.notional(price: outcomePrice, count: opened)
        state.position = side == .bid ? state.position + count : state.position - count
        state.feesPaid = state.feesPaid + fee
        state.volume = state.volume + count
        positions[ticker] = state
        cash = cash + change
        return change
    }

    /// Books this account's part of an engine result: its fills move cash and positions, its
    /// order updates move collateral (the engine's `fees` bound the fee part of collateral).
    public mutating func apply(_ result: MatchingResult, fees: FeeSchedule) {
        for trade in result.trades {
            guard let side = trade.side(of: owner) else { continue }
            recordFill(ticker: result.ticker, side: side, yesPrice: trade.yesPrice, count: trade.count, fee: trade.fee(of: owner))
        }
        for update in result.orderUpdates where update.owner == owner {
            let order = update.order
            if order.isResting {
                let sequence = claims[result.ticker]?[order.id]?.sequence ?? nextClaimSequence()
                claims[result.ticker, default: [:]][order.id] = CollateralClaim(
                    orderId: order.id, ticker: result.ticker, side: order.side, price: order.price,
                    remaining: order.remainingCount, sequence: sequence)
            } else {
                claims[result.ticker]?[order.id] = nil
            }
        }
        updateReservations(ticker: result.ticker, fees: fees)
    }

    /// Pays $1 per winning contract in `ticker`, closes the position and returns the payout.
    /// Any claims left in the market are dropped (a settled market has no resting orders).
    @discardableResult
    public mutating func settle(ticker: String, result: OutcomeSide) -> Money {
        claims[ticker] = nil
        updateReservations(ticker: ticker, fees: FeeSchedule())
        guard var state = positions[ticker] else { return .zero }
        let payout = state.payout(result: result)
        state.realizedPnL = state.realizedPnL + payout - state.positionCost
        state.positionCost = .zero
        state.position = .zero
        positions[ticker] = state
        cash = cash + payout
        settlementProceeds = settlementProceeds + payout
        return payout
    }

    mutating func nextClaimSequence() -> UInt64 {
        lastClaimSequence += 1
        return lastClaimSequence
    }
}
