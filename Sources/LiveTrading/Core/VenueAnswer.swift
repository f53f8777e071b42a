import KalshiCore
import TradingEngine

/// What the exchange said about one order after one of our requests.
public enum OrderOutcome: Sendable, Equatable {
    /// The order's absolute state after the request. `settled`: read after the request was
    /// answered, so nothing of ours about it was in flight.
    case view(String, ExchangeOrderView, settled: Bool)
    /// An amend took effect.
    case amended(String, price: Price, totalCount: Quantity)
    /// The exchange refused the request; it had no effect.
    case refused(String, code: String)
    /// The request's outcome is unknown (no answer, or an answer that does not say).
    case inDoubt(String, reason: String)
    /// A cancel whose outcome is unknown: the order stays pending cancel until a reconciliation.
    case cancelInDoubt(String, reason: String)

    public var clientOrderId: String {
        switch self {
        case .view(let id, _, _), .amended(let id, _, _), .refused(let id, _), .inDoubt(let id, _), .cancelInDoubt(let id, _): id
        }
    }
}

/// The answer to one request (which may have been a batch), back on the session's input stream.
public struct VenueAnswer: Sendable, Equatable {
    public enum Request: String, Sendable {
        case create, batchCreate = "batch_create", cancel, batchCancel = "batch_cancel", amend, decrease
    }

    public var request: Request
    /// Every order the request was about (their in-flight counts end here).
    public var clientOrderIds: [String]
    public var outcomes: [OrderOutcome]

    public init(request: Request, clientOrderIds: [String], outcomes: [OrderOutcome]) {
        self.request = request
        self.clientOrderIds = clientOrderIds
        self.outcomes = outcomes
    }
}
