/// The resolution at which an account's balance moves (reference §5.3 step 3).
public enum AccountPrecision: Sendable, Hashable {
    /// Normal retail accounts: $0.01.
    case cent
    /// Direct members: $0.0001.
    case centicent

    public var micros: Int64 { self == .cent ? Money.microsPerCent : 100 }
}

/// How one fill moved the balance.
public struct FillCharge: Hashable, Sendable {
    /// The exchange fee for the fill, rounded up to $0.0001.
    public var tradeFee: Money
    /// Extra taken by flooring the balance change to the account's precision.
    public var roundingFee: Money
    /// Whole units of precision given back from the order's accumulated rounding.
    public var rebate: Money
    /// The amount actually added to the balance (negative when paying).
    public var balanceChange: Money
}

/// Kalshi's per-order fee rounding (reference §5.3): each fill's balance change is floored to
/// the account precision, the shortfall accumulates per order, and every whole unit of precision
/// accumulated is rebated. Net effect: an order pays its fees rounded up to the cent once, not
/// once per fill.
public struct OrderFeeLedger: Hashable, Sendable {
    public let schedule: FeeSchedule
    public let precision: AccountPrecision
    public private(set) var accumulatedRounding = Money.zero
    public private(set) var tradeFees = Money.zero
    public private(set) var roundingFees = Money.zero
    public private(set) var rebates = Money.zero
    public private(set) var balanceChange = Money.zero

    public init(schedule: FeeSchedule, precision: AccountPrecision = .cent) {
        self.schedule = schedule
        self.precision = precision
    }

    /// Fees the order has cost so far, net of rebates.
    public var effectiveFees: Money { tradeFees + roundingFees - rebates }

    /// Records a fill at `price`; `cashFlow` is the premium moving before fees (negative when the
    /// fill buys YES or NO, positive when it sells a holding).
    @discardableResult
    public mutating func recordFill(price: Price, count: Quantity, role: LiquidityRole, cashFlow: Money) -> FillCharge {
        recordFill(cashFlow: cashFlow, tradeFee: schedule.tradeFee(price: price, count: count, role: role))
    }

    @discardableResult
    public mutating func recordFill(cashFlow: Money, tradeFee: Money) -> FillCharge {
        let exact = cashFlow - tradeFee
        let charged = exact.rounded(toMultipleOf: precision.micros, .down)
        let rounding = exact - charged
        accumulatedRounding = accumulatedRounding + rounding
        let wholeUnits = accumulatedRounding.micros / precision.micros
        let rebate = Money(micros: wholeUnits * precision.micros)
        accumulatedRounding = accumulatedRounding - rebate
        tradeFees = tradeFees + tradeFee
        roundingFees = roundingFees + rounding
        rebates = rebates + rebate
        let change = charged + rebate
        balanceChange = balanceChange + change
        return FillCharge(tradeFee: tradeFee, roundingFee: rounding, rebate: rebate, balanceChange: change)
    }
}
