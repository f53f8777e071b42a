/// Why a fixed-point string (a Kalshi `*_dollars` or `*_fp` field, or a CLI argument) was refused.
/// Every case carries the offending text so the message can name it.
public enum FixedPointError: Error, Equatable, Sendable, CustomStringConvertible {
    case empty
    case notANumber(String)
    case tooManyDecimals(String, allowed: Int)
    case outOfRange(String, allowed: String)
    case negativeNotAllowed(String)

    public var description: String {
        switch self {
        case .empty:
            return "empty value where a fixed-point number was expected"
        case .notANumber(let text):
            return "'\(text)' is not a decimal number"
        case .tooManyDecimals(let text, let allowed):
            return "'\(text)' has more than \(allowed) decimal places"
        case .outOfRange(let text, let allowed):
            return "'\(text)' is out of range (allowed: \(allowed))"
        case .negativeNotAllowed(let text):
            return "'\(text)' is negative where only non-negative values are allowed"
        }
    }
}
