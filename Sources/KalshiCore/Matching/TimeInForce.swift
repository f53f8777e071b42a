/// How long an order may wait for a counterparty (`time_in_force` on V2 orders).
///
/// Kalshi has no separate good-till-time value: a `goodTillCanceled` order with an expiration
/// time is a good-till-time order.
public enum TimeInForce: String, Sendable, Hashable, CaseIterable {
    /// Rests until filled, canceled, or (with an expiration) expired.
    case goodTillCanceled = "good_till_canceled"
    /// Takes what crosses now; the remainder is canceled, never rested.
    case immediateOrCancel = "immediate_or_cancel"
    /// Fills the whole count now or does nothing.
    case fillOrKill = "fill_or_kill"
}
