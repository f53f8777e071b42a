/// Why the exchange refused a request, with Kalshi's error `code`, a short `message`, the
/// `details` naming the offending value, and the HTTP status the REST API answers with
/// (reference §4.9). Callers branch on the case or `code`, never on text.
public enum ExchangeError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Off the market's grid, or not strictly between 0 and 1 dollar.
    case invalidPrice(Price)
    /// Not positive, or fractional where the market trades whole contracts only.
    case invalidOrderSize(Quantity, reason: String)
    /// A post-only order (or amend of one) that would take liquidity.
    case postOnlyCross(side: BookSide, price: Price)
    /// The order exists but has finished, so it cannot be changed or canceled.
    case orderNotResting(orderId: String, status: ExchangeOrderStatus)
    /// Any other malformed request (for example an expiration with immediate-or-cancel).
    case invalidOrder(details: String)
    /// Available cash (balance − collateral held by resting orders) is below what the order
    /// could cost.
    case insufficientBalance(required: Money, available: Money)
    case orderNotFound(orderId: String)
    /// The owner already has a known order with this client order id.
    case orderAlreadyExists(clientOrderId: String)
    case marketClosed(ticker: String)
    case marketNotFound(ticker: String)
    /// Trading is paused (maintenance, or the market deactivated): cancels are allowed, placing
    /// and amending are not (reference §4.6). The code is the fake's: Kalshi's is not documented.
    case tradingPaused(ticker: String)

    public var code: String {
        switch self {
        case .invalidPrice: return "invalid_price"
        case .invalidOrderSize: return "invalid_order_size"
        case .postOnlyCross, .orderNotResting, .invalidOrder: return "invalid_order"
        case .insufficientBalance: return "insufficient_balance"
        case .orderNotFound: return "order_not_found"
        case .orderAlreadyExists: return "order_already_exists"
        case .marketClosed: return "market_closed"
        case .marketNotFound: return "market_not_found"
        case .tradingPaused: return "trading_paused"
        }
    }

    public var message: String {
        switch self {
        case .invalidPrice: return "invalid price"
        case .invalidOrderSize: return "invalid order size"
        case .postOnlyCross, .orderNotResting, .invalidOrder: return "invalid order"
        case .insufficientBalance: return "insufficient balance"
        case .orderNotFound: return "order not found"
        case .orderAlreadyExists: return "order already exists"
        case .marketClosed: return "market closed"
        case .marketNotFound: return "market not found"
        case .tradingPaused: return "trading is paused"
        }
    }

    public var details: String {
        switch self {
        case .invalidPrice(let price):
            return "price \(price) is not a tradable price on this market's grid"
        case .invalidOrderSize(let count, let reason):
            return "count \(count) \(reason)"
        case .postOnlyCross:
            // Kalshi's own text; clients match it.
            return "post only cross"
        case .orderNotResting(let orderId, let status):
            return "order \(orderId) is \(status.rawValue); only resting orders can be changed"
        case .invalidOrder(let details):
            return details
        case .insufficientBalance(let required, let available):
            return "order needs \(required) but only \(available) is available"
        case .orderNotFound(let orderId):
            return "order \(orderId) not found"
        case .orderAlreadyExists(let clientOrderId):
            return "an order with client_order_id \(clientOrderId) already exists"
        case .marketClosed(let ticker):
            return "market \(ticker) is closed"
        case .marketNotFound(let ticker):
            return "market \(ticker) not found"
        case .tradingPaused(let ticker):
            return "trading in \(ticker) is paused; cancels are accepted, new orders and amends are not"
        }
    }

    public var httpStatus: Int {
        switch self {
        case .invalidPrice, .invalidOrderSize, .postOnlyCross, .orderNotResting, .invalidOrder,
            .insufficientBalance:
            return 400
        case .orderNotFound, .marketNotFound: return 404
        case .orderAlreadyExists, .marketClosed, .tradingPaused: return 409
        }
    }

    public var description: String {
        switch self {
        case .postOnlyCross(let side, let price):
            return "\(code): post only cross (\(side.rawValue) at \(price) would take liquidity)"
        default:
            return "\(code): \(details)"
        }
    }
}
