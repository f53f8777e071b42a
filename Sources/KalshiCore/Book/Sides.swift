/// Which leg of a binary contract: the book publishes resting bids for both.
public enum OutcomeSide: String, Sendable, Hashable, CaseIterable, Codable {
    case yes
    case no

    /// 0 for YES, 1 for NO: the leg's slot in the book's storage.
    @inlinable public var legIndex: Int { self == .yes ? 0 : 1 }
}

/// Direction on Kalshi's single YES book (V2 orders): `bid` buys YES, `ask` sells YES
/// (equivalently buys NO at 1 − price).
public enum BookSide: String, Sendable, Hashable, CaseIterable, Codable {
    case bid
    case ask

    public var opposite: BookSide { self == .bid ? .ask : .bid }
}
