import KalshiCore
import Pricing

/// A market's fair YES probability before the normal CDF is taken: the strike rule applied to
/// one or two binaries. `value` is the probability (exactly what `BinaryEdgeStrategy.fairValue`
/// returns); `bounds` is an interval containing it, from Φ's table, for a caller that only needs
/// to know which side of a threshold the value lies on.
enum FairValue: Equatable {
    /// YES above the strike (`greater`, `greaterOrEqual`).
    case above(BinaryProbability)
    /// YES below the strike (`less`, `lessOrEqual`): 1 − P(above).
    case below(BinaryProbability)
    /// YES between the floor and the cap: P(above floor) − P(above cap), at least 0.
    case between(BinaryProbability, BinaryProbability)

    var value: Double {
        switch self {
        case .above(let probability): probability.value
        case .below(let probability): 1 - probability.value
        case .between(let low, let high): max(0, low.value - high.value)
        }
    }

    /// Floating-point subtraction and `max` are monotone, so the rule applied to the ends of
    /// its inputs' bounds bounds its value.
    var bounds: (lower: Double, upper: Double) {
        switch self {
        case .above(let probability):
            return probability.bounds
        case .below(let probability):
            let bounds = probability.bounds
            return (1 - bounds.upper, 1 - bounds.lower)
        case .between(let low, let high):
            let low = low.bounds
            let high = high.bounds
            return (max(0, low.lower - high.upper), max(0, low.upper - high.lower))
        }
    }

    /// The strike rule over `above`, the probability of finishing above a strike in dollars (nil
    /// when it cannot be valued); nil for a missing strike or a rule with no closed form.
    static func of(
        strikeType: StrikeType, floor: Money?, cap: Money?, above probabilityAbove: (Double) -> BinaryProbability?
    ) -> FairValue? {
        func above(_ strike: Money?) -> BinaryProbability? {
            guard let strike else { return nil }
            return probabilityAbove(Double(strike.micros) / 1e6)
        }
        switch strikeType {
        case .greater, .greaterOrEqual: return above(floor).map(FairValue.above)
        case .less, .lessOrEqual: return above(cap).map(FairValue.below)
        case .between:
            guard let low = above(floor), let high = above(cap) else { return nil }
            return .between(low, high)
        case .functional, .custom, .structured: return nil
        }
    }
}
