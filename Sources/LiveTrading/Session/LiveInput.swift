import KalshiClient
import SignalFeeds
import TradingEngine
import UnixSignals

/// Everything the live session's single writer consumes, in one ordered stream.
enum LiveInput: Sendable {
    case feed(KalshiFeedClient.Event)
    case signal(SignalEvent)
    /// The session clock (every 200 ms): timers, kill-switch file, terminal exit, status line.
    case tick
    case answer(VenueAnswer)
    case account(ExchangeAccountView, trigger: String)
    case accountFailed(String, trigger: String)
    case operatorSignal(UnixSignal)
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
