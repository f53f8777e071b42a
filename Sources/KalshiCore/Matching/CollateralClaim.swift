/// A resting order as an account sees it for collateral: what it could still buy.
struct CollateralClaim: Hashable, Sendable {
    var orderId: String
    var ticker: String
    var side: BookSide
    var price: Price
    var remaining: Quantity
    /// Placement order within the account; decides which orders the current position covers.
    var sequence: UInt64
}

/// The collateral rule (conservative, exact, documented here once):
///
/// * A fill that *closes* part of a position never costs cash before fees: closing a long NO
///   by buying YES at q pays q and gets $1 back. So an order's contracts that the position can
///   absorb need no premium collateral. The closable size (NO held for bids, YES held for asks)
///   is handed to the account's resting orders of that side in placement order; the rest of
///   each order is *opening* and holds its worst-case premium: price × count for a bid,
///   (1 − price) × count for an ask (fills are never worse than the limit).
/// * Every contract, opening or closing, also holds a fee bound: the taker fee of one
///   1/100-contract fill at the worst fee price the order can fill at (fees peak at $0.50), per
///   1/100 contract. Since each fill's fee is rounded up from a smaller exact value, this bounds
///   the sum of the real per-fill fees whatever the fills are.
///
/// Why it is safe whatever the fill order: when a different order closes the position than the
/// one the rule assigned, the closing fill returns (1 − q) for a bid (q for an ask) and releases
/// that order's own reservation (≥ q); together that is at least $1 per contract, more than the
/// premium the other order now needs. So cash never falls below the reserved amount.
enum CollateralRule {
    /// Reservation per order id for one market's claims (any order), given the net position.
    static func reservations(claims: [CollateralClaim], position: Quantity, fees: FeeSchedule) -> [String: Money] {
        var closableForBids = max(0, -position.units)
        var closableForAsks = max(0, position.units)
        var result: [String: Money] = [:]
        for claim in claims.sorted(by: { $0.sequence < $1.sequence }) {
            let closing: Int64
            switch claim.side {
            case .bid:
                closing = min(claim.remaining.units, closableForBids)
                closableForBids -= closing
            case .ask:
                closing = min(claim.remaining.units, closableForAsks)
                closableForAsks -= closing
            }
            let opening = Quantity(units: claim.remaining.units - closing)
            result[claim.orderId] = reservation(
                side: claim.side, price: claim.price, opening: opening, total: claim.remaining, fees: fees)
        }
        return result
    }

    static func reservation(side: BookSide, price: Price, opening: Quantity, total: Quantity, fees: FeeSchedule)
        -> Money
    {
        let outcomePrice = side == .bid ? price : price.complement
        let premium = Money.notional(price: outcomePrice, count: opening)
        return premium + Money(micros: feeBoundPerUnit(side: side, price: price, fees: fees).micros * total.units)
    }

    /// Upper bound of the fee per 1/100 contract for any fill of a `side` order limited at
    /// `price`. Bids fill at or below their price, asks at or above; P(1 − P) peaks at 0.50.
    static func feeBoundPerUnit(side: BookSide, price: Price, fees: FeeSchedule) -> Money {
        let half = Price(uncheckedTicks: Price.ticksPerDollar / 2)
        let worst = side == .bid ? min(price, half) : max(price, half)
        return fees.tradeFee(price: worst, count: Quantity(units: 1), role: .taker)
    }
}
