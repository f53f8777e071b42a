/// An order's `status` as Kalshi reports it (reference §4.7; `pending` no longer exists).
public enum ExchangeOrderStatus: String, Sendable, Hashable, CaseIterable {
    /// On the book with a positive remaining count.
    case resting
    /// Finished with part of its count canceled (by request, IOC/FOK, self-trade prevention,
    /// expiry or market close). It may have fills.
    case canceled
    /// Finished because its last remaining contract filled.
    case executed

    public var isFinished: Bool { self != .resting }
}
