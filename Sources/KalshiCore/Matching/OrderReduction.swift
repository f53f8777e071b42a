/// How a `decrease` request shrinks a resting order (exactly one of Kalshi's `reduce_by` /
/// `reduce_to`). Both refer to the order's remaining (resting) count.
public enum OrderReduction: Hashable, Sendable {
    /// Take this many contracts off the remaining count; more than remains cancels the order.
    case by(Quantity)
    /// Leave exactly this many contracts resting; zero cancels the order.
    case to(Quantity)
}
