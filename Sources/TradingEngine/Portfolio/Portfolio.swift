import KalshiCore

/// Our cash, positions and P&L, booked exactly as Kalshi books them (net positions, NO bought
/// at 1 − price, YES/NO pairs redeemed at $1, $1 per winning contract at settlement): the
/// booking itself is `AccountLedger`'s. The portfolio adds the session totals that make the
/// accounting checkable: start − premium paid + pair redemptions − fees + settlement payouts
/// must equal the cash balance after every event.
public struct Portfolio: Sendable {
    public private(set) var ledger: AccountLedger
    public let startingBalance: Money
    /// Premium paid for contracts bought: YES at price, NO at 1 − price.
    public private(set) var premiumPaid = Money.zero
    /// $1 per YES/NO pair that netted out.
    public private(set) var redemptions = Money.zero
    public private(set) var fees = Money.zero
    public private(set) var settlementPayouts: [String: Money] = [:]
    public private(set) var tradeCount = 0
    public private(set) var contractsTraded = Quantity.zero
    /// Cash corrections made to match the exchange (live reconciliation); zero otherwise.
    public private(set) var adjustments = Money.zero

    public init(startingBalance: Money) {
        self.startingBalance = startingBalance
        self.ledger = AccountLedger(owner: "self", cash: startingBalance)
    }

    public var cash: Money { ledger.cash }
    public func position(_ ticker: String) -> Quantity { ledger.position(in: ticker) }
    public var realizedPnL: Money { ledger.realizedPnL }
    public var totalSettlementPayouts: Money { settlementPayouts.values.reduce(.zero, +) }

    /// Books a fill; returns the cash change.
    @discardableResult
    public mutating func recordFill(ticker: String, side: BookSide, yesPrice: Price, count: Quantity, fee: Money) -> Money {
        let held = ledger.position(in: ticker).units
        let opposite = side == .bid ? max(0, -held) : max(0, held)
        let netted = min(count.units, opposite)
        premiumPaid = premiumPaid + Money.notional(price: side == .bid ? yesPrice : yesPrice.complement, count: count)
        redemptions = redemptions + Money.notional(price: .one, count: Quantity(units: netted))
        fees = fees + fee
        tradeCount += 1
        contractsTraded = contractsTraded + count
        return ledger.recordFill(ticker: ticker, side: side, yesPrice: yesPrice, count: count, fee: fee)
    }

    /// Pays out a settled market; returns the payout.
    @discardableResult
    public mutating func settle(ticker: String, result: OutcomeSide) -> Money {
        let payout = ledger.settle(ticker: ticker, result: result)
        settlementPayouts[ticker, default: .zero] = settlementPayouts[ticker, default: .zero] + payout
        return payout
    }

    /// Moves cash to the exchange's figure, booking the difference as an adjustment so the
    /// accounting identity still holds; returns the difference.
    @discardableResult
    public mutating func adjustCash(to target: Money) -> Money {
        let difference = target - ledger.cash
        guard difference != .zero else { return .zero }
        if difference > .zero {
            ledger.deposit(difference)
        } else {
            // The portfolio's ledger holds no collateral, so any non-negative target can be withdrawn to.
            guard (try? ledger.withdraw(.zero - difference)) != nil else { return .zero }
        }
        adjustments = adjustments + difference
        return difference
    }

    /// The accounting identity; false means a booking bug, which stops trading.
    public var isConsistent: Bool {
        ledger.cash == startingBalance - premiumPaid + redemptions - fees + totalSettlementPayouts + adjustments
    }

    /// Value of open positions at the given YES marks (mid prices), exact.
    public func markValue(_ marks: [String: Money]) -> Money {
        // Int128, saturating at the end: positions can come from the exchange's record.
        let total = ledger.positions.values.reduce(Int128(0)) { total, position in
            guard position.position.units != 0 else { return total }
            // Without a mark (no book on either side, no mid seen yet) a position counts at
            // its cost: unknown is not zero, and must not trip the session-loss limit.
            guard let mark = marks[position.ticker] else { return total + Int128(position.positionCost.micros) }
            // A YES contract is worth the YES mark; a NO contract 1 − mark.
            let perContract = position.position.units > 0 ? mark : Money(micros: Money.microsPerDollar) - mark
            return total + Int128(perContract.micros) * Int128(position.position.units.magnitude)
                / Int128(Quantity.unitsPerContract)
        }
        return Money(micros: Int64(clamping: total))
    }

    /// Equity = cash + positions at the marks; unrealized P&L = marked value − cost.
    public func equity(_ marks: [String: Money]) -> Money { cash + markValue(marks) }

    public func unrealizedPnL(_ marks: [String: Money]) -> Money { markValue(marks) - ledger.positionCost }
}
