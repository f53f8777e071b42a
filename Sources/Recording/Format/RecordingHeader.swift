import Foundation

/// The JSON object at the start of every recording: what made it and what a replay needs to
/// rebuild the sessions that consumed its raw records. No wall-clock time: converting the same
/// inputs twice gives the same bytes.
public struct RecordingHeader: Codable, Sendable, Equatable {
    public static let formatName = "kalshi-trader-recording"
    public static let currentVersion = 1

    /// A Kalshi WebSocket subscription the recording session made (raw Kalshi frames replay
    /// through a session with the same subscriptions, so command ids and `sid`s line up).
    public struct Subscription: Codable, Sendable, Equatable {
        public var channels: [String]
        public var marketTickers: [String]

        public init(channels: [String], marketTickers: [String]) {
            self.channels = channels
            self.marketTickers = marketTickers
        }

        enum CodingKeys: String, CodingKey {
            case channels
            case marketTickers = "market_tickers"
        }
    }

    /// A signal session whose raw inputs the recording holds, with the settings it ran with
    /// (a replay's session must judge staleness and build volatility the same way).
    public struct SignalSession: Codable, Sendable, Equatable {
        public var source: String
        public var asset: String
        public var stalenessMs: Int64?
        /// `VolatilityEstimator` raw value, window in bars, bar interval (`5m`).
        public var volatilityEstimator: String?
        public var volatilityWindow: Int?
        public var volatilityInterval: String?

        public init(
            source: String, asset: String, stalenessMs: Int64? = nil, volatilityEstimator: String? = nil,
            volatilityWindow: Int? = nil,
            volatilityInterval: String? = nil
        ) {
            self.source = source
            self.asset = asset
            self.stalenessMs = stalenessMs
            self.volatilityEstimator = volatilityEstimator
            self.volatilityWindow = volatilityWindow
            self.volatilityInterval = volatilityInterval
        }

        enum CodingKeys: String, CodingKey {
            case source, asset
            case stalenessMs = "staleness_ms"
            case volatilityEstimator = "volatility_estimator"
            case volatilityWindow = "volatility_window"
            case volatilityInterval = "volatility_interval"
        }
    }

    public enum Timers: String, Codable, Sendable {
        /// The recording holds the recording session's own timer ticks.
        case recorded
        /// None recorded: a replay ticks every `timerIntervalMs` of recording time.
        case synthesized
    }

    public var format = RecordingHeader.formatName
    public var version = RecordingHeader.currentVersion
    /// `record`, `convert` or `synthetic`.
    public var producer: String
    /// Where the data came from (input file names, venue URL), for people.
    public var source: String
    public var timers: Timers
    public var timerIntervalMs: Int64
    public var kalshiSubscriptions: [Subscription]
    public var signalSessions: [SignalSession]

    public init(
        producer: String, source: String, timers: Timers = .synthesized, timerIntervalMs: Int64 = 1_000,
        kalshiSubscriptions: [Subscription] = [], signalSessions: [SignalSession] = []
    ) {
        self.producer = producer
        self.source = source
        self.timers = timers
        self.timerIntervalMs = timerIntervalMs
        self.kalshiSubscriptions = kalshiSubscriptions
        self.signalSessions = signalSessions
    }

    enum CodingKeys: String, CodingKey {
        case format, version, producer, source, timers
        case timerIntervalMs = "timer_interval_ms"
        case kalshiSubscriptions = "kalshi_subscriptions"
        case signalSessions = "signal_sessions"
    }

    func encoded() -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Array(try! encoder.encode(self))
    }

    /// A replay synthesizes a timer every `timer_interval_ms` of recording time: 1 ms turns a tiny
    /// file into millions of events. Same range as the configuration's staleness.
    static let timerIntervalRange: ClosedRange<Int64> = 100...3_600_000
    static let stalenessRange: ClosedRange<Int64> = 100...3_600_000
    static let volatilityWindowRange: ClosedRange<Int> = 2...10_000

    static func decode(_ bytes: [UInt8]) throws(RecordingError) -> RecordingHeader {
        let header = try decodeJSON(bytes)
        try header.validate()
        return header
    }

    /// The numbers a replay computes with are checked like every other number from outside.
    func validate() throws(RecordingError) {
        guard timerIntervalMs == 0 || Self.timerIntervalRange.contains(timerIntervalMs) else {
            throw .invalidHeader(
                field: CodingKeys.timerIntervalMs.rawValue,
                reason: "is \(timerIntervalMs); expected 0 or \(Self.timerIntervalRange)")
        }
        for (index, session) in signalSessions.enumerated() {
            let path = "\(CodingKeys.signalSessions.rawValue)[\(index)]"
            if let staleness = session.stalenessMs, !Self.stalenessRange.contains(staleness) {
                throw .invalidHeader(field: "\(path).staleness_ms", reason: "is \(staleness); expected \(Self.stalenessRange)")
            }
            if let window = session.volatilityWindow, !Self.volatilityWindowRange.contains(window) {
                throw .invalidHeader(
                    field: "\(path).volatility_window", reason: "is \(window); expected \(Self.volatilityWindowRange)")
            }
        }
    }

    private static func decodeJSON(_ bytes: [UInt8]) throws(RecordingError) -> RecordingHeader {
        do {
            return try JSONDecoder().decode(RecordingHeader.self, from: Data(bytes))
        } catch DecodingError.keyNotFound(let key, _) {
            throw .invalidHeader(field: key.stringValue, reason: "is missing")
        } catch DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context) {
            throw .invalidHeader(
                field: context.codingPath.map(\.stringValue).joined(separator: "."), reason: "has the wrong type")
        } catch DecodingError.dataCorrupted(let context) {
            throw .invalidHeader(
                field: context.codingPath.map(\.stringValue).joined(separator: "."), reason: context.debugDescription)
        } catch {
            throw .invalidHeader(field: "", reason: "\(error)")
        }
    }
}
