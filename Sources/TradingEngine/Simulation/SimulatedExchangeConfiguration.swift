/// How the simulated exchange fills our orders.
public struct SimulatedExchangeConfiguration: Sendable, Equatable {
    public enum QueueModel: String, Sendable, Equatable, CaseIterable {
        /// Behind all displayed size at our price; trades at our price advance us, and
        /// cancellations are assumed to come from behind us: we move up only when the level
        /// shrinks below what was ahead of us (a risk-averse queue, the fewest passive fills).
        case conservative
        /// Like conservative, but a size decrease at our price is a cancellation from a random
        /// spot in the queue: it advances us in proportion to the share of the queue ahead of us.
        case probabilistic
    }

    /// Time from our decision until the order reaches the exchange.
    public var entryLatencyMs: Int64
    /// Time from the exchange's action until we hear of it.
    public var acknowledgementLatencyMs: Int64
    public var queueModel: QueueModel
    /// Delay after the close before the market settles.
    public var settlementDelayMs: Int64
    public var seed: UInt64

    public init(
        entryLatencyMs: Int64 = 50, acknowledgementLatencyMs: Int64 = 50, queueModel: QueueModel = .conservative,
        settlementDelayMs: Int64 = 1_000, seed: UInt64 = 17
    ) {
        self.entryLatencyMs = entryLatencyMs
        self.acknowledgementLatencyMs = acknowledgementLatencyMs
        self.queueModel = queueModel
        self.settlementDelayMs = settlementDelayMs
        self.seed = seed
    }
}
