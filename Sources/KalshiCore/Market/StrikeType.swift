/// How a market's strike decides the outcome (`strike_type` on the market object).
public enum StrikeType: String, Sendable, Hashable, CaseIterable {
    case greater
    case greaterOrEqual = "greater_or_equal"
    case less
    case lessOrEqual = "less_or_equal"
    case between
    case functional
    case custom
    case structured
}
