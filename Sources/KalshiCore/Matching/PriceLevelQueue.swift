/// The orders resting at one price on one side, oldest first, with their total size.
///
/// Ids rather than orders are queued so that an order's state lives in one place (the engine's
/// table). A level holds few orders in practice, so plain array operations are fast enough and
/// keep the FIFO order obvious.
struct PriceLevelQueue: Hashable, Sendable {
    let price: Price
    private(set) var orderIds: [String] = []
    /// Σ remaining count of the queued orders, in 1/100 contract.
    private(set) var totalUnits: Int64 = 0

    init(price: Price) {
        self.price = price
    }

    var isEmpty: Bool { orderIds.isEmpty }
    var front: String? { orderIds.first }

    mutating func append(_ orderId: String, units: Int64) {
        orderIds.append(orderId)
        totalUnits += units
    }

    /// Removes an order wherever it sits, taking its remaining `units` off the total.
    mutating func remove(_ orderId: String, units: Int64) {
        guard let index = orderIds.firstIndex(of: orderId) else {
            preconditionFailure("order \(orderId) is not queued at \(price)")
        }
        orderIds.remove(at: index)
        totalUnits -= units
    }

    /// Shrinks an order in place (a fill or a decrease): it keeps its place in the queue.
    mutating func reduce(units: Int64) {
        totalUnits -= units
    }
}
