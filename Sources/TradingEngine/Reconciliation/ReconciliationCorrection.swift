import KalshiCore

/// One difference between the engine's books and the exchange's record, corrected to the
/// exchange's. Each case carries both sides so the log shows what was believed and what is true.
public enum ReconciliationCorrection: Sendable, Equatable, CustomStringConvertible {
    /// A resting order the engine did not know; `canceling` when the policy cancels it.
    case orphanAdopted(clientOrderId: String, orderId: String, ticker: String, canceling: Bool)
    case orphanIgnored(orderId: String, clientOrderId: String?, ticker: String)
    /// An order the engine had sent (or believed active) that the exchange does not have.
    case orderNotFound(clientOrderId: String, local: String)
    /// An order whose state differed.
    case orderState(clientOrderId: String, local: String, exchange: String)
    /// A fill of ours the engine had not booked.
    case missingFill(tradeId: String, clientOrderId: String, ticker: String, count: Quantity)
    case position(ticker: String, local: Quantity, exchange: Quantity)
    case cash(local: Money, exchange: Money)
    case settlement(ticker: String, result: OutcomeSide)

    public var kind: String {
        switch self {
        case .orphanAdopted: "orphan_adopted"
        case .orphanIgnored: "orphan_ignored"
        case .orderNotFound: "order_not_found"
        case .orderState: "order_state"
        case .missingFill: "missing_fill"
        case .position: "position"
        case .cash: "cash"
        case .settlement: "settlement"
        }
    }

    public var ticker: String? {
        switch self {
        case .orphanAdopted(_, _, let ticker, _), .orphanIgnored(_, _, let ticker), .missingFill(_, _, let ticker, _),
            .position(let ticker, _, _), .settlement(let ticker, _):
            ticker
        default: nil
        }
    }

    public var description: String {
        switch self {
        case .orphanAdopted(let cid, let orderId, let ticker, let canceling):
            "orphan order \(cid) (\(orderId)) on \(ticker): local none, exchange resting; adopted\(canceling ? " and canceled" : "")"
        case .orphanIgnored(let orderId, let cid, let ticker):
            "orphan order \(cid ?? "-") (\(orderId)) on \(ticker): local none, exchange resting; ignored by policy"
        case .orderNotFound(let cid, let local):
            "order \(cid): local \(local), exchange none"
        case .orderState(let cid, let local, let exchange):
            "order \(cid): local \(local), exchange \(exchange)"
        case .missingFill(let tradeId, let cid, let ticker, let count):
            "fill \(tradeId) of \(cid) on \(ticker) for \(count): local none, exchange booked"
        case .position(let ticker, let local, let exchange):
            "position \(ticker): local \(local), exchange \(exchange)"
        case .cash(let local, let exchange):
            "cash: local \(local), exchange \(exchange)"
        case .settlement(let ticker, let result):
            "settlement \(ticker): local none, exchange \(result.rawValue)"
        }
    }
}
