import KalshiCore
import Storage
import TradingSession
import TradingEngine

/// What the live core asks its runner to do, in order. The order is the contract: a step's
/// `.journal` comes before its `.send`s, and a runner that cannot complete a `.journal` must
/// not perform anything after it (the session then ends with the journal's error).
public enum LiveAction: Sendable {
    /// Append these records to the session's journal in one transaction.
    case journal([JournalRecord])
    /// Send one request to the exchange; its answer comes back as `.answer`.
    case send(LiveRequest)
    /// Read the account for a reconciliation; the result comes back as `.account` or `.accountFailed`.
    case readAccount(tickers: [String], fetchStartedMs: Int64, trigger: String)
    /// The engine's records: to the session's logs and the console.
    case log([EngineRecord])
    /// One line for the operator.
    case console(String)
    /// The session's summary (written at the end).
    case summary(SessionSummary)
    /// Mark the journal's run finished (the last action of a session).
    case endRun(reason: String)
    /// Read whether the exchange is trading (`GET /exchange/status`); answered by
    /// `.exchangeStatus` or `.exchangeStatusFailed`.
    case readExchangeStatus
    /// Ask the feed for fresh snapshots of these books (trading resumed after a pause).
    case refreshBooks([String])
    /// The market's price grid changed: the feed's book is rebuilt on it and snapshotted afresh.
    case regrid(ticker: String, PriceGrid)
    /// Lets the exchange take the session's orders again after it triggered their group.
    case resetOrderGroup(String)
    /// The order group is gone at the exchange: orders no longer name it.
    case dropOrderGroup
    /// Look for the event that closes first after this time (a rolling session); the markets come
    /// back as `.nextEvent`, or `.nextEventFailed`.
    case discoverNextEvent(afterCloseMs: Int64)
    /// Follow these markets on the feed (books and trades) and address their orders to their shard.
    case followMarkets([MarketMetadata])
    /// Stop following these markets: their event is over (settled, flat, nothing resting).
    case retireMarkets([String])
    /// Read the maintenance windows (`GET /exchange/schedule`); answered by `.exchangeSchedule`
    /// or `.exchangeScheduleFailed`.
    case readExchangeSchedule
    /// Read an event's fees (its series' under its override); answered by `.eventFees` or
    /// `.eventFeesFailed` with the same `read` number.
    case readEventFees(eventTicker: String, read: Int)
}

/// One REST request of the order API.
public enum LiveRequest: Sendable, Equatable {
    case create(OrderSpec)
    case createBatch([OrderSpec])
    case cancel(OrderTarget)
    case cancelBatch([OrderTarget])
    case amend(OrderTarget, side: BookSide, price: Price, totalCount: Quantity)
    /// Shrinks a resting order in place (`reduce_to`), keeping its queue priority.
    case decrease(OrderTarget, reduceTo: Quantity)

    /// Every order the request is about.
    public var clientOrderIds: [String] {
        switch self {
        case .create(let spec): [spec.clientOrderId]
        case .createBatch(let specs): specs.map(\.clientOrderId)
        case .cancel(let target), .amend(let target, _, _, _), .decrease(let target, _): [target.clientOrderId]
        case .cancelBatch(let targets): targets.map(\.clientOrderId)
        }
    }
}

/// An order the exchange knows, addressed by its exchange id.
public struct OrderTarget: Sendable, Equatable {
    public var clientOrderId: String
    public var orderId: String
    public var ticker: String

    public init(clientOrderId: String, orderId: String, ticker: String) {
        self.clientOrderId = clientOrderId
        self.orderId = orderId
        self.ticker = ticker
    }
}
