/// One resting price level: a price and the total size resting there.
public struct BookLevel: Hashable, Sendable {
    public var price: Price
    public var size: Quantity

    public init(price: Price, size: Quantity) {
        self.price = price
        self.size = size
    }
}

/// A signed change to the resting size at (`side`, `price`), as in an `orderbook_delta` frame.
/// NO-side prices are NO-leg prices (the feed's default `use_yes_price: false`).
public struct BookDelta: Hashable, Sendable {
    public var side: OutcomeSide
    public var price: Price
    public var delta: Quantity

    public init(side: OutcomeSide, price: Price, delta: Quantity) {
        self.side = side
        self.price = price
        self.delta = delta
    }
}
