import KalshiCore

/// What the taker rule makes of one fair value against the book's touch: buy at the ask when
/// fair − ask beats the minimum after the taker fee, else sell at the bid when bid − fair does.
/// Each edge's fee is only computed when the raw edge already beats the minimum (fees ≥ 0).
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

    init(fair: Double, bid: BookLevel?, ask: BookLevel?, fees: FeeSchedule, minimum: Double) {
        let buyEdge = ask.map { level -> Double in
            let raw = fair - level.price.probability
            return raw > minimum ? raw - TakerDecision.feePerContract(fees, level.price) : raw
        }
        let sellEdge = bid.map { level -> Double in
            let raw = level.price.probability - fair
            return raw > minimum ? raw - TakerDecision.feePerContract(fees, level.price) : raw
        }
        let way: Way =
            if let buyEdge, buyEdge > minimum { .buy } else if let sellEdge, sellEdge > minimum { .sell } else { .none }
        self.init(way: way, buyEdge: buyEdge, sellEdge: sellEdge)
    }

    private static func feePerContract(_ fees: FeeSchedule, _ price: Price) -> Double {
        Double(fees.tradeFee(price: price, count: Quantity(contracts: 1), role: .taker).micros) / 1e6
    }
}
