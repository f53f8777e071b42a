import KalshiCore

/// What the taker rule makes of one fair value against the book's touch (`TakerTouch.decide`):
/// buy at the ask when fair − ask beats the minimum after the taker fee, else sell at the bid
/// when bid − fair does. Each edge's fee is only computed when the raw edge already beats the minimum (fees ≥ 0).
/// Floating-point subtraction is monotone, so buying is monotone rising in the fair value and
/// selling monotone falling: two values that decide the same way decide every value between.
struct TakerDecision {
    enum Way: Equatable { case buy, sell, none }

    let way: Way
    let buyEdge: Double?
    let sellEdge: Double?

    /// The edge a decision that neither buys nor sells records.
    var largestEdge: Double { max(buyEdge ?? -1, sellEdge ?? -1) }

    /// For an untradable book: no way and no edges (nothing is traded or recorded).
    static let untradable = TakerDecision(way: .none, buyEdge: nil, sellEdge: nil)

    init(way: Way, buyEdge: Double?, sellEdge: Double?) {
        self.way = way
        self.buyEdge = buyEdge
        self.sellEdge = sellEdge
    }
}

/// The book's side of `TakerDecision`, for deciding several fair values against one touch (a
/// valuation's bounds, then perhaps its value): each side's price as a probability is worked
/// out once, and each side's fee at most once, when an edge first needs it.
struct TakerTouch {
    let minimum: Double
    private let fees: FeeSchedule
    private let bid: Price?
    private let ask: Price?
    private let bidProbability: Double
    private let askProbability: Double
    private var bidFee: Double?
    private var askFee: Double?

    init(bid: BookLevel?, ask: BookLevel?, fees: FeeSchedule, minimum: Double) {
        self.minimum = minimum
        self.fees = fees
        self.bid = bid?.price
        self.ask = ask?.price
        bidProbability = bid?.price.probability ?? 0
        askProbability = ask?.price.probability ?? 0
    }

    /// The taker rule for one fair value (see `TakerDecision`).
    @inline(__always)
    mutating func decide(fair: Double) -> TakerDecision {
        var buyEdge: Double?
        if let ask {
            let raw = fair - askProbability
            buyEdge = raw > minimum ? raw - fee(&askFee, ask) : raw
        }
        var sellEdge: Double?
        if let bid {
            let raw = bidProbability - fair
            sellEdge = raw > minimum ? raw - fee(&bidFee, bid) : raw
        }
        let way: TakerDecision.Way =
            if let buyEdge, buyEdge > minimum { .buy } else if let sellEdge, sellEdge > minimum { .sell } else { .none }
        return TakerDecision(way: way, buyEdge: buyEdge, sellEdge: sellEdge)
    }

    private func fee(_ memo: inout Double?, _ price: Price) -> Double {
        if let known = memo { return known }
        let fee = Double(fees.tradeFee(price: price, count: Quantity(contracts: 1), role: .taker).micros) / 1e6
        memo = fee
        return fee
    }
}
