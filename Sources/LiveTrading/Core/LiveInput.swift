import KalshiAPI
import KalshiClient
import KalshiCore
import SignalFeeds
import TradingEngine
import UnixSignals

/// Everything the live core consumes, in one ordered stream. Inputs carry what the core would
/// otherwise have to look up itself (the kill-switch file, a stop request), so that the core
/// does no I/O and a simulation can drive it.
public enum LiveInput: Sendable {
    /// Market data and connection state from the Kalshi feed (its fills and order updates come
    /// as `.fill` and `.orderUpdate`).
    case feed(KalshiFeedClient.Event)
    /// One of our fills, from the `fill` channel.
    case fill(ExchangeFillView)
    /// One of our orders' absolute state, from the `user_orders` channel.
    case orderUpdate(ExchangeOrderView)
    case signal(SignalEvent)
    /// The session clock (every 200 ms): timers, the kill-switch file, terminal exits, the end
    /// of the session, reconciliations due, the status line.
    case tick(LiveSurroundings)
    case answer(VenueAnswer)
    case account(ExchangeAccountView, trigger: String)
    case accountFailed(String, trigger: String)
    case operatorSignal(UnixSignal, LiveSurroundings)
    /// Whether the exchange lets the session's shard trade (`GET /exchange/status`), in words.
    case exchangeStatus(tradingActive: Bool, detail: String)
    case exchangeStatusFailed(String)
    /// The markets of the event after the latest one the session follows (`.discoverNextEvent`);
    /// empty when the exchange does not list it yet.
    case nextEvent([MarketMetadata])
    /// Looking for the next event failed (the exchange did not answer, or answered nonsense).
    case nextEventFailed(String)
    /// `GET /exchange/schedule`'s maintenance windows (answers `.readExchangeSchedule`).
    case exchangeSchedule([MaintenanceWindow])
    case exchangeScheduleFailed(String)
    /// An event's fees as the exchange now has them (answers `.readEventFees`).
    case eventFees(eventTicker: String, read: Int, FeeSchedule)
    case eventFeesFailed(eventTicker: String, read: Int, String)
}

/// What the runner observed outside the process for the core at a tick.
public struct LiveSurroundings: Sendable, Equatable {
    /// The kill-switch file exists.
    public var killSwitchFilePresent: Bool
    /// The embedding program asked the session to stop (`LiveStopRequest`).
    public var stopRequested: Bool

    public init(killSwitchFilePresent: Bool = false, stopRequested: Bool = false) {
        self.killSwitchFilePresent = killSwitchFilePresent
        self.stopRequested = stopRequested
    }
}

/// How a live session ended.
public struct LiveOutcome: Sendable, Equatable {
    public var reason: String
    public var sessionName: String
    public var runId: Int64
    public var ordersSent: Int
    public var fills: Int
    public var corrections: Int
    public var reconciliations: Int
    /// Fill messages dropped because their trade id was already booked.
    public var duplicateFillsDropped: Int
    /// True when the session halted (risk or doubt) or ended without cancelling what it meant to.
    public var clean: Bool
}
