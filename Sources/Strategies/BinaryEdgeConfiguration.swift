import KalshiCore

/// Parameters of the binary-option edge strategy (the `strategy` section of the config).
public struct BinaryEdgeConfiguration: Sendable, Equatable, Codable {
    public enum StrikeSelection: String, Sendable, Codable, CaseIterable {
        /// The `nearestStrikes` threshold strikes closest to the spot.
        case nearest
        /// Every market of the event.
        case all
    }

    /// How the edge is traded.
    public enum OrderStyle: String, Sendable, Codable, CaseIterable {
        /// Take the book: an immediate-or-cancel order at the touch when fair value beats it by
        /// the minimum edge plus the taker fee.
        case take
        /// Join the book: a post-only order resting at the best bid (buy) or best ask (sell)
        /// when fair value beats that price by the minimum edge plus the maker fee; pulled when
        /// the edge is gone, moved when the touch moves, canceled after `orderTimeoutSeconds`.
        /// Its fills depend on the queue, which is what the simulated queue models differ on.
        case make
    }

    /// How a market's fair value is computed.
    public enum PricingModel: String, Sendable, Codable, CaseIterable {
        /// N(d2) on spot at the close: the price of a contract settled on one index print.
        case blackScholes = "black_scholes"
        /// The contract as Kalshi settles it: on the average of the sixty one-second index values
        /// before the close (`SettlementAverageBinary`), with the values already published inside
        /// that minute known. Better calibrated on the recorded KXBTCD hour (README, "Pricing").
        case settlementAverage = "settlement_average"
    }

    /// Contracts per order.
    public var tradeSize: Quantity
    /// Required edge per contract beyond the taker fee, in dollars.
    public var minimumEdge: Money
    public var strikes: StrikeSelection
    public var nearestStrikes: Int
    /// Minimum time between two orders in the same market (engine time).
    public var cooldownSeconds: Double
    /// Resting orders older than this are canceled before re-quoting.
    public var orderTimeoutSeconds: Double
    /// Continuously compounded rate for the model.
    public var rate: Double
    public var orderStyle: OrderStyle
    public var model: PricingModel

    public init(
        tradeSize: Quantity = Quantity(contracts: 5), minimumEdge: Money = Money(cents: 3), strikes: StrikeSelection = .nearest,
        nearestStrikes: Int = 3, cooldownSeconds: Double = 2, orderTimeoutSeconds: Double = 10, rate: Double = 0,
        orderStyle: OrderStyle = .take, model: PricingModel = .settlementAverage
    ) {
        self.tradeSize = tradeSize
        self.minimumEdge = minimumEdge
        self.strikes = strikes
        self.nearestStrikes = nearestStrikes
        self.cooldownSeconds = cooldownSeconds
        self.orderTimeoutSeconds = orderTimeoutSeconds
        self.rate = rate
        self.orderStyle = orderStyle
        self.model = model
    }

    enum CodingKeys: String, CodingKey {
        case tradeSize = "trade_size"
        case minimumEdge = "minimum_edge"
        case strikes
        case nearestStrikes = "nearest_strikes"
        case cooldownSeconds = "cooldown_seconds"
        case orderTimeoutSeconds = "order_timeout_seconds"
        case rate
        case orderStyle = "order_style"
        case model
    }
}
