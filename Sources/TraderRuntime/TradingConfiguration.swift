import KalshiCore
import Pricing
import Strategies
import TradingEngine

/// The demo's (and backtest's) configuration file: JSON with the sections below, every field
/// optional with the documented default (README, `config/demo.json`). The risk section uses the
/// original system's parameter names.
public struct TradingConfiguration: Sendable, Equatable {
    public struct Volatility: Sendable, Equatable {
        public var estimator: VolatilityEstimator = .rogersSatchell
        public var window = 24
        public var interval = "5m"
    }

    public struct Execution: Sendable, Equatable {
        public var entryLatencyMs: Int64 = 50
        public var acknowledgementLatencyMs: Int64 = 50
        public var queueModel: SimulatedExchangeConfiguration.QueueModel = .conservative
    }

    public struct Signals: Sendable, Equatable {
        /// `cryptocom`, `coinbase` or `composite`.
        public var venue = "cryptocom"
        /// Seconds without a price before a source is stale.
        public var stalenessSeconds: Double = 5
    }

    public struct LiveData: Sendable, Equatable {
        /// `prod`, `demo` or a URL.
        public var environment = "prod"
        public var keyId: String?
        public var keyFile: String?
    }

    public var asset = "ETH"
    public var startingBalance = Money(cents: 100_000)
    /// Scenario seconds per wall second in the offline demo (75: the hour in 48 s, so that
    /// `--runtime 60` still covers the settlement).
    public var speed: Double = 75
    public var risk = RiskLimits()
    public var strategy = BinaryEdgeConfiguration()
    public var volatility = Volatility()
    public var execution = Execution()
    public var signals = Signals()
    public var liveData = LiveData()

    public init() {}

    /// The strategy's parameters with the risk section's `minimum_edge` (one value for both).
    public var strategyConfiguration: BinaryEdgeConfiguration {
        var configuration = strategy
        configuration.minimumEdge = risk.minimumEdge
        return configuration
    }

    public var simulatedExchange: SimulatedExchangeConfiguration {
        SimulatedExchangeConfiguration(
            entryLatencyMs: execution.entryLatencyMs, acknowledgementLatencyMs: execution.acknowledgementLatencyMs,
            queueModel: execution.queueModel)
    }
}
