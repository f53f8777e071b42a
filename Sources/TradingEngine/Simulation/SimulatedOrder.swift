import KalshiCore

/// One of our orders resting in the simulated exchange, with its place in the queue.
struct SimulatedOrder: Sendable {
    var spec: OrderSpec
    let orderId: String
    var remaining: Quantity
    /// Displayed size (1/100 contract) ahead of us at our price.
    var queueAhead: Int64
    /// Traded volume at our price not yet matched by the feed's size decrease for it, so a trade
    /// and the delta reporting it do not advance the queue twice.
    var tradeCredit: Int64 = 0
}
