import TradingEngine

/// One fill model: a queue model and the latencies of the simulated exchange.
public struct ExecutionVariant: Sendable, Equatable {
    public var queueModel: SimulatedExchangeConfiguration.QueueModel
    /// Order entry latency (decision → exchange), ms.
    public var entryLatencyMs: Int64
    /// Acknowledgement latency (exchange → us), ms.
    public var acknowledgementLatencyMs: Int64

    public init(queueModel: SimulatedExchangeConfiguration.QueueModel, entryLatencyMs: Int64, acknowledgementLatencyMs: Int64) {
        self.queueModel = queueModel
        self.entryLatencyMs = entryLatencyMs
        self.acknowledgementLatencyMs = acknowledgementLatencyMs
    }

    public var label: String {
        entryLatencyMs == acknowledgementLatencyMs
            ? "\(queueModel.rawValue), \(entryLatencyMs) ms"
            : "\(queueModel.rawValue), \(entryLatencyMs)+\(acknowledgementLatencyMs) ms"
    }

    func exchange(_ base: SimulatedExchangeConfiguration) -> SimulatedExchangeConfiguration {
        var configuration = base
        configuration.queueModel = queueModel
        configuration.entryLatencyMs = entryLatencyMs
        configuration.acknowledgementLatencyMs = acknowledgementLatencyMs
        return configuration
    }
}
