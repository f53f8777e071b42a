/// What the exchange does when an incoming order would trade with a resting order of the same
/// owner (`self_trade_prevention_type`). Self-trades never happen; only the victim differs.
public enum SelfTradePrevention: String, Sendable, Hashable, CaseIterable {
    /// Cancel the incoming order's remainder at the cross; fills it already made are kept.
    case takerAtCross = "taker_at_cross"
    /// Cancel the owner's resting order and keep matching the incoming one.
    case maker
}
