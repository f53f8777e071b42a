/// Why contracts of an order were canceled in one operation; lets a server word its messages
/// and a backtest count how orders end.
public enum CancelReason: String, Sendable, Hashable, CaseIterable {
    /// The owner canceled the order (single cancel or cancel-all).
    case requested
    /// The owner decreased the order (`decrease` with reduce-by or reduce-to).
    case decreased
    /// An immediate-or-cancel order's unfilled remainder.
    case immediateOrCancel
    /// A fill-or-kill order the book could not fill entirely.
    case fillOrKill
    /// Self-trade prevention canceled this order (the taker under `takerAtCross`, the resting
    /// order under `maker`).
    case selfTradePrevention
    /// A good-till-time order reached its expiration time.
    case expired
    /// The market closed with the order still resting.
    case marketClosed
}
