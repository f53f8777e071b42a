import SignalFeeds
import KalshiAPI
import KalshiCore
import Strategies
import TradingEngine

/// `kalshi-trader live`'s configuration (YAML, see `config/live.yaml`). Every section is
/// documented there; the risk section uses the original system's parameter names and is
/// required: live trading never runs on default limits.
public struct LiveConfiguration: Sendable, Equatable {
    public struct Key: Sendable, Equatable {
        public var id: String?
        public var file: String?
    }

    public struct Markets: Sendable, Equatable {
        public enum Strikes: String, Sendable, Equatable, CaseIterable {
            /// The strike(s) nearest the spot of the current hourly threshold event.
            case nearest
            /// Every strike of the current hourly threshold event.
            case every
        }

        public var asset = "ETH"
        public var strikes = Strikes.nearest
        public var nearestCount = 1
        /// An explicit market instead of the asset's hourly event.
        public var ticker: String?
        /// Move on to the asset's next hourly event before each close, until `--runtime` (an
        /// explicit `ticker` never rolls); false: trade one event and stop once it settles.
        public var roll = true

        /// Whether the session follows event after event.
        public var rolls: Bool { roll && ticker == nil }
    }

    public struct Journal: Sendable, Equatable {
        /// A file path (SQLite) or a `postgresql://` URL; nil = `<logs>/journal.sqlite`.
        public var location: String?
        /// The session's name inside the journal: a restart with the same name resumes it.
        public var session = "default"
    }

    public struct Operations: Sendable, Equatable {
        /// Cancel resting orders on SIGINT/SIGTERM (and at `--runtime`).
        public var cancelOnExit = true
        public var orphanOrders = OrphanPolicy.cancel
        /// Its presence engages the kill switch; nil = `<logs>/KILL`.
        public var killSwitchFile: String?
        public var statusIntervalSeconds: Double = 5
        /// How long a stop (SIGINT/SIGTERM, `--runtime`) may take to cancel resting orders and
        /// hear back before the process exits anyway (monotonic clock).
        public var shutdownTimeoutSeconds: Double = 15
        public var requestTimeoutSeconds: Int64 = 10
        /// How long to wait after the close for the settlement before ending the session.
        public var settlementWaitSeconds: Double = 900
        /// The account's API usage tier (rate limits): basic, advanced, expert, premier, …
        public var rateLimitTier = RateLimitTier.basic
        /// Folder of the session's logs and default journal.
        public var logs = "logs/live"
        /// Opt-in: at start, when the traded markets' shard holds less than `minimum_balance`,
        /// move cash to it from the account's other shards, at most this much (nil: never move).
        public var autoTransferMax: Money?
        /// Orders are placed over a kept connection of their own when it is open (the shared
        /// HTTP client otherwise; `false`: always the HTTP client). See `OrderConnection`.
        public var orderConnection = true
    }

    public struct Signals: Sendable, Equatable {
        /// `auto` (the fake venue's feeds when the exchange is a custom URL, else Crypto.com),
        /// `production`, or a fake venue's root URL.
        public var endpoint = "auto"
        /// Price on Kalshi's settlement basis: the CF Benchmarks index of `cfbenchmarks_value`
        /// (needs an entitled key) while it ticks, else the spot venue's index.
        public var settlementIndex = true
        /// The spot the model prices on when the settlement index is not ticking (and whose
        /// candles give the volatility): the composite of Crypto.com and Coinbase by default.
        public var venue = SpotVenue.composite
    }

    /// A spot source for the model: one venue, or the median of both.
    public enum SpotVenue: String, Sendable, Equatable, CaseIterable {
        case cryptocom, coinbase, composite

        public var signalVenue: SignalVenue {
            switch self {
            case .cryptocom: .cryptoCom
            case .coinbase: .coinbase
            case .composite: .composite
            }
        }
    }

    /// `prod`, `demo`, or a base URL (e.g. `http://127.0.0.1:8080` for `kalshi-trader fake-venue`).
    public var environment = "prod"
    public var key = Key()
    public var markets = Markets()
    public var risk: RiskLimits
    public var strategy = BinaryEdgeConfiguration()
    public var journal = Journal()
    public var operations = Operations()
    public var signals = Signals()

    public init(risk: RiskLimits) { self.risk = risk }

    /// The strategy's parameters as the engine runs them: the market selection decides which
    /// strikes it trades, and `minimum_edge` comes from the risk section.
    public var strategyConfiguration: BinaryEdgeConfiguration {
        var configuration = strategy
        configuration.minimumEdge = risk.minimumEdge
        if markets.ticker != nil {
            configuration.strikes = .all
        } else {
            configuration.strikes = markets.strikes == .every ? .all : .nearest
            configuration.nearestStrikes = markets.nearestCount
        }
        return configuration
    }

    public var journalLocation: String { journal.location ?? operations.logs + "/journal.sqlite" }
    public var killSwitchPath: String { operations.killSwitchFile ?? operations.logs + "/KILL" }
}
